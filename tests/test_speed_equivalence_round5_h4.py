"""The fifth round of cheap paths in ``shouting`` and ``too-long`` agree with what they
stand for:

* ``shouting`` reads a draft of Windows-1252 characters (ASCII, curly quotes, dashes,
  no-break spaces) through one byte per character, the character's class: two capitals
  in a row, the chunks holding a pair of capitals and their count of capitals are those
  the patterns find in the text, and the rule finds what it finds without the classes;
* ``too-long`` weighs such a draft from its Windows-1252 bytes (no NFC check, no pattern
  for the characters that weigh 2), and reports what :func:`measure` reports.

Each reference is the straightforward computation: the rule's patterns on the text, the
weight counted character by character, the rule's path for other text.
"""

from __future__ import annotations

import random
import unicodedata
from types import SimpleNamespace
from typing import cast

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from replylint.lengths import (
    _CONTROLS_BEYOND_ASCII,
    _LIGHT_1252,
    _heavy_count,
    _weight,
    remembered_windows_1252,
    twitter_length,
    twitter_upper_bound,
    windows_1252,
)
from replylint.rules import emoji_on_complaint as emoji
from replylint.rules import shouting as sh
from replylint.rules.base import DraftContext
from replylint.rules.too_long import TooLong, measure

from . import _hypothesis_profiles  # noqa: F401  (registers and loads the profile)

_WINDOWS_1252 = [
    ch for ch in bytes(range(256)).decode("cp1252", "replace") if ch != "\ufffd"
]

# -- shouting: the classes of characters ---------------------------------------------------


def test_classes_are_what_the_patterns_see() -> None:
    stops = regex.compile(r"[\s.^*,;:!?()\[\]{}<>|+=~_a-z\xdf-\xf6\xf8-\xff]")
    for ch in _WINDOWS_1252:
        (byte,) = ch.encode("cp1252")
        cls = chr(sh._CLASSES[byte])
        capital = regex.fullmatch(r"\p{Lu}", ch) is not None
        # A capital for the pair patterns is a capital for ``str.isupper`` (the count).
        assert (cls == "U") == capital == ch.isupper(), repr(ch)
        assert (cls == " ") == (regex.fullmatch(r"\s", ch) is not None), repr(ch)
        assert (cls == "x") == (stops.fullmatch(ch) is not None and cls != " "), repr(ch)
        assert cls in "U xo"
    assert sh._classes("a😀") is None and sh._classes("Ωmega") is None
    assert sh._classes("Wi-Fi’s À\xa0B") == b"UxoUxox U U"


_CAPITAL_PIECES = [
    "AB",
    "A-B",
    "A'B",
    "A’B",
    "A–B",
    "A.B",
    "Ab",
    "aB",
    "ÀÉ",
    "ŠŒ",
    "Ÿ",
    "ß",
    "µ",
    "ª",
    "©",
    "DM",
    "^JR",
    "*SR",
    "ID.^AS",
    "WI-FI",
    "DON'T",
    "NEVER EVER",
    "COVID-19",
    "8AM-8PM",
    "HT201232",
    "https://x.co/HT20",
    "HTTPS://X.CO/AB",
    "Www.X.CO",
    "www.",
    "http://",
    "@KIMR",
    "#WIFI",
    "$USD",
    "%",
    "&amp;",
    "AT&T",
    "hELLO",
    "WAIT",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\xa0",
    "…",
    ".",
    ",",
    ":",
    "!",
    "!!!",
    "_",
    "1",
    "x",
    "o",
]


def _check_classes(text: str) -> None:
    classes = sh._classes(text)
    if classes is None:
        return
    assert len(classes) == len(text)
    assert (b"UU" in classes) == (sh._TWO_CAPITALS.search(text) is not None), text
    chunks = sh._capitals_chunks(text)
    assert sh._chunks_in(text, classes) == chunks, text
    assert sh._enough_capitals_in(text, classes) == sh._enough_capitals(chunks), text


_capital_texts = st.lists(
    st.sampled_from(_CAPITAL_PIECES) | st.sampled_from(_WINDOWS_1252), max_size=24
).map("".join)


@given(_capital_texts)
def test_counting_capitals_in_the_classes_agrees_with_the_chunks(text: str) -> None:
    _check_classes(text)


