"""``marketing-flood`` (batch): too large a share of a brand's outbound drafts in one
run are promotional."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Severity
from ._draft import MARKETING_LISTS, PROMOTIONAL, marketing_score, promotion_spans
from .base import BatchRule, DraftContext, Example, Finding, Need, RuleDocs
from .registry import register

# One promotional post is not a flood, whatever the share.
MIN_PROMOTIONAL = 2


@dataclass(frozen=True, slots=True)
class Outbound:
    """What one draft contributes: its brand, and its promotional span if it is one."""

    brand: str
    promo: tuple[int, int] | None
    ratio: float


def brand_key(brand: str | None) -> str:
    """The brand a draft is counted under: its handle without "@", lower-cased."""
    return (brand or "").strip().lstrip("@").lower()


@lru_cache(maxsize=256, typed=True)
def not_promotional(brand: str | None, ratio: float) -> Outbound:
    """What a draft that is no promotion contributes. It depends only on the brand and
    the ratio, and ``Outbound`` is immutable: one value is shared by all such drafts."""
    return Outbound(brand_key(brand), None, ratio)


@register
class MarketingFlood(BatchRule[Outbound]):
    slug = "marketing-flood"
    severity = Severity.INFO
    message = "Too many of the brand's drafts in this run are marketing"
    needs = frozenset({Need.DRAFT, Need.BATCH})
    phrase_lists = MARKETING_LISTS
    suggestion = (
        "Balance the run: fewer promotions, more posts that help — outage notices, "
        "support contacts, policy changes."
    )
    docs = RuleDocs(
        what=(
            "In one run (one `lint_many` call, one input file), counts each brand's drafts "
            "and how many of them are promotional: a promotional score of at least 4 (offers, "
            'prices per month, "sign up today", pre-orders, "refer a friend" ...) including '
            "at least one call to buy. When at least two are, and their "
            "share exceeds `marketing-ratio` (default 0.3), flags each promotional draft of "
            "that brand. Never fires on a single `lint()` call."
        ),
        why=(
            '"Balance marketing with customer care. [...] it is not okay to flood a '
            "customer's Twitter timeline or Facebook newsfeed with marketing and PR materials "
            'every minute of every day" (seed 003).'
        ),
        seeds=("003",),
        instead=(
            "Mix in care content the guidance asks for: \"Why not post reminders about the "
            'numbers or email a subscriber can contact when having problems" (seed 003).'
        ),
        guidance="Balance marketing with customer care; don't flood the timeline (seed 003).",
    )
    failing = (
        Example(
            "Every match of the season, live on Sports+ for just €9.99/month. Sign up today!",
            batch=(
                "Rent any new-release film for €3.99, this weekend only!",
                "Upgrade to Ultra 4K and get 3 months half price! Offer ends Sunday.",
            ),
            flagged="Every match of the season, live on Sports+ for just €9.99/month. Sign up today!",
        ),
        Example(
            "Pre-orders for the new Galaxy S26 are open! Order by Thursday and get free earbuds.",
            batch=(
                "Refer a friend and you both get €20 credit!",
                "Sorry about the outage in Leeds; engineers expect it fixed by 6pm.",
            ),
        ),
        Example(
            "Double data weekend is here! Not on Volt Max yet? Switch in the app today.",
            batch=(
                "Double data weekend is here! Not on Volt Max yet? Switch in the app today.",
            ),
        ),
    )
    passing = (
        Example(
            "Harbor Fibre 500 is now available in Portsmouth. Join by 30 November for free "
            "installation.",
            batch=(
                "Sorry it's been three nights, Nina; a firmware fix goes out tonight.",
                "The April change is £2.50 a month on every plan; it's on page 2 of your letter.",
                "We've moved your engineer to tomorrow's 12-4pm slot.",
            ),
            note="one promotion in four drafts (25%) stays under the ratio",
        ),
        Example(
            "Every match of the season, live on Sports+ for just €9.99/month. Sign up today!",
            note="linted alone: batch rules never fire on a single draft",
        ),
        Example(
            "Rent any new-release film for €3.99, this weekend only!",
            batch=("Sorry about the outage; it's fixed now.", "Your refund went out today."),
            note="a single promotional post is not a flood",
        ),
    )

    def collect(self, ctx: DraftContext) -> Outbound:
        # A price and the word "plan" in an answer about a bill are not a promotion: a
        # promotional post also calls to buy ("sign up today", "offer ends Sunday").
        # ``ctx.hits(label)`` is ``ctx.matches.get(label, [])``: read the dict directly,
        # as this runs on every draft and nearly all drafts have neither list's hits.
        matches = ctx.matches
        call_to_buy = bool(matches.get("promotion") or matches.get("marketing"))
        if call_to_buy and marketing_score(ctx) >= PROMOTIONAL:
            promo = promotion_spans(ctx) or (0, len(ctx.text))
            return Outbound(brand_key(ctx.conversation.brand), promo, ctx.config.marketing_ratio)
        return not_promotional(ctx.conversation.brand, ctx.config.marketing_ratio)

    def finish(self, items: Sequence[Outbound]) -> dict[int, list[Finding]]:
        totals: dict[str, int] = {}
        promos: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            totals[item.brand] = totals.get(item.brand, 0) + 1
            if item.promo is not None:
                promos.setdefault(item.brand, []).append(index)
        out: dict[int, list[Finding]] = {}
        for brand, indexes in promos.items():
            share = len(indexes) / totals[brand]
            ratio = items[indexes[0]].ratio
            if len(indexes) < MIN_PROMOTIONAL or share <= ratio:
                continue
            message = (
                f"{len(indexes)} of {totals[brand]} drafts ({share:.0%}) in this run are "
                f"promotional, above the {ratio:.0%} limit"
            )
            for index in indexes:
                promo = items[index].promo
                assert promo is not None
                out[index] = [Finding(*promo, message=message)]
        return out
