"""``no-acknowledgement``: answering a complaint without acknowledging the problem."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._draft import PROMOTION_LISTS, PROMOTIONAL, promotion_score, sure_url_at, url_spans
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

_WIFI_DOWN = "@Brand wifi has been down since Monday, third call today and nobody can tell me why"


@register
class NoAcknowledgement(Rule):
    slug = "no-acknowledgement"
    severity = Severity.WARNING
    message = "Answers a complaint without acknowledging the problem"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = ("acknowledgement", "alternative", *PROMOTION_LISTS)
    suggestion = (
        'Recognise the problem first: an apology, a word of empathy ("that\'s frustrating") '
        "or \"you're right, that shouldn't have happened\"."
    )
    docs = RuleDocs(
        what=(
            "When the customer's latest messages are a complaint (detected, or supplied as "
            'the `complaint` fact), flags a draft that contains no apology ("sorry", '
            '"apologies"), no empathy ("that\'s frustrating", "I understand", "sorry to '
            'hear") and no recognition of the problem ("you\'re right", "that shouldn\'t have '
            'happened", "thanks for flagging", "to resolve your issue"), and takes nothing on '
            '("we\'ll look into it", "I can help"). A link to a help page or answer counts as '
            "taking the problem up; a sales link does not. The rule judges the whole draft."
        ),
        why=(
            "The guidance describes a customer venting about poor 3G signal who heard nothing "
            'from their provider: "Not even recognition that there could be a problem [...] '
            'In my mind this is a major miss, in Twitter speak #fail" (seed 001). And when a '
            'mistake was made: "own up to it" (seed 002).'
        ),
        seeds=("001", "002"),
        instead=(
            'Start by recognising what went wrong, then fix it: "Sorry about the outage, '
            'Ann — three calls is three too many. An engineer can come tomorrow 8-12."'
        ),
        guidance="Recognise there is a problem before you answer it (seeds 001, 002).",
    )
    failing = (
        Example(
            "Please restart your router and check the cables.",
            context=_WIFI_DOWN,
            flagged="Please restart your router and check the cables.",
        ),
        Example(
            "Hardware faults go through the manufacturer. Their number is on the box.",
            context="@Brand the phone I bought from you 2 weeks ago keeps restarting. Useless.",
        ),
        Example(
            "Upgrade to our Fibre 900 plan today for faster speeds!",
            context={
                "channel": "twitter",
                "brand": "@Brand",
                "messages": [
                    {"role": "customer", "author": "@ann", "text": "@Brand slow again tonight"}
                ],
                "facts": {"complaint": True},
            },
            note="the caller says it is a complaint",
        ),
    )
    passing = (
        Example(
            "Sorry about that, Ann! An engineer can visit tomorrow 8-12, shall we book it?",
            context=_WIFI_DOWN,
        ),
        Example(
            "You're right, that charge shouldn't have happened. We've refunded the £38 today.",
            context="@Brand charged twice for October, £38 each time. Sort it out.",
        ),
        Example(
            "Our Special Assistance team is on 0808 157 0192, 24 hours a day.",
            context="@Brand is there a number to call for special assistance?",
            note="a question, not a complaint",
        ),
        Example("Please restart your router and check the cables.", note="no conversation"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        # Taking the problem on ("we'll look into it", "I can help") recognises it too.
        # (The hits read straight from the dict, and ``isspace`` for a blank draft: no
        # method call, no stripped copy. Every draft with a conversation comes here.)
        matches = ctx.matches
        text = ctx.text
        if (
            matches.get("acknowledgement")
            or matches.get("alternative")
            or not text
            or text.isspace()
        ):
            return ()
        # A link to an answer or help page takes the problem up; a sales link does not.
        # (Without a strong cue, "promotion", a draft never reaches PROMOTIONAL.) The
        # promotion test comes first: it is a lookup, and whether a link is there needs
        # ``url_spans`` only when :func:`sure_url_at` (remembered for the draft) cannot
        # tell.
        if (not matches.get("promotion") or promotion_score(ctx) < PROMOTIONAL) and (
            sure_url_at(ctx) >= 0 or url_spans(text)
        ):
            return ()
        if not ctx.analysis.complaint:
            return ()
        return (Finding(0, len(ctx.text)),)
