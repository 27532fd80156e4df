"""``generic-salutation``: "Dear customer" when the customer's name is known."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .._lazy import lazy_regex
from ..models import Fix, Severity
from ._tone import customer_name
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

# Only @handles, spaces and punctuation may come before the salutation.
_LEAD = lazy_regex(r"^(?:\s|@\w+|[^\w\s])*$")
_GENERIC_NOUN = lazy_regex(
    r"(?:(?:valued|esteemed|loyal|respected)\s+)?"
    r"(?:customers?|clients?|members?|users?|subscribers?|guests?|passengers?|patrons?|shoppers?"
    r"|account\s+holder|sirs?(?:\s*(?:/|or)\s*madam)?|madame?(?:\s*(?:/|or)\s*sir)?)$",
    regex.I,
)


@register
class GenericSalutation(Rule):
    slug = "generic-salutation"
    severity = Severity.INFO
    message = "Opens with a generic salutation although the customer's name is known"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = ("salutation",)
    triggers = ("salutation",)
    suggestion = "Greet the customer by name or handle."
    docs = RuleDocs(
        what=(
            'Flags a draft that opens with "Dear customer", "Dear valued customer", "Dear '
            'Sir/Madam", "To whom it may concern" and the like when the conversation tells '
            "who the customer is (a name or handle on their messages). A broadcast or "
            "template with no conversation may stay generic."
        ),
        why=(
            '"Social media is all about personalization" (seed 003). The guidance contrasts a '
            'company that kept a "first name terms" relationship with one that missed it '
            "(seed 001): a form-letter opening tells the customer nobody looked at who wrote."
        ),
        seeds=("003", "001"),
        instead='Use the name they gave: "Dear Maria," or "Hi @ann,".',
        guidance="Personalise: greet the customer by name when you know it (seeds 003, 001).",
    )
    failing = (
        Example(
            "Dear Customer, we've corrected invoice INV-20931 to 9 seats.",
            context={
                "channel": "email",
                "brand": "CloudDesk",
                "messages": [
                    {
                        "role": "customer",
                        "author": "Maria Lopez",
                        "text": "We were charged for 12 seats but only have 9 users. Thanks, Maria",
                    }
                ],
            },
            flagged="Dear Customer",
        ),
        Example(
            "Dear valued customer, we apologise for the missed recording.",
            context="@Brand my recording didn't work last night",
            flagged="Dear valued customer",
        ),
        Example(
            "@ann Dear Sir/Madam, thank you for your message.",
            context="@Brand no signal in Leeds since 2pm",
            flagged="Dear Sir/Madam",
        ),
    )
    passing = (
        Example(
            "Dear customer, planned maintenance on your exchange runs 00:00-04:00 on 14 March.",
            note="a broadcast: nobody's name is known",
        ),
        Example("Dear Helen, we're sorry your flight was delayed.", context="Flight delayed 5h"),
        Example(
            "Thanks! Every customer on Fibre 500 gets the speed boost automatically.",
            context="@Brand do I get the speed boost?",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        hits = ctx.hits("salutation")
        if not hits:
            return
        first = hits[0]
        if not _LEAD.match(ctx.text[: first.start]):
            return
        name = customer_name(ctx)
        if name is None:
            return
        greeting = name if name.startswith("@") else name.split()[0]
        fix = None
        noun = _GENERIC_NOUN.search(ctx.text[first.start : first.end])
        if noun is not None and not name.startswith("@"):
            fix = Fix(start=first.start + noun.start(), end=first.end, replacement=greeting)
        yield Finding(
            first.start,
            first.end,
            suggestion=f'Greet them by name: "Dear {greeting}" or "Hi {greeting}".',
            fix=fix,
        )
