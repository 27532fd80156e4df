"""``unsolicited-reply``: butting into a public conversation that was not addressed to
the brand, with a generic offer of help or a pitch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import Severity
from ._draft import (
    MARKETING_LISTS,
    PRICE_PER_PERIOD,
    _topic_words,
    blank_spans,
    marketing_score,
    may_price_per_period,
    promotion_spans,
    quick_help_links,
    shares_stem,
)
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

# A pitch in a conversation nobody invited the brand to: a lower bar than a promotional
# broadcast (one price per seat, one "get yours today"), but with a price or a call to buy.
_PITCH = 2
# Greetings, thanks and stock offers of help that do not engage with anything said.
_FILLER_LISTS = ("canned-greeting", "pleasantry", "private-offer", "stock-reply")


@register
class UnsolicitedReply(Rule):
    slug = "unsolicited-reply"
    severity = Severity.WARNING
    message = "Butts into a conversation not addressed to the brand without engaging"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = (*MARKETING_LISTS, *_FILLER_LISTS)
    suggestion = (
        "Stay out, or join only with something specific to what they said "
        '("Sorry about the dropped calls, Mara — a mast near you is being repaired tonight").'
    )
    docs = RuleDocs(
        what=(
            "On a public channel, flags a reply to a conversation that does not address the "
            "brand — no @mention of the brand or its aliases, the brand not yet in the "
            "thread, e.g. two friends talking — when the draft does not engage with what "
            "was said: a pitch (a price, an offer), or a generic offer of help that shares "
            "no topic with the conversation and points to no specific help page. Picking "
            "up a complaint with a specific, helpful answer is good practice and passes."
        ),
        why=(
            "The guidance praises a provider that picked up a complaint with a relevant "
            "offer, and concludes that \"knowing when to enter into a conversation and when "
            'not to is the key" (seed 001). It also tells of a telco that "butted in on the '
            'thread" of two friends with "How could I be of service to you today?☺": "That '
            'question was obviously disconnected to the conversation" (seed 003).'
        ),
        seeds=("001", "003"),
        instead=(
            "Stay out of conversations that don't need you, or join with a specific answer "
            "to the problem they are discussing."
        ),
        guidance="Know when to enter a conversation and when not to (seeds 001, 003).",
    )
    failing = (
        Example(
            "How may we help you today? ☺",
            context={
                "brand": "@OrbitCare",
                "messages": [
                    {"role": "customer", "author": "@mara", "text": "@jess I've lost faith in Orbit, dropped calls all week"},
                    {"role": "other", "author": "@jess", "text": "@mara same here honestly"},
                ],
            },
            channel="twitter",
            flagged="How may we help you today?",
        ),
        Example(
            "Add extra legroom to your Lisbon flight, just €15 a seat! Book today.",
            context={
                "brand": "@SkyLineAir",
                "messages": [
                    {"role": "customer", "author": "@ines", "text": "@lena can't wait for Lisbon next week!!"},
                    {"role": "other", "author": "@lena", "text": "@ines same, already packed"},
                ],
            },
            channel="twitter",
            flagged="Add extra legroom to your Lisbon flight, just €15 a seat!",
        ),
        Example(
            "Hi there! We're here to help. Send us a DM any time.",
            context={
                "brand": "@HPSupport",
                "messages": [
                    {"role": "customer", "author": "@kim", "text": "@dan the pizza place on 5th is finally open again"},
                ],
            },
            channel="twitter",
        ),
    )
    passing = (
        Example(
            "Sorry about the dropped calls, Mara: a damaged mast near you is being repaired "
            "and calls should be back to normal by 6pm.",
            context={
                "brand": "@OrbitCare",
                "messages": [
                    {"role": "customer", "author": "@mara", "text": "@jess I've lost faith in Orbit, dropped calls all week"},
                    {"role": "other", "author": "@jess", "text": "@mara same here honestly"},
                ],
            },
            channel="twitter",
        ),
        Example(
            "How may we help you today?",
            context={
                "brand": "@HPSupport",
                "messages": [{"role": "customer", "author": "@kim", "text": "@HP hello?"}],
            },
            channel="twitter",
            note="@HP is an alias of @HPSupport by its name",
        ),
        Example(
            "How may we help you today?",
            context={
                "brand": "@OrbitCare",
                "messages": [{"role": "customer", "author": "@mara", "text": "hello?"}],
            },
            channel="chat",
        ),
        Example(
            "Get yours today: the all-new Fibre 900, from £35/month!",
            channel="twitter",
            note="a broadcast with no conversation is not a reply to anyone",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        # Most drafts stop here: a plain function returns no findings without starting
        # a generator. (``channel_config.public`` is what ``ctx.public`` returns.)
        analysis = ctx.analysis
        if not ctx.channel_config.public or not analysis.latest or analysis.addressed_to_brand:
            return ()
        return self._findings(ctx)

    def _findings(self, ctx: DraftContext) -> Iterator[Finding]:
        """The findings of a draft in a public conversation not addressed to the brand."""
        priced = may_price_per_period(ctx.text) and PRICE_PER_PERIOD.search(ctx.text) is not None
        calls_to_buy = bool(ctx.hits("promotion") or ctx.hits("marketing")) or priced
        if calls_to_buy and marketing_score(ctx) >= _PITCH:
            span = promotion_spans(ctx) or (0, len(ctx.text))
            yield Finding(*span, message="Pitches a product in a conversation not addressed to the brand")
            return
        # Either of the two ways out below spares the finding. The link test comes first:
        # it is free for a draft without a URL and spares the topic words for one with
        # a link to a specific page.
        if any(_has_path(ctx.text[a:b]) for a, b in quick_help_links(ctx)):
            return  # points to specific help (an article, a form), not a generic offer
        said = "\n".join(m.text for m in ctx.conversation.messages if m.role != "agent")
        fillers = [(m.start, m.end) for label in _FILLER_LISTS for m in ctx.hits(label)]
        rest = blank_spans(ctx.text, fillers)
        if shares_stem(_topic_words(rest), _topic_words(said)):
            return  # engages with what was said
        greetings = ctx.hits("canned-greeting")
        if greetings:
            first = greetings[0]
            end = first.end + (1 if ctx.text[first.end : first.end + 1] == "?" else 0)
            yield Finding(first.start, end)
        else:
            yield Finding(0, len(ctx.text))


def _has_path(url: str) -> bool:
    """Does the link go to a page (``/answer/7162782``), not just a home page?"""
    rest = url.split("//", 1)[-1]
    path = rest.split("/", 1)[1] if "/" in rest else ""
    return len(path.strip("/")) >= 3
