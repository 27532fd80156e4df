"""``condescending-language``: talking down to the customer."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._tone import follows, hit_suggestion, whole_words
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

# "We obviously want you online" is about the brand, not the customer.
_SELF = {"we", "i", "us", "are", "am", "be", "was", "were"}


@register
class CondescendingLanguage(Rule):
    slug = "condescending-language"
    severity = Severity.WARNING
    message = "Talks down to the customer"
    phrase_lists = ("condescending",)
    triggers = ("condescending",)
    suggestion = "Leave it out and restate the point plainly, as if for the first time."
    docs = RuleDocs(
        what=(
            'Flags phrases that talk down to the customer: "obviously", "clearly you", "as I '
            'already said", "per my last message", "calm down", "with all due respect", "I '
            'don\'t know why you", "it\'s not rocket science", "works fine for everyone else".'
        ),
        why=(
            'The guidance names the attitude of staff among the softer factors that "have '
            'the most lasting impact on the customer relationship" (seed 004), and lists the '
            "language staff use with customers as the first customer-service no-no (seed 002). "
            "A customer who asks twice has usually read the first answer; telling them they "
            "missed the obvious adds insult to the problem."
        ),
        seeds=("002", "004"),
        instead=(
            "Answer again as if for the first time and own the confusion: \"Sorry that didn't "
            'work, Priya. Leave the router off for a full 30 seconds this time, then..."'
        ),
        guidance="Mind the attitude: never talk down to a customer (seeds 002, 004).",
    )
    failing = (
        Example(
            "As I already said, you need to restart the router.",
            context="@Brand did that twice, still orange. What now?",
            flagged="As I already said",
        ),
        Example(
            "Calm down, please. Which browser are you using?",
            context="Export keeps failing with error 500. This is really frustrating!!",
            flagged="Calm down",
        ),
        Example(
            "With all due respect, the app works fine for everyone else.",
            flagged="With all due respect",
        ),
        Example(
            "Obviously the card won't work abroad until you turn on travel mode.",
            flagged="Obviously",
        ),
        Example(
            "Per my last message, the refund takes 5 days.",
            flagged="Per my last message",
        ),
        Example(
            "I don't know why you keep ringing the sales line for this.",
            flagged="I don't know why you",
        ),
    )
    passing = (
        Example(
            "Honestly, I don't know why your report is off yet. Send me a screenshot and I'll "
            "compare it with your invoices within the hour.",
            note='"why your report" is the agent admitting they do not know yet',
        ),
        Example("We obviously want you back online tonight: an engineer is booked for 6pm."),
        Example(
            "Sorry that didn't work! Leave the router off for a full 30 seconds this time, "
            "then switch it back on."
        ),
        Example("To see it clearly, zoom in on the bill with two fingers."),
        Example("Thanks for your patience with us, Ana, your new card is on its way."),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        for m in ctx.hits("condescending"):
            first = ctx.doc[m.token_start].norm_
            if first == "obviously" and follows(ctx, m, _SELF):
                continue
            yield Finding(*whole_words(ctx, m), suggestion=hit_suggestion(m))
