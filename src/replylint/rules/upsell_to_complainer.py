"""``upsell-to-complainer``: promoting a product to a customer who is complaining or
leaving."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._draft import PROMOTION_LISTS, PROMOTIONAL, promotion_score, promotion_spans
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register


@register
class UpsellToComplainer(Rule):
    slug = "upsell-to-complainer"
    severity = Severity.ERROR
    message = "Promotes a product or offer to a customer who is complaining"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = PROMOTION_LISTS
    triggers = ("promotion",)
    suggestion = "Drop the offer: fix the problem first, and sell only once it is solved."
    docs = RuleDocs(
        what=(
            "Flags a promotional draft — a plan, upgrade, bundle or offer, a price per month, "
            '"get yours today" — sent to a customer whose latest messages complain or '
            "announce they are leaving."
        ),
        why=(
            "The guidance recalls a customer who could not claim a loyalty-reward iPhone and "
            'got "an auto tweet from that telco selling me their iPhone 5 bundle", and sums '
            "it up: \"Selling a product to someone who's swearing off the same is a huge, "
            'laughable #FAIL" (seed 003).'
        ),
        seeds=("003",),
        instead=(
            "Answer the complaint: apologise, say what you will do and when. Keep offers for "
            "customers who ask for them."
        ),
        guidance="Never sell to a customer who is complaining or swearing off the product (seed 003).",
    )
    failing = (
        Example(
            "Upgrade to the all-new iPhone 17 with our Plan 1499 bundle! Get yours today.",
            context="@Brand 2 hours on your hotline to claim my reward phone. Dropped 4 times.",
            flagged="Upgrade to the all-new iPhone 17 with our Plan 1499 bundle! Get yours today.",
        ),
        Example(
            "Sorry to hear that! Before you go, have you seen our new Fibre 900 plan? "
            "From £35/month.",
            context="@Brand 3rd outage this month. I'm cancelling and going elsewhere.",
            flagged="Before you go, have you seen our new Fibre 900 plan? From £35/month.",
        ),
        Example(
            "Why not treat yourself to Premium? 500+ films for just £8/month.",
            context="The film never played and I still got charged. Done with you after this.",
            flagged="Why not treat yourself to Premium? 500+ films for just £8/month.",
        ),
    )
    passing = (
        Example(
            "Our new Fibre 900 plan is out: ultrafast speeds from £35/month. Get yours today!",
            context="@Brand hi, what's your fastest broadband plan and how much is it?",
        ),
        Example(
            "Sorry about the outage, Tom. It was fixed at 14:10; we've credited £5 to your bill.",
            context="@Brand 3rd outage this month. I'm cancelling.",
        ),
        Example(
            "Really sorry! Please update the app to the new version 5.2, it fixes the crash.",
            context="@Brand your app keeps crashing, useless",
        ),
        Example("Get yours today: the all-new Fibre 900 bundle, from £35/month!"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        # Without a strong cue ("promotion") a draft never reaches PROMOTIONAL.
        if not ctx.hits("promotion") or promotion_score(ctx) < PROMOTIONAL:
            return
        facts = ctx.analysis
        if not (facts.complaint or facts.churn):
            return
        span = promotion_spans(ctx)
        if span is not None:
            yield Finding(*span)
