"""``canned-greeting``: a generic offer of help when the customer already said what
is wrong, or was not asking anything."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._draft import content_words, sentences
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

# The customer "already said what is wrong" when their latest turn has this many words.
_SAID_ENOUGH = 4
# Outside greetings and thanks, a sentence may hold this many words (a name, a brand).
_FILLER_WORDS = 3


@register
class CannedGreeting(Rule):
    slug = "canned-greeting"
    severity = Severity.ERROR
    message = "Generic offer of help that ignores what the customer already said"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = ("canned-greeting", "pleasantry")
    triggers = ("canned-greeting",)
    suggestion = (
        "Reply to what the customer wrote: name their problem and give a specific next step."
    )
    docs = RuleDocs(
        what=(
            'Flags a draft that is (mostly) a generic offer of help — "How could I be of '
            'service to you today?", "How may I help you?" — when the customer has already '
            "said what is wrong, or was not making a request at all. A greeting inside a "
            "reply that also answers is fine, and so is a greeting template with no context."
        ),
        why=(
            'The guidance tells of a telco specialist who butted into a thread with "How '
            'could I be of service to you today?☺": "That question was obviously '
            'disconnected to the conversation" (seed 003). Asking a customer who has just '
            "described the problem to describe it again says nobody read their message."
        ),
        seeds=("003",),
        instead=(
            'Acknowledge the specific problem and say what happens next: "Sorry your flight '
            "was cancelled, Tomas — you can rebook free of charge or get a refund; DM us the "
            "booking code and we'll do it now.\""
        ),
        guidance="Don't answer a specific message with an off-context canned greeting (seed 003).",
    )
    failing = (
        Example(
            "Hi there! Thanks for reaching out to SkyLine Air. How may I help you today?",
            context="@Brand flight SL118 cancelled an hour before boarding. What are my options?",
            flagged="How may I help you today?",
        ),
        Example(
            "How could I be of service to you today? ☺",
            context="@jess honestly I have completely lost faith in Orbit, dropped calls daily",
            flagged="How could I be of service to you today?",
        ),
        Example(
            "Hello! What can we do for you today?",
            context="@Brand my router keeps dropping the connection every evening since Monday",
            flagged="What can we do for you today?",
        ),
    )
    passing = (
        Example("Hi there! How may I help you today?"),
        Example(
            "Sorry about the dropped connection. An engineer can visit Thursday 8-12; "
            "shall we book it? Anything else we can help with today?",
            context="@Brand my router keeps dropping the connection every evening",
        ),
        Example("Hello! How can we help?", context="@Brand hello?"),
        Example(
            "Hi {{first_name}}, your refund of £12 was sent today and lands in 3-5 days.",
            context="@Brand where is my refund? It has been two weeks",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        greetings = ctx.hits("canned-greeting")
        if not greetings or not ctx.analysis.latest:
            return
        said = sum(_words(m.text) for m in ctx.analysis.latest)
        if said < _SAID_ENOUGH:
            return
        filler = [(m.start, m.end) for m in (*greetings, *ctx.hits("pleasantry"))]
        for sentence in sentences(ctx):
            if content_words(ctx, sentence.start, sentence.end, skip=filler) > _FILLER_WORDS:
                return
        first = greetings[0]
        end = first.end
        if end < len(ctx.text) and ctx.text[end] == "?":
            end += 1
        yield Finding(first.start, end)


def _words(text: str) -> int:
    return sum(
        1
        for w in text.split()
        if not w.startswith(("@", "http", "#")) and any(c.isalpha() for c in w)
    )
