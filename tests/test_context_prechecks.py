"""The exact pre-checks of the context rules agree with the patterns they spare.

``may_price_per_period`` and ``_may_hold_emoticon`` may say "maybe" wrongly, never "no"
wrongly; ``quick_help_links`` gives what ``help_links`` gives.
"""

from __future__ import annotations

import random

import pytest

from replylint import Linter
from replylint.analysis.facts import mentioned_handles
from replylint.models import Conversation
from replylint.rules._draft import (
    PRICE_PER_PERIOD,
    help_links,
    may_price_per_period,
    quick_help_links,
)
from replylint.rules.emoji_on_complaint import _EMOTICON, _may_hold_emoticon

_PRICES = [
    "$5/month",
    "£35 per month",
    "10 dollars a month",
    "20 EUROS a year",
    "9 POUNDS/mo",
    "9 poundſ/mo",
    "€3.99 each week",
    "₹499 per line",
    "100 USD/yr",
    "12 gbp a day",
]


@pytest.mark.parametrize("text", _PRICES)
def test_price_precheck_says_maybe_for_every_price(text: str) -> None:
    assert PRICE_PER_PERIOD.search(text) is not None
    assert may_price_per_period(text)


def _random_texts(alphabet: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)
    ]


def test_price_precheck_is_exact_on_random_text() -> None:
    words = ["usd", "EUR", "gbp", "dollars", "Pounds", "ſ", " per ", "month", "mo", "yr"]
    for text in _random_texts([*"$£€¥₹0123456789.,/ aepr", *words], 20_000, 10, seed=3):
        if PRICE_PER_PERIOD.search(text) is not None:
            assert may_price_per_period(text), text


@pytest.mark.parametrize(
    "text",
    [":)", ";-D", "(: ok", "^_^", "^^", "^-^", "xD", "XD lol", "<3", "=P", ":o)", "so (;", "hi :]"],
)
def test_emoticon_precheck_says_maybe_for_every_smiley(text: str) -> None:
    assert _EMOTICON.search(text) is not None
    assert _may_hold_emoticon(text)


@pytest.mark.parametrize("text", ["https://x.example.com/a?b=1", "at 10:30", "thanks ^JD", ""])
def test_emoticon_precheck_skips_plain_text(text: str) -> None:
    assert not _may_hold_emoticon(text)


def test_emoticon_precheck_is_exact_on_random_text() -> None:
    for text in _random_texts(list(":;=-'^o)]DPp(<3xX_ /a1^"), 50_000, 12, seed=5):
        if _EMOTICON.search(text) is not None:
            assert _may_hold_emoticon(text), text


@pytest.mark.parametrize(
    "draft",
    [
        "Steps here: https://help.example.com/reset",
        "Get yours today for just $5/month! https://shop.example.com/x",
        "Our new Fibre 900 plan, from £35/month: https://example.com/fibre",
        "Upgrade now https://support.example.com/answer/7162782",
        "No link at all",
        "https:// broken and ftp://x.y/z",
        "Visit www.example.com for the bundle and plan",
    ],
)
def test_quick_help_links_is_help_links(draft: str) -> None:
    linter = Linter()
    conv = Conversation.model_validate(
        {"channel": "twitter", "messages": [{"role": "customer", "text": "@Brand hi?"}], "draft": draft}
    )
    (ctx,) = list(linter._contexts([conv]))
    quick = quick_help_links(ctx)
    ctx.cache.clear()
    assert quick == help_links(ctx)


def test_mentioned_handles() -> None:
    assert mentioned_handles(["@Jess hi @HP", "no handle", "mail a@b.com"]) == {"jess", "hp"}
    assert mentioned_handles([]) == set()
