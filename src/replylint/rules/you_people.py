"""``you-people``: addressing the customer as "you people" and close variants."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Fix, Severity
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

# "your kind words", "your lot number": these phrases are only insults when nothing
# but a verb or the end of the clause follows them.
_AMBIGUOUS = {"your kind", "your lot", "you types"}
_VERBS_AFTER = {
    "are",
    "is",
    "always",
    "never",
    "do",
    "don't",
    "dont",
    "did",
    "should",
    "need",
    "needs",
    "can",
    "can't",
    "cant",
    "will",
    "won't",
    "who",
    "think",
    "expect",
    "keep",
    "just",
    "have",
    "seem",
    "want",
    "get",
    "complain",
    "complaining",
    "make",
}


@register
class YouPeople(Rule):
    slug = "you-people"
    severity = Severity.ERROR
    message = 'Addresses the customer as "you people" or a close variant'
    phrase_lists = ("you-people",)
    triggers = ("you-people",)
    suggestion = 'Address the customer directly as "you", or by name.'
    docs = RuleDocs(
        what=(
            'Flags drafts that address the customer as a group with contempt: "you people", '
            '"people like you", "your kind", "you lot" — also spelled "You  People", '
            '"you-people" or "u ppl".'
        ),
        why=(
            'The guidance calls "you people" the first customer-service no-no: it "denotes a '
            'rude individual on your company\'s team" and "connotes images of your staff '
            "member smacking gum with his feet propped on his desk, a metaphor of disgust for "
            'your customer" (seed 002). One such phrase undoes the rest of the reply.'
        ),
        seeds=("002",),
        instead='Speak to the one person in front of you: "you", their name or handle.',
        guidance='Never call customers "you people": it reads as contempt (seed 002).',
    )
    failing = (
        Example("You people need to fill the web form first.", flagged="You people"),
        Example("People like you always blame the app.", flagged="People like you"),
        Example("Honestly u ppl never read the FAQ.", flagged="u ppl"),
        Example("You  People should check the status page.", flagged="You  People"),
        Example("This is why your kind never gets a refund.", flagged="your kind"),
    )
    passing = (
        Example("You need to fill in the web form first, Dana, and we'll call you today."),
        Example("Thank you for your kind words, we'll pass them on!"),
        Example("Our people are on it: an engineer is booked for Tuesday 9-12."),
        Example("Hi {{first_name}}, people in your area are seeing the same outage."),
        Example("Thank you people for the patience during the outage!"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        doc = ctx.doc
        for m in ctx.hits("you-people"):
            words = " ".join(t.norm_ for t in doc[m.token_start : m.token_end] if not t.is_space)
            if words in _AMBIGUOUS and m.token_end < len(doc):
                after = doc[m.token_end]
                if after.is_alpha and after.norm_ not in _VERBS_AFTER:
                    continue
            if m.token_start > 0 and doc[m.token_start - 1].norm_ in {"thank", "thanks"}:
                continue
            fix = None
            if m.suggestion and words == "you people":
                original = ctx.text[m.start : m.end]
                replacement = m.suggestion
                if original[:1].isupper():
                    replacement = replacement[:1].upper() + replacement[1:]
                fix = Fix(start=m.start, end=m.end, replacement=replacement)
            yield Finding(
                m.start,
                m.end,
                suggestion=f'Write "{m.suggestion}" instead.' if m.suggestion else None,
                fix=fix,
            )
