"""``threatening-language``: threatening the customer with termination, charges,
penalties or legal action."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._tone import in_sentence, whole_words
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register


@register
class ThreateningLanguage(Rule):
    slug = "threatening-language"
    severity = Severity.ERROR
    message = "Threatens the customer with termination, charges or legal action"
    phrase_lists = ("threat", "sanction", "threat-condition")
    triggers = ("threat", "sanction")
    suggestion = (
        "State the policy and the customer's options calmly; leave sanctions and legal "
        "matters to a private, formal channel."
    )
    docs = RuleDocs(
        what=(
            'Flags threats: "we may terminate your service", "we\'ll bill every MB", "our '
            'legal team will be in touch", "we will take legal action", "or you\'ll be '
            'charged". A plain sanction ("we will suspend your line", "your account will be '
            'blocked") counts only when it hangs on what the customer does: "if you keep '
            'tethering", "unless you", "any further misuse". Offers ("we can suspend your '
            'line while you\'re away") and facts ("there\'s no early termination fee") pass.'
        ),
        why=(
            "The guidance recalls AT&T answering customers who had found a tethering "
            'work-around by "threatening customers with enormous data bills", and quotes the '
            'headline "AT&T & O2 Might Terminate Your Service if You Tether with an iPhone" '
            "(seed 000). A threat in a public reply turns a support question into a "
            'reputation problem: "Hell hath no fury like a customer scorned on social media" '
            "(seed 003)."
        ),
        seeds=("000", "003"),
        instead=(
            "Explain the rule and the way forward: \"Tethering isn't part of your plan yet — "
            "you can add it for $10/month in the app, and we'll switch it on right away.\""
        ),
        guidance="Never threaten customers with bills, termination or lawyers (seed 000).",
    )
    failing = (
        Example(
            "Keep using that app and we'll bill every MB at pay-per-use rates.",
            flagged="we'll bill every MB",
        ),
        Example(
            "Remove this post or our legal team will be in touch.",
            flagged="our legal team will be in touch",
        ),
        Example(
            "Tethering breaks our terms and we may terminate your service.",
            flagged="we may terminate your service",
        ),
        Example(
            "If you keep posting this, we will suspend your account.",
            flagged="we will suspend your account",
        ),
    )
    passing = (
        Example(
            "Hi Omar, there's no early termination fee after 12 months, so you can cancel any "
            "time with 30 days' notice."
        ),
        Example("We can suspend your line right away so nobody can use the stolen phone."),
        Example("We've refunded the extra £38 today; it'll be back in 3-5 working days."),
        Example("We will not charge you for the missed engineer visit, sorry Tess."),
        Example("Tethering is included in your plan: up to 15GB each month at no extra charge."),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        for m in ctx.hits("threat"):
            yield Finding(*whole_words(ctx, m))
        conditions = ctx.hits("threat-condition")
        for m in ctx.hits("sanction"):
            if conditions and in_sentence(ctx, m, conditions):
                yield Finding(*whole_words(ctx, m))
