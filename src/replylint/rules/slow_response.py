"""``slow-response``: the draft goes out later than the channel's response-time target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..models import Conversation, Severity
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register


@dataclass(frozen=True)
class TimedExample(Example):
    """An example whose draft carries a send time (``sent``, ISO-8601)."""

    sent: str | None = None

    def conversation(self) -> Conversation:
        conv = super().conversation()
        if self.sent is not None and conv.draft is not None:
            draft = conv.draft.model_copy(update={"timestamp": _parse(self.sent)})
            conv = conv.model_copy(update={"draft": draft})
        return conv


def _parse(value: str) -> datetime:
    from ..models import Draft

    return Draft.model_validate({"text": "", "timestamp": value}).timestamp or datetime.min


def _thread(
    channel: str, asked: str, text: str = "@Brand my internet is down"
) -> dict[str, object]:
    return {
        "channel": channel,
        "brand": "@Brand",
        "messages": [{"role": "customer", "author": "@ann", "text": text, "timestamp": asked}],
    }


def _duration(minutes: float) -> str:
    minutes = round(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register
class SlowResponse(Rule):
    slug = "slow-response"
    severity = Severity.WARNING
    message = "Sent later than the channel's response-time target"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION, Need.TIMESTAMPS})
    suggestion = "Answer sooner, or send a holding reply within the target and follow up."
    docs = RuleDocs(
        what=(
            "Flags a draft whose timestamp is later than the customer's last message plus "
            "the channel's `response-minutes` (defaults: 60 minutes on Twitter/X, Facebook, "
            "DMs, chat and SMS; 24 hours for e-mail; set per channel in the configuration). "
            "Silent when either timestamp is missing. The rule judges the whole draft."
        ),
        why=(
            '"Customer care in the age of Twitter is an ongoing conversation and dialog that '
            'must occur in real time." "Mobile carrier customer satisfaction is a 24/7 job. '
            'Those who fail to realize this will rapidly lose customers" (seed 000).'
        ),
        seeds=("000",),
        instead=(
            "Reply within the target — even a short holding reply that names the problem and "
            "says when the full answer comes."
        ),
        guidance="Care is real time: answer within the channel's response target (seed 000).",
    )
    failing = (
        TimedExample(
            "So sorry, Ruben. We've rebooked you on SL457 at 18:10 today.",
            context=_thread("twitter", "2026-06-14T07:05:00Z", "@Brand flight cancelled, help"),
            sent="2026-06-14T13:40:00Z",
        ),
        TimedExample(
            "Dear Lars, sorry for the wait. Your savings account was closed on 4 February.",
            context=_thread(
                "email", "2026-02-02T09:00:00Z", "Please confirm my account is closed."
            ),
            sent="2026-02-05T11:15:00Z",
        ),
        TimedExample(
            "Sorry Dev, we've booked an engineer for Friday.",
            context=_thread("facebook", "2026-11-14T19:55:00+01:00"),
            sent="2026-11-14T21:30:00+01:00",
        ),
    )
    passing = (
        TimedExample(
            "Sorry Ann, an engineer is booked for tomorrow 8-12.",
            context=_thread("twitter", "2026-11-02T09:14:00Z"),
            sent="2026-11-02T09:40:00Z",
        ),
        TimedExample(
            "Dear Ann, your refund was sent today.",
            context=_thread("email", "2026-03-16T18:30:00Z"),
            sent="2026-03-17T14:10:00Z",
        ),
        Example(
            "Sorry Ann, an engineer is booked for tomorrow 8-12.",
            context=_thread("twitter", "2026-11-02T09:14:00Z"),
            note="the draft has no timestamp",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        target = ctx.channel_config.response_minutes
        draft = ctx.conversation.draft
        if target is None or draft is None or draft.timestamp is None:
            return
        asked = [m.timestamp for m in ctx.conversation.customer_messages if m.timestamp is not None]
        if not asked:
            return
        waited = (draft.timestamp - max(asked)).total_seconds() / 60
        if waited > target:
            yield Finding(
                0,
                len(ctx.text),
                message=(
                    f"Sent {_duration(waited)} after the customer's last message; the "
                    f"{ctx.channel} target is {_duration(target)}"
                ),
            )
