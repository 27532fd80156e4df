"""``profanity``: swearing or slurs in the draft."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._tone import whole_words
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register


@register
class Profanity(Rule):
    slug = "profanity"
    severity = Severity.ERROR
    message = "Contains profanity or a slur"
    phrase_lists = ("profanity",)
    triggers = ("profanity",)
    suggestion = 'Remove it; say how you feel in plain words ("that\'s really frustrating").'
    docs = RuleDocs(
        what=(
            'Flags swear words, masked swear words ("f*ck", "sh*t") and slurs, matched as '
            'whole words: "Scunthorpe", "assess" and "class" never match. The word list is '
            "data (`data/phrases/profanity.txt`) and can be extended in the configuration."
        ),
        why=(
            'A rude individual on your team "connotes images of your staff member smacking '
            'gum with his feet propped on his desk" (seed 002), and the attitude of customer '
            'service staff is what has "the most lasting impact on the customer relationship" '
            '(seed 004). Even friendly swearing ("that\'s shit, sorry!") reads as '
            "unprofessional in a brand's public voice."
        ),
        seeds=("002", "004"),
        instead='Show empathy without swearing: "Ugh, that\'s really frustrating, sorry Dev!"',
        guidance="Keep the brand's voice clean: no swearing or slurs (seeds 002, 004).",
    )
    failing = (
        Example(
            "Ugh, that's shit, sorry Dev! Hold the power button for 10 seconds.", flagged="shit"
        ),
        Example(
            "Our baggage desk has been a complete shitshow this week, sorry Greg.",
            flagged="shitshow",
        ),
        Example("What the f*ck happened there? Let us check.", flagged="f*ck"),
        Example("Damn, that's annoying! We'll send a new router today.", flagged="Damn"),
    )
    passing = (
        Example("Sorry Rich, the mast near Scunthorpe town centre was damaged in the storm."),
        Example("We'll assess the damage and book a repair for Tuesday."),
        Example("That's really frustrating, sorry Dev! Let's get the box swapped."),
        Example("Our class of service includes a free engineer visit."),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        for m in ctx.hits("profanity"):
            yield Finding(*whole_words(ctx, m))
