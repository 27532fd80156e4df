"""``unanswered-question``: the customer asked something direct and the draft neither
answers it nor says how it will be answered."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .._lazy import lazy_re, lazy_regex
from ..models import Severity
from ._draft import (
    _URL_PREFIXES,
    NEXT_STEP_LISTS,
    SPECIFIC_LISTS,
    blank_urls,
    is_specific,
    may_price_per_period,
    overlap,
    says_next_step,
    topic_words,
)
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

# "Yes", "No", "Unfortunately not" open a direct answer to a yes/no question.
_YES_NO = lazy_regex(
    r"(?:^|[.!?,;:]\s*|\b(?:hi|hello|hey)\s+\w+[,!]?\s*)"
    r"(?:yes|yep|yeah|no|nope|sure|absolutely|of course|unfortunately|i'm afraid|afraid not)\b",
    regex.IGNORECASE,
)
_YES_NO_OPENERS = frozenset(
    [
        "is", "are", "am", "was", "were", "can", "could", "will", "would", "do", "does",
        "did", "should", "shall", "has", "have", "had", "may", "might", "isn't", "aren't",
        "can't", "couldn't", "won't", "wouldn't", "don't", "doesn't", "didn't",
    ]
)


@register
class UnansweredQuestion(Rule):
    slug = "unanswered-question"
    severity = Severity.WARNING
    message = "Ignores a direct question the customer asked"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = tuple(dict.fromkeys((*NEXT_STEP_LISTS, *SPECIFIC_LISTS)))
    suggestion = (
        "Answer the question, or say how and when it will be answered "
        '("DM us the booking code and we\'ll check your refund today").'
    )
    docs = RuleDocs(
        what=(
            "Flags a draft that leaves a direct question of the customer's latest messages "
            "without an answer: it does not take up what the question is about (no shared "
            "topic words, no yes/no answer) and does not say how the answer will come "
            "(a DM or call, a help link, \"we'll get back to you\"). Rhetorical questions "
            '("how many times do I have to ask??") and contact checks ("anyone there?") '
            "are not questions that need an answer. The span is the whole draft."
        ),
        why=(
            'The guidance asks brands to "give specific answers to specific questions" and '
            'warns that "tweeting like a bot or offering a vague response that is out of '
            'context does not do anything other than annoy" (seed 003); customers online '
            'have "legitimate questions and concerns that need answering NOW" (seed 000).'
        ),
        seeds=("003", "000"),
        instead=(
            "Answer what was asked — \"Yes, you keep your number, and switching is free\" — "
            "or, when you cannot yet, say how the answer will reach them: \"DM us your "
            "booking code and we'll confirm your compensation today.\""
        ),
        guidance="Give specific answers to specific questions (seeds 003, 000).",
    )
    failing = (
        Example(
            "Hi! Our prepaid bundles start at $12/month with 8GB of data. Take a look at "
            "https://shop.example.com/prepaid",
            context="@Brand thinking of going prepaid, can I keep my number? Is there a fee?",
            flagged=(
                "Hi! Our prepaid bundles start at $12/month with 8GB of data. Take a look at "
                "https://shop.example.com/prepaid"
            ),
        ),
        Example(
            "Thanks for your patience, we appreciate it.",
            context="@Brand my parcel was due Tuesday. When will it actually be delivered?",
        ),
        Example(
            "Dear Omar, we're sorry your trip was disrupted. We've passed your comments on "
            "to the team. Kind regards",
            context=(
                "Hello, my train on 3 May was cancelled. Am I entitled to a refund of the "
                "ticket and how do I apply?"
            ),
            channel="email",
        ),
        Example(
            "We're on it.",
            context="@Brand is the outage in Leeds going to be fixed today?",
        ),
    )
    passing = (
        Example(
            "Yes, you keep your number when you go prepaid, and there's no fee to switch.",
            context="@Brand thinking of going prepaid, can I keep my number? Is there a fee?",
        ),
        Example(
            "Sorry for the wait! DM us your order number and we'll check the delivery date "
            "with the courier right away.",
            context="@Brand my parcel was due Tuesday. When will it actually be delivered?",
        ),
        Example(
            "Really sorry, Ruth. We've stopped the Sports pack charge and refunded March today.",
            context="How many times do I have to ask?? I cancelled Sports in March.",
            note="a rhetorical question needs no answer of its own",
        ),
        Example(
            "Hi Femi, yes, we're here! What's going on?",
            context="@Brand hi, is anyone there?",
        ),
        Example(
            "You can follow the steps in this guide: https://help.example.com/reset",
            context="@Brand how do I reset the password? the link https://x.example.com/?r=1 fails",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        analysis = ctx.analysis
        # A draft that says how the answer will come passes whatever was asked: check
        # that (cheap, the draft's own hits) before reading the customer's questions.
        if not analysis.latest or _says_next_step(ctx) or not analysis.question:
            return
        questions = [q for q in analysis.question_items if q.real]
        if not questions:
            return
        draft_words = topic_words(ctx.text)
        yes_no = _YES_NO.search(blank_urls(ctx.text)) is not None
        latest = analysis.latest
        for question in questions:
            if yes_no and _is_yes_no(question.text):
                continue
            topic = topic_words(question.text)
            if not topic:
                # "Where is it?", "What now?": the question is about what the message said
                # before it, and any specific reply takes it up.
                if is_specific(ctx):
                    continue
                topic = topic_words(latest[question.message].text)
            if not overlap(topic, draft_words):
                yield Finding(0, len(ctx.text))
                return


def _says_next_step(ctx: DraftContext) -> bool:
    """``says_next_step(ctx)``, without the search for every URL of a draft whose link
    surely is a help link (most drafts with a link).

    Exact: ``says_next_step`` is true when the draft has a hit of "private-offer" or
    "answer-promise", or a help link (``help_links``: every URL of a draft whose
    promotion score is below 2, and in any draft a URL whose text names a help path).
    A URL is found by :func:`_surely_url_at`; the printable ASCII run from there is part
    of that URL (see there). Its help-path word keeps the URL whatever the score; with
    no "promotion" hit, fewer than two "promotion-weak" and "products" hits and no price
    per period (:func:`may_price_per_period`), the score stays below 2 and every URL is
    a help link. Otherwise the full test decides.
    """
    if ctx.hits("private-offer") or ctx.hits("answer-promise"):
        return True
    text = ctx.text
    at = surely_url_at(ctx)
    if at >= 0:
        run = _PRINTABLE_RUN.match(text, at)  # matches, if only the empty string
        if run is not None and _names_help_path(text[at : run.end()].lower()):
            return True
        if (
            not ctx.hits("promotion")
            and len(ctx.hits("promotion-weak")) + len(ctx.hits("products")) < 2
            and not may_price_per_period(text)
        ):
            return True
    return says_next_step(ctx)


# Printable ASCII, no space: characters every URL match (``\S+`` after its prefix)
# runs through.
_PRINTABLE_RUN = lazy_re(r"[!-~]*")


def surely_url_at(ctx: DraftContext) -> int:
    """:func:`_surely_url_at` of the draft, remembered for the draft: ``vague-reply`` and
    ``no-acknowledgement`` ask after this rule (``surely_holds_url(ctx.text)`` is
    ``surely_url_at(ctx) >= 0``)."""
    at: int | None = ctx.cache.get("surely-url-at")
    if at is None:
        at = ctx.cache["surely-url-at"] = _surely_url_at(ctx.text)
    return at


def _surely_url_at(text: str) -> int:
    r"""Where a URL of ``url_spans(text)`` surely is (its start, or inside it), or -1
    when this quick test cannot tell; :func:`surely_holds_url` with the position.

    A URL prefix in lower case followed by printable ASCII starts a match of the URL
    pattern (``(?:https?://|www\.)\S+``): the leftmost-first scan of ``url_spans``
    either takes that match or has already taken one covering it. Either way the URL
    holding this position runs on to the end of its run of non-space characters, so
    the printable ASCII run from this position is part of that URL's text.
    """
    for prefix in _URL_PREFIXES:
        at = text.find(prefix)
        if at >= 0:
            after = at + len(prefix)
            if "!" <= text[after : after + 1] <= "~":
                return at
    return -1


def _names_help_path(url: str) -> bool:
    """True only when ``_HELP_PATH`` finds a help-path word in the URL whose lower-cased
    printable ASCII text is ``url``: its words, written in ASCII letters, in any case
    ("requests?" needs "request"). False says nothing."""
    return (
        "support" in url
        or "help" in url
        or "faq" in url
        or "answer" in url
        or "article" in url
        or "kb" in url
        or "request" in url
        or "contact" in url
        or "troubleshoot" in url
        or "status" in url
    )


def _is_yes_no(text: str) -> bool:
    words = _WORDS.findall(text.lower())
    return any(w in _YES_NO_OPENERS for w in words[:3])


_WORDS = lazy_regex(r"[\w']+")
