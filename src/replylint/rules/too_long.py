"""``too-long``: the draft exceeds the channel's length limit."""

from __future__ import annotations

from collections.abc import Iterable

from ..lengths import Length, char_length, sms_length, twitter_length, twitter_upper_bound
from ..models import Severity
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

_LONG_TWEET = "Thanks for flagging this! " * 11 + "DM us."


def measure(text: str, length: str, limit: int | None) -> Length:
    """The draft's length as the channel counts it."""
    if length == "twitter":
        if limit is not None:
            bound = twitter_upper_bound(text, limit)
            if bound <= limit:
                # Within the limit: the bound stands for the length (with entities, URLs
                # or leading @mentions it is shorter than the text itself).
                return Length(bound, limit, "weighted characters")
        return Length(twitter_length(text), limit, "weighted characters")
    if length == "sms":
        return sms_length(text, limit or 160)
    return Length(char_length(text), limit, "characters")


@register
class TooLong(Rule):
    slug = "too-long"
    severity = Severity.ERROR
    message = "Longer than the channel allows"
    suggestion = "Cut it to the essentials, or offer to continue in a DM or by phone."
    docs = RuleDocs(
        what=(
            "Flags a draft longer than its channel's limit. Twitter/X counts weighted "
            "characters: a URL counts 23, CJK characters and emoji count 2, and the @mentions "
            "a reply starts with do not count (limit 280). SMS counts one segment: 160 GSM-7 "
            "characters, or 70 when an emoji or a non-Latin letter forces UCS-2. Limits are "
            "set per channel in the configuration."
        ),
        why=(
            'The guidance praises negotiation "through just 140 characters or less": a short '
            'message "by nature needs to be succinct and to the point" (seed 001). A reply '
            "that does not fit is cut off, split into a thread, or fails to send."
        ),
        seeds=("001",),
        instead="Say the one thing that matters; move steps and detail to a DM, call or link.",
        guidance="Keep replies within the channel's limit, succinct and to the point (seed 001).",
    )
    failing = (
        Example(_LONG_TWEET, channel="twitter", flagged=_LONG_TWEET),
        Example(
            "Hi Priya, your bill went up because 1.8GB of roaming data was used in Spain on "
            "12-14 May at £6/day, and a one-off £3.99 film rental was added on 13 May. Reply "
            "BILL for the breakdown.",
            channel="sms",
        ),
        Example("Your engineer is booked for Tuesday 9-12 😊 " * 2, channel="sms"),
        Example("订单" * 141, channel="twitter"),
    )
    passing = (
        Example(
            "@ann @bob " + "Sorry for the wait. " * 13,
            channel="twitter",
            note="leading @mentions of a reply do not count",
        ),
        Example(
            "Here's how: https://web.archive.org/web/20200401224734/https://support.google.com/"
            "youtube/answer/185111 " + "Hope this helps! " * 14,
            channel="twitter",
            note="a URL counts 23 whatever its length",
        ),
        Example("Your engineer is booked for Tuesday 9-12, see you then!", channel="sms"),
        Example("Thanks for flagging this! " * 20, channel="email"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        cfg = ctx.channel_config
        limit = cfg.limit
        if limit is None:
            return ()
        if cfg.length == "twitter":
            if twitter_upper_bound(ctx.text, limit, ctx.cache) <= limit:
                return ()  # within: what ``measure`` finds first, without building a ``Length``
            # What ``measure`` finds when the bound is above the limit, without working
            # the bound out again.
            size = Length(twitter_length(ctx.text), limit, "weighted characters")
        else:
            size = measure(ctx.text, cfg.length, limit)
        if not size.over:
            return ()
        return (
            Finding(
                0,
                len(ctx.text),
                message=(
                    f"Draft is {size.value} {size.unit} long; {ctx.channel} allows {size.limit}"
                ),
            ),
        )
