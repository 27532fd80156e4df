"""The cheap paths of ``shouting``, ``too-long``, ``pii-in-reply`` and ``private-channel``
agree with the full
computations they stand for: a pre-check may say "maybe" wrongly, never "no" wrongly,
and a fast path computes what the slow one does."""

from __future__ import annotations

import random
import re
import sys
from types import SimpleNamespace
from typing import cast

import regex
from hypothesis import given
from hypothesis import strategies as st

from replylint.lengths import (
    _DOTTED_WORD,
    _SPLIT_ONLY,
    _clusters_weight,
    _dotted_words,
    _plain_weight,
    twitter_length,
    twitter_upper_bound,
)
from replylint.rules._draft import blank_spans, digit_count, has_digit, may_hold_email, url_spans
from replylint.rules.base import DraftContext
from replylint.rules.pii_in_reply import (
    _EMAIL,
    _HANDLE,
    find_pii,
)
from replylint.rules.private_channel import _IP_OR_PORT, _may_hold_ip_or_port
from replylint.rules.shouting import (
    _capitals_chunks,
    _loose_words,
    _may_shout,
    _shouts,
    _words,
)

_PIECES = [
    " ",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\xa0",
    "\u3000",
    "\x1c",
    ".",
    ",",
    ":",
    "!",
    "'s",
    "’s",
    "'",
    '"',
    "“",
    "(",
    "^",
    "*",
    "-",
    "/",
    "&",
    "&amp;",
    "@",
    "#",
    "a",
    "Z",
    "é",
    "É",
    "İ",
    "ß",
    "1",
    "7",
    "٣",
    "DM",
    "ID",
    "^JR",
    "*SR",
    "VERY",
    "NEVER EVER",
    "PLEASE READ",
    "NOTE:",
    '"SAVE"',
    "WI-FI",
    "DON'T",
    "NASA's",
    "HMRC",
    "TELUS",
    "iOS",
    "AT&T",
    "PS4",
    "Hello",
    "sorry",
    "https://",
    "http://x.co/HELP",
    "https://web.archive.org/web/2020/x",
    "HTTPS://A.CO/HT208108",
    "www.",
    "www.Example.com/7",
    "example.com/help.",
    "e.g.",
    "@ann",
    "@user123",
    "@x_9",
    "a@b.co",
    "support@brand.com",
    "x.y+z@mail.example.org",
    "07700 900461",
    "4539 1488 0343 6467",
    "account 40021877",
    "14 Elm Road",
    "12-14",
    "👍",
    "👍🏽",
    "👩‍👩‍👧‍👦",
    "🇵🇹",
    "🇵",
    "©",
    "®",
    "™",
    "‼",
    "1\u20e3",
    "…",
    "订",
    "e\u0301",
    "\u0301",
    "\u200d",
    "\u0600",
    "\u0600a",
    "\u1100\u1161",
    "\u0915\u094d\u0937",
    "\U0001d160",
    "10.10.1.1",
    "1.2.3",
    "0.5",
    ":8",
    ":8002",
    "port",
    "PORT ",
    "port 8080",
    "Port ",
    "\u212a",
    "ſ",
]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14))) for _ in range(n)]


_texts_strategy = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map("".join)


# -- shouting -------------------------------------------------------------------------


def _ctx(text: str, brand: str = "telus", history: str = "") -> DraftContext:
    """The parts of a draft's context the shouting scans read."""
    messages = [SimpleNamespace(text=history)] if history else []
    conversation = SimpleNamespace(messages=messages, brand_handles=[brand])
    ctx = SimpleNamespace(
        text=text,
        placeholders=[],
        config=SimpleNamespace(phrases={}),
        conversation=conversation,
    )
    return cast("DraftContext", ctx)


def _may_shout_in_full(ctx: DraftContext) -> bool:
    words = _words(ctx, _capitals_chunks(ctx.text))
    return _shouts([w for w in words if w.caps and not w.acronym])


