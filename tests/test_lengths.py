from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replylint import Linter
from replylint.lengths import (
    MAX_DECOMPOSITION,
    char_length,
    sms_length,
    twitter_length,
    twitter_upper_bound,
)

from . import _hypothesis_profiles  # noqa: F401  (registers and loads the profile)


def test_ascii_counts_one_each() -> None:
    assert twitter_length("hello world") == 11


def test_urls_count_23() -> None:
    url = "https://web.archive.org/web/20200401224734/https://support.google.com/youtube/answer/1"
    assert twitter_length(f"see {url}") == 4 + 23
    assert twitter_length("see example.com/help.") == 4 + 23 + 1


def test_cjk_and_emoji_count_two() -> None:
    assert twitter_length("订单") == 4
    assert twitter_length("👍") == 2
    assert twitter_length("👩‍👩‍👧‍👦") == 2  # one ZWJ sequence
    assert twitter_length("🇵🇹") == 2


def test_leading_reply_mentions_are_free() -> None:
    assert twitter_length("@ann @bob thanks") == len("thanks")
    assert twitter_length("@ann") == 4  # a bare mention is the text itself


def test_sms_gsm7_and_ucs2() -> None:
    gsm = sms_length("Hello {world}")
    assert (gsm.value, gsm.limit) == (15, 160)  # braces take two septets each
    ucs = sms_length("Hello 😊")
    assert ucs.unit.startswith("UCS-2") and ucs.limit == 70 and ucs.value == 8


def test_char_length_counts_graphemes() -> None:
    assert char_length("e\u0301") == 1


def test_html_entities_count_as_the_character() -> None:
    assert twitter_length("Q&amp;A &lt;3") == len("Q&A <3")
    assert twitter_length("AT&T") == 4


# -- twitter_upper_bound: the too-long rule skips measuring a draft under its bound -----

_TRICKY = [
    "a", "Z", " ", ".", "\n", "&", "&amp;", "&#46;", "&#x2E;", "&#x1D160;", "&#119136;",
    "\U0001d160", "\u1f82", "\u0344", "\u0958", "e\u0301", "\u0301", "订", "👍", "\u200d",
    "🇵", "www.", "http://", "https://x", "a.co", ".co", "example.com/", "@ann ", "İ", "ß",
]


@given(st.lists(st.sampled_from(_TRICKY) | st.text(max_size=3), max_size=40))
def test_twitter_upper_bound_is_never_below_the_length(parts: list[str]) -> None:
    text = "".join(parts)
    assert twitter_upper_bound(text) >= twitter_length(text)


def test_twitter_upper_bound_covers_normalisation_and_entities() -> None:
    # U+1D160 is one character of weight 2 that NFC turns into three.
    notes = "\U0001d160" * 60
    assert twitter_length(notes) == 360 and twitter_upper_bound(notes) >= 360
    # "&#46;" is a dot: "a&#46;co" is the 23-character URL "a.co".
    links = "a&#46;co " * 15
    assert twitter_length(links) == 15 * (23 + 1)
    assert twitter_upper_bound(links) >= twitter_length(links)


def test_most_decomposing_character() -> None:
    longest = max(
        len(unicodedata.normalize("NFD", chr(cp)))
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF
    )
    assert longest == MAX_DECOMPOSITION


@pytest.mark.parametrize("draft", ["\U0001d160" * 60, "a&#46;co " * 15], ids=["nfc", "entity-dot"])
def test_too_long_flags_drafts_that_grow_when_measured(draft: str) -> None:
    report = Linter(select=["too-long"]).lint(
        {"channel": "twitter", "brand": "@Brand", "draft": draft}
    )
    assert report.rules == ["too-long"]


def test_too_long_counts_entities_as_one_character() -> None:
    # 281 characters, 257 weighted: "&amp;" is one character of the tweet.
    draft = "Sorry for the trouble &amp; thanks for waiting. " * 5 + "Pls DM us the a/c no. &amp; we'll fix it."
    assert len(draft) > 280 >= twitter_length(draft)
    report = Linter(select=["too-long"]).lint(
        {"channel": "twitter", "brand": "@Brand", "draft": draft}
    )
    assert report.ok