def test_counting_capitals_in_the_classes_on_many_texts() -> None:
    rng = random.Random(45)
    enough = 0
    for _ in range(4000):
        text = "".join(rng.choice(_CAPITAL_PIECES) for _ in range(rng.randint(1, 16)))
        _check_classes(text)
        enough += sh._enough_capitals(sh._capitals_chunks(text))
    assert 500 < enough < 3500  # both answers are common


@given(st.lists(st.sampled_from(["!", "!!", "a", " ", "¡", "!?"]), max_size=8).map("".join))
def test_three_bangs_is_the_count(text: str) -> None:
    assert sh._three_bangs(text) == (text.count("!") >= 3)


def _ctx(text: str) -> DraftContext:
    """The parts of a draft's context ``shouting`` reads."""
    conversation = SimpleNamespace(
        messages=[SimpleNamespace(text="@Brand WHY is my BILL so HIGH")], brand_handles=["brand"]
    )
    ctx = SimpleNamespace(
        text=text,
        placeholders=[],
        config=SimpleNamespace(phrases={}),
        conversation=conversation,
        cache={},
    )
    return cast("DraftContext", ctx)


def _shouting(text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in sh.Shouting().check(_ctx(text))]


def _check_shouting(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _shouting(text)
    with monkeypatch.context() as m:
        m.setattr(sh, "_classes", lambda _text, _memo=None: None)  # the path of other text
        assert _shouting(text) == fast, text
        # Every word read, whatever the pre-checks say: the full computation.
        m.setattr(sh, "_may_shout", lambda _ctx, _classes=None: True)
        assert _shouting(text) == fast, text


_SHOUT_PIECES = [*_CAPITAL_PIECES, "VERY", "PLEASE READ THIS", "NO", "Bill", "’s", ". "]


@given(st.lists(st.sampled_from(_SHOUT_PIECES), max_size=20).map("".join))
def test_shouting_finds_the_same_with_the_classes(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _check_shouting(text, monkeypatch)


def test_shouting_finds_the_same_with_the_classes_on_many_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(46)
    found = 0
    for _ in range(1000):
        text = "".join(rng.choice(_SHOUT_PIECES) for _ in range(rng.randint(1, 14)))
        _check_shouting(text, monkeypatch)
        found += bool(_shouting(text))
    assert found > 200  # the rule finds something in many of them


# -- emoji-on-complaint: no emoji in Windows-1252 text ---------------------------------------


def test_the_pictographs_of_windows_1252_are_text_symbols() -> None:
    starts = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
    pictographs = [ch for ch in _WINDOWS_1252 if starts.match(ch)]
    assert pictographs and set(pictographs) <= emoji._TEXT_SYMBOLS


_EMOJI_PIECES = [*_WINDOWS_1252, "😊", "🇬🇧", "☺", "©\ufe0f", "™\ufe0f", "👍🏽", ":)", " ", "x" * 5]


def _check_emoji(text: str) -> None:
    memo: dict[str, object] = {}
    expected = emoji.emoji_spans(text)
    assert emoji.emoji_spans(text, memo) == expected, text  # nothing kept yet
    remembered_windows_1252(memo, text)
    assert emoji.emoji_spans(text, memo) == expected, text  # the bytes kept


@given(st.lists(st.sampled_from(_EMOJI_PIECES), max_size=12).map("".join))
def test_emoji_spans_with_the_bytes_of_the_draft(text: str) -> None:
    _check_emoji(text)


def test_emoji_spans_with_the_bytes_of_the_draft_on_many_texts() -> None:
    rng = random.Random(49)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(_EMOJI_PIECES) for _ in range(rng.randint(1, 8)))
        _check_emoji(text)
        found += bool(emoji.emoji_spans(text))
    assert 100 < found < 2900  # emoji in some texts, none in most


# -- too-long: the weight of Windows-1252 text ----------------------------------------------


def test_windows_1252_text_is_nfc() -> None:
    # NFC changes a text only where a character decomposes or combines with the one
    # before it: no character of Windows-1252 does, alone or after another.
    for a in _WINDOWS_1252:
        assert unicodedata.is_normalized("NFC", a)
        for b in _WINDOWS_1252:
            assert unicodedata.is_normalized("NFC", a + b), (a, b)


def test_light_bytes_are_the_characters_that_weigh_one() -> None:
    for ch in _WINDOWS_1252:
        (byte,) = ch.encode("cp1252")
        assert (byte in _LIGHT_1252) == (_weight(ch) == 1 and ch not in "©®"), repr(ch)


def test_lower_case_makes_no_w_or_dot_but_from_w_and_dot() -> None:
    for cp in range(0x110000):
        ch = chr(cp)
        low = ch.lower()
        if ch not in "Ww":
            assert "w" not in low, hex(cp)
        if ch != ".":
            assert "." not in low, hex(cp)


def test_printable_ascii_bytes() -> None:
    for cp in range(128):
        ch = chr(cp)
        printable = ch.encode("ascii").translate(_CONTROLS_BEYOND_ASCII).isascii()
        assert printable == ch.isprintable(), hex(cp)


_WEIGHT_PIECES = [
    *_WINDOWS_1252,
    "https://web.archive.org/web/2020/https://x.com/a ",
    "www.x.co ",
    "@kim ",
    " @sam ",
    "&amp;",
    "&#8230;",
    "…",
    "€",
    "™",
    "x" * 40,
]


def test_windows_1252_is_remembered_with_its_text() -> None:
    memo: dict[str, object] = {}
    assert remembered_windows_1252(memo, "Sorry – ’tis") == "Sorry – ’tis".encode("cp1252")
    assert memo["windows-1252"] == ("Sorry – ’tis", "Sorry – ’tis".encode("cp1252"))
    assert remembered_windows_1252(memo, "Sorry 😔") is None  # another text: encoded afresh
    assert remembered_windows_1252(memo, "Sorry 😔") is None  # remembered as None
    assert remembered_windows_1252(memo, "ok") == b"ok"
    assert remembered_windows_1252(memo, "ok", encode=False) == b"ok"
    assert remembered_windows_1252(memo, "no", encode=False) is None  # not kept
    assert memo["windows-1252"] == ("ok", b"ok")


def _check_weight(text: str) -> None:
    encoded = windows_1252(text)
    assert (encoded is None) == any(ch not in _WINDOWS_1252 for ch in text)
    memo: dict[str, object] = {}
    assert twitter_upper_bound(text, 280, memo) == twitter_upper_bound(text, 280)
    if encoded is None:
        return
    weight = len(text) + len(encoded.translate(None, _LIGHT_1252))
    assert weight == len(text) + _heavy_count(text) + text.count("©") + text.count("®")
    length = twitter_length(text)
    for within in (None, 100, 280):
        assert twitter_upper_bound(text, within) >= length, text


@given(st.lists(st.sampled_from(_WEIGHT_PIECES), max_size=30).map("".join))
def test_weight_from_windows_1252_bytes(text: str) -> None:
    _check_weight(text)


def test_weight_from_windows_1252_bytes_on_many_texts() -> None:
    rng = random.Random(47)
    for _ in range(1200):
        _check_weight("".join(rng.choice(_WEIGHT_PIECES) for _ in range(rng.randint(1, 40))))


def _too_long(text: str, length: str, limit: int | None) -> list[tuple[int, int, str | None]]:
    ctx = SimpleNamespace(
        text=text,
        channel="x",
        channel_config=SimpleNamespace(limit=limit, length=length),
        cache={},
    )
    return [(f.start, f.end, f.message) for f in TooLong().check(cast("DraftContext", ctx))]


@pytest.mark.parametrize("length", ["twitter", "sms", "chars"])
def test_too_long_reports_what_measure_finds(length: str) -> None:
    rng = random.Random(48)
    pieces = [*_WEIGHT_PIECES, "Sorry for the wait, we're on it. " * 3]
    over = 0
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        limit = rng.choice([None, 20, 140, 280])
        expected = []
        if limit is not None:  # no limit, nothing to check
            size = measure(text, length, limit)
            if size.over:
                message = f"Draft is {size.value} {size.unit} long; x allows {size.limit}"
                expected.append((0, len(text), message))
                over += 1
        assert _too_long(text, length, limit) == expected, text
    assert 40 < over < 300  # some over the limit, more within
