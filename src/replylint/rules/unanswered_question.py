"""``unanswered-question``: the customer asked something direct and the draft neither
answers it nor says how it will be answered."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .._lazy import lazy_regex
from ..models import Severity
from ._draft import (
    NEXT_STEP_LISTS,
    SPECIFIC_LISTS,
    blank_urls,
    is_specific,
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
        # (Returns, not yields: nearly every draft stops here, and a generator costs more
        # to set up than the check.)
        if not analysis.latest or says_next_step(ctx) or not analysis.question:
            return ()
        questions = [q for q in analysis.question_items if q.real]
        if not questions:
            return ()
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
                return (Finding(0, len(ctx.text)),)
        return ()


def _is_yes_no(text: str) -> bool:
    words = _WORDS.findall(text.lower())
    return any(w in _YES_NO_OPENERS for w in words[:3])


_WORDS = lazy_regex(r"[\w']+")