def _check_shouting(text: str) -> None:
    for ctx in (_ctx(text), _ctx(text, history="PLEASE help, VERY URGENT NASA")):
        assert _may_shout(ctx) == _may_shout_in_full(ctx), text
        full = {(w.start, w.end) for w in _words(ctx) if w.caps and not w.acronym}
        loose = {
            (w.start, w.end)
            for w in _loose_words(text, _capitals_chunks(text))
            if w.caps and not w.acronym
        }
        assert full <= loose, text


def test_shouting_precheck_agrees_with_the_full_scan() -> None:
    for text in _texts(3000, 7):
        _check_shouting(text)


@given(_texts_strategy)
def test_shouting_precheck_agrees_on_any_text(text: str) -> None:
    _check_shouting(text)


# -- too-long -------------------------------------------------------------------------


def test_split_breaks_where_whitespace_is_but_for_split_only() -> None:
    space = regex.compile(r"\s")
    differ = {
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if chr(cp).isspace() != (space.match(chr(cp)) is not None)
    }
    assert differ == set(_SPLIT_ONLY)


def _check_lengths(text: str) -> None:
    expected = [(m.start(), m.group()) for m in _DOTTED_WORD.finditer(text)]
    assert list(_dotted_words(text)) == expected, text
    assert _plain_weight(text) == _full_plain_weight(text), text
    assert twitter_upper_bound(text) >= twitter_length(text), text


def _full_plain_weight(text: str) -> int:
    if text.isascii() or not regex.search(
        r"[^\x00-\u10FF\u2000-\u200D\u2010-\u201F\u2032-\u2037]", text
    ):
        return len(text)
    return _clusters_weight(text)


def test_lengths_fast_paths_agree() -> None:
    for text in _texts(3000, 8):
        _check_lengths(text)


@given(_texts_strategy)
def test_lengths_fast_paths_agree_on_any_text(text: str) -> None:
    _check_lengths(text)


def test_emoji_weights_next_to_ascii() -> None:
    assert twitter_length("hi 👍🏽 ok") == len("hi  ok") + 2
    assert twitter_length("a\r\n👩‍👩‍👧‍👦\r\nb") == 6 + 2
    assert twitter_length("\u0600x👍") == _clusters_weight("\u0600x👍")


# -- pii-in-reply ---------------------------------------------------------------------


def _check_pii(text: str) -> None:
    assert digit_count(text) == len(re.findall(r"\d", text)), text
    assert has_digit(text) == (re.search(r"\d", text) is not None), text
    if not may_hold_email(text):
        # Nor with links and handles blanked, as ``_find_pii`` searches.
        assert _EMAIL.search(text) is None, text
        handles = [m.span() for m in _HANDLE.finditer(text)]
        assert _EMAIL.search(blank_spans(text, [*url_spans(text), *handles])) is None, text
        if not has_digit(text):
            assert find_pii(text) == [], text


def test_pii_prechecks_agree_with_the_scan() -> None:
    for text in _texts(3000, 9):
        _check_pii(text)


@given(_texts_strategy)
def test_pii_prechecks_agree_on_any_text(text: str) -> None:
    _check_pii(text)


# -- private-channel ------------------------------------------------------------------


def _check_ip_or_port(text: str) -> None:
    # On ASCII text the pre-check reads the bytes: try the text made ASCII as well.
    for variant in (text, text.encode("ascii", "ignore").decode("ascii")):
        if not _may_hold_ip_or_port(variant):
            assert _IP_OR_PORT.search(variant) is None, variant


def test_ip_or_port_precheck_agrees_with_the_scan() -> None:
    for text in _texts(5000, 12):
        _check_ip_or_port(text)


@given(_texts_strategy)
def test_ip_or_port_precheck_agrees_on_any_text(text: str) -> None:
    _check_ip_or_port(text)


def test_ip_or_port_precheck_sees_what_it_stands_for() -> None:
    assert _may_hold_ip_or_port("proxy 10.10.1.1") and _may_hold_ip_or_port("Port 8080")
    assert _may_hold_ip_or_port("mms.example.com:8002")
    assert not _may_hold_ip_or_port("v1.2 at 10:")
