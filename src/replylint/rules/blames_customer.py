"""``blames-customer``: putting the fault on the customer."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._tone import follows, hit_suggestion, whole_words
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

# "If you forgot to ...", "in case you failed to ..." explain, they do not accuse.
_HYPOTHETICAL = {"if", "whether", "case", "when", "unless"}


@register
class BlamesCustomer(Rule):
    slug = "blames-customer"
    severity = Severity.ERROR
    message = "Puts the fault on the customer"
    phrase_lists = ("blame",)
    triggers = ("blame",)
    suggestion = (
        "Own the problem: say what went wrong on your side and what you are doing about it."
    )
    docs = RuleDocs(
        what=(
            'Flags drafts that pin the problem on the customer: "user error", "you failed to", '
            '"it\'s your fault", "you are the one who needs to fix", "you should have read the '
            'knowledge base", "the customer should read the changes", "not because of our '
            'network". "It\'s not your fault" and "if you forgot to ..." are fine.'
        ),
        why=(
            'The guidance is blunt: "If you have made a mistake in providing service to your '
            "customer, own up to it and do what you can quickly and truthfully to make up for "
            'it." Its cautionary tale is a company that moved customers to new IP addresses '
            'without warning and then said "the customer should read the changes in the '
            'knowledge base more regularly. (Ouch!)" (seed 002).'
        ),
        seeds=("002",),
        instead=(
            "Say what happened without blame and fix it: \"The carrier update didn't install "
            'on your phone. Go to Settings > General > About and accept it, and 5G will be back."'
        ),
        guidance="Own up to mistakes; never blame the customer (seed 002).",
    )
    failing = (
        Example(
            "The calls were garbled not because of our network. You are the one who needs to "
            "fix something.",
            flagged="not because of our",
        ),
        Example(
            "This is user error. Accept the carrier settings update and 5G will come back.",
            flagged="user error",
        ),
        Example(
            "You failed to install the update, so the app stopped working.",
            flagged="You failed to",
        ),
        Example(
            "The migration was announced on 28 August. The customer should read the changes "
            "in the knowledge base more regularly.",
            flagged="The customer should read",
        ),
        Example(
            "Honestly it's your own fault for skipping the update.", flagged="it's your own fault"
        ),
    )
    passing = (
        Example(
            "You didn't break anything, Hana, and it's not your fault: a payment glitch hit "
            "some accounts last night. It's fixed now."
        ),
        Example("If you forgot to pay last month, you can pay now in the app with no late fee."),
        Example(
            "You should have received a confirmation e-mail; if not, DM us and we'll resend it."
        ),
        Example("Sorry Mel, the fault was on our side and it's fixed now."),
        Example("Could you send us a screenshot of your error message?"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        for m in ctx.hits("blame"):
            if follows(ctx, m, _HYPOTHETICAL):
                continue
            yield Finding(*whole_words(ctx, m), suggestion=hit_suggestion(m))
