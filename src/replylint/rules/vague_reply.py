"""``vague-reply``: a reply that says nothing specific — no information, no next step,
no time frame."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._draft import SPECIFIC_LISTS, is_specific, sure_url_at
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register


@register
class VagueReply(Rule):
    slug = "vague-reply"
    severity = Severity.WARNING
    message = "Says nothing specific: no information, next step or time frame"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = SPECIFIC_LISTS
    suggestion = (
        "Add something the customer can use: what happened, what you will do, and when "
        '("Engineers expect it fixed by 4pm; we\'ll post updates here").'
    )
    docs = RuleDocs(
        what=(
            "Flags a reply to a customer who asked something or raised a problem when the "
            "draft holds nothing specific: no figure, date or time frame, no link, no "
            "instruction or action taken, no offer of a DM or call, no question back, and "
            "no sentence about the customer's topic beyond apologies, thanks and stock "
            'phrases ("We\'re looking into it.", "Sorry for any inconvenience."). The span '
            "is the whole draft."
        ),
        why=(
            '"Give specific answers to specific questions. [...] Tweeting like a bot or '
            "offering a vague response that is out of context does not do anything other "
            'than annoy" (seed 003).'
        ),
        seeds=("003",),
        instead=(
            "Say what is known, what happens next and when: \"A cable fault near the Hove "
            "exchange cut service at 7am; engineers expect it back by 4pm and we'll post "
            'updates here."'
        ),
        guidance="Don't tweet like a bot: give information, a next step or a time frame (seed 003).",
    )
    failing = (
        Example(
            "We're looking into it.",
            context="@Brand no broadband on our whole street since 7am. When will it be back?",
            flagged="We're looking into it.",
        ),
        Example(
            "Apologies for any inconvenience caused.",
            context="@Brand my transfer of £300 left my account on Friday and never arrived",
        ),
        Example(
            "Dear Helen, thank you for contacting us. We're sorry your journey didn't go to "
            "plan. We value your feedback and have passed it on to the relevant team. "
            "Kind regards",
            context="My flight was delayed 5 hours. Am I entitled to compensation?",
            channel="email",
        ),
    )
    passing = (
        Example(
            "Sorry, Owen. A cable was cut near the exchange; engineers expect it back by 4pm.",
            context="@Brand no broadband on our whole street since 7am. When will it be back?",
        ),
        Example(
            "Sorry for the trouble! DM us the transfer reference and we'll trace it for you.",
            context="@Brand my transfer of £300 left my account on Friday and never arrived",
        ),
        Example(
            "We're looking into it.",
            note="no conversation: nothing was asked, so nothing can be missing",
        ),
        Example(
            "Thanks so much, have a great weekend!",
            context="@Brand all working again, thanks for the help!",
        ),
        Example(
            "Sorry about that. Which browser are you using?",
            context="@Brand export keeps failing with error 500",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        # A link is the first sign of specific content that ``is_specific`` looks for: a
        # draft surely holding one is specific, found with a few substring searches
        # (:func:`sure_url_at`, remembered for the draft).
        if sure_url_at(ctx) >= 0:
            return ()
        analysis = ctx.analysis
        if not analysis.latest or not ctx.text.strip():
            return ()
        if is_specific(ctx):
            return ()
        if not (analysis.question or analysis.complaint):
            return ()
        return (Finding(0, len(ctx.text)),)
