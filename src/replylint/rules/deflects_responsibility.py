"""``deflects-responsibility``: pushing the customer away without an alternative."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._draft import offers_private_channel
from ._tone import whole_words
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register


@register
class DeflectsResponsibility(Rule):
    slug = "deflects-responsibility"
    severity = Severity.WARNING
    message = "Pushes the customer away without offering an alternative"
    phrase_lists = ("deflection", "alternative", "private-offer")
    triggers = ("deflection",)
    suggestion = (
        "Offer something you can do: contact the third party for them, give the number and "
        "what to ask, or stay in the thread until it is solved."
    )
    docs = RuleDocs(
        what=(
            'Flags a draft that hands the problem back: "not our department", "nothing we can '
            'do", "contact the manufacturer", "take it up with them" — when the draft offers '
            'no alternative of its own ("we\'ll contact them for you", "I can help with", '
            "a DM, a call or a chat)."
        ),
        why=(
            'The guidance quotes Judith Hurwitz: companies that last "are those that ... '
            'solve customer problems" (seed 002). It measures care by "fixing them '
            'efficiently" (seed 004), not by routing the customer elsewhere.'
        ),
        seeds=("002", "004"),
        instead=(
            "Own the next step: \"That's covered by the manufacturer's warranty and we'll "
            'handle the claim for you: bring it to any store for a same-day swap."'
        ),
        guidance="Solve the customer's problem or hand them a real next step (seeds 002, 004).",
    )
    failing = (
        Example(
            "Sorry to hear that. Hardware faults aren't our department, please contact the "
            "manufacturer.",
            flagged="aren't our department",
        ),
        Example(
            "There's nothing we can do as the bag was handled by our partner airline.",
            flagged="There's nothing we can do",
        ),
        Example(
            "That charge came from the merchant, you'll need to take it up with them.",
            flagged="take it up with",
        ),
    )
    passing = (
        Example(
            "It's covered by the manufacturer's warranty and we'll handle the claim for you: "
            "bring it to any store for a same-day swap."
        ),
        Example(
            "Delivery is handled by our courier, so there's nothing we can do from here, but "
            "DM us the order number and we'll chase them for you today."
        ),
        Example(
            "There's nothing you need to do: the maintenance finishes by 4am and your "
            "broadband comes back on its own."
        ),
        Example("Hardware repairs are done by the manufacturer; we'll book it for you now."),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        hits = ctx.hits("deflection")
        if not hits or ctx.hits("alternative") or offers_private_channel(ctx):
            return
        for m in hits:
            yield Finding(*whole_words(ctx, m))
