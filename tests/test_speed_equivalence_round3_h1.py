"""The third round of cheap paths in ``too-long`` and ``shouting`` agree with what they
stand for: the Twitter/X bound that counts whole-URL words 23 (and skips the leading
@mentions) is never below the length, the chunk scan that reads pairs of capitals finds
the chunks of the full pattern on any text, and the count of capitals that lets
``shouting`` skip reading words never skips a draft whose words shout."""

from __future__ import annotations

import html
import random
import string
import sys

import regex
from hypothesis import given
from hypothesis import strategies as st

from replylint.lengths import (
    _ENTITY,
    _SPLIT_ONLY,
    _TRAILING,
    _unescape,
    _urls,
    _whole_url_words,
    twitter_length,
    twitter_upper_bound,
)
from replylint.rules.shouting import (
    _CAPITALS_CHUNK,
    _capitals_chunks,
    _enough_capitals,
    _loose_words,
    _shouts,
)

from . import _hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from .test_speed_equivalence_rules import _PIECES

# -- too-long: the bound with whole-URL words and leading mentions ---------------------

_URL_PIECES = [
    " ",
    " ",
    " ",
    "\n",
    "\t",
    "\xa0",
    "\u3000",
    "\x1c",
    "\x1f",
    ".",
    ". ",
    ",",
    ")",
    "(",
    "!",
    "…",
    '"',
    "<",
    ">",
    ":",
    "/",
    "&amp;",
    "&#58;",
    "&#46;",
    "&#x20;",
    "a",
    "Z",
    "é",
    "e\u0301",
    "\U0001d160",
    "订",
    "👍",
    "👩‍👩‍👧‍👦",
    "©",
    "\u200d",
    "@ann ",
    "@ann",
    "@" + "x" * 31,
    "@bob_9 ",
    " @cy ",
    "https://",
    "http://",
    "HTTPS://",
    "hTtP://",
    "https:/",
    "://",
    "xhttps://",
    "www.",
    "WWW.",
    "https://x",
    "https://a.co",
    "https://web.archive.org/web/20200401224734/https://support.google.com/yt/answer/1",
    "http://amzn.to/NAYourOrders",
    "https://x.co/" + "p" * 40,
    "example.com/help",
    "a.co",
    "e.g.",
    "ſ",
    "\u212a",
]

_url_texts = st.lists(st.sampled_from(_URL_PIECES) | st.text(max_size=3), max_size=30).map("".join)


def _url_text(rng: random.Random) -> str:
    return "".join(rng.choice(_URL_PIECES) for _ in range(rng.randint(1, 16)))


def _check_bound(text: str) -> None:
    length = twitter_length(text)
    assert twitter_upper_bound(text) >= length, text
    # With a target the mentions are read only above it: never below the length either.
    for within in (0, length - 1, length, length + 30, 280):
        bound = twitter_upper_bound(text, within)
        assert bound >= length, (text, within)
    # Each whole-URL word is a whole ``\S+`` word, and ``_urls`` reads it all but for
    # trailing punctuation: it counts exactly 23.
    spans = set(_urls(text))
    for start, end in _whole_url_words(text):
        word = regex.compile(r"(?<!\S)\S+").match(text, start)
        assert word is not None and word.end() == end, (text, start, end)
        assert (start, start + len(text[start:end].rstrip(_TRAILING))) in spans, text


def test_twitter_bound_with_url_words_is_never_below_the_length() -> None:
    rng = random.Random(31)
    for _ in range(4000):
        _check_bound(_url_text(rng))


@given(_url_texts)
def test_twitter_bound_with_url_words_on_any_text(text: str) -> None:
    _check_bound(text)


def test_twitter_bound_counts_url_words_and_mentions_exactly() -> None:
    # The bound is the length on the drafts the rule sees most: one long link, leading
    # mentions, no other dot.
    url = "https://web.archive.org/web/20200401224734/https://support.google.com/yt/answer/1"
    for text in (
        f"@ann @bob Here's how: {url} Hope this helps",
        f"@ann See {url}, or {url}!",
        f"@ann\xa0@bob\n{url} Thanks",
        f"@ann Thanks, {url}",
    ):
        assert twitter_upper_bound(text) == twitter_length(text), text
    draft = "@someone_long " + "Sorry for the trouble " * 11 + url
    assert len(draft) > 280 >= twitter_upper_bound(draft, 280) >= twitter_length(draft)


def test_whitespace_sets() -> None:
    space = regex.compile(r"\s")
    expected = {chr(cp) for cp in range(sys.maxunicode + 1) if space.match(chr(cp))}
    # too-long: a printable word holds no whitespace but " ", by either definition.
    printable = {chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isprintable()}
    assert printable & (expected | set(_SPLIT_ONLY)) == {" "}
    assert all(not ch.isspace() for ch in printable - {" "})


# -- shouting: chunks of capitals, and the count of capitals ---------------------------


# The pieces of the rules' corpus, and capitals of every kind, words in capitals.
_CAPS_PIECES = [
    *_PIECES,
    "\u2003",
    "’",
    "_",
    "ẞ",
    "Ǆ",
    "ǅ",
    "Ⅻ",
    "Ω",
    "ID ",
    "OK ",
    "W-I-F-I",
    "ÉTÉ",
    "ÜBER",
    "https://x.co/HT20",
    "@ANN",
    "#TAG",
]

_caps_texts = st.lists(st.sampled_from(_CAPS_PIECES) | st.text(max_size=3), max_size=30).map(
    "".join
)


def _caps_text(rng: random.Random) -> str:
    return "".join(rng.choice(_CAPS_PIECES) for _ in range(rng.randint(1, 16)))


def _check_capitals(text: str) -> None:
    chunks = _capitals_chunks(text)
    assert chunks == [(m.start(), m.group()) for m in _CAPITALS_CHUNK.finditer(text)], text
    if not _enough_capitals(chunks):
        shouted = [w for w in _loose_words(text, chunks) if w.caps and not w.acronym]
        assert not _shouts(shouted), text


def test_capitals_on_ascii_text_are_a_to_z() -> None:
    capital = regex.compile(r"\p{Lu}")
    assert {chr(cp) for cp in range(128) if capital.match(chr(cp))} == set(string.ascii_uppercase)


# Just enough capitals to shout: three words of two, or one of four.
_JUST_ENOUGH = ["ID OK AS", "ID,OK.AS", "^ID *OK\xa0AS", "VERY", "DON'T", "ÉTÉS", "W-I-F-I"]


def test_capitals_prechecks_agree_with_the_full_scans() -> None:
    for text in _JUST_ENOUGH:
        _check_capitals(text)
        assert _enough_capitals(_capitals_chunks(text)), text
    rng = random.Random(37)
    for _ in range(4000):
        _check_capitals(_caps_text(rng))


@given(_caps_texts)
def test_capitals_prechecks_agree_on_any_text(text: str) -> None:
    _check_capitals(text)


# -- entities ---------------------------------------------------------------------------

_ENTITY_PIECES = ["&", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&AMP;", "&#46;", "&#x3C;"]
_ENTITY_PIECES += ["amp;", "lt;", "quot", ";", "#", "a", " ", "<", "é"]


@given(st.lists(st.sampled_from(_ENTITY_PIECES) | st.text(max_size=2), max_size=20).map("".join))
def test_unescape_replaces_what_the_pattern_finds(text: str) -> None:
    expected = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    assert _unescape(text) == expected, text


def test_unescape_reads_each_entity_once() -> None:
    assert _unescape("&amp;lt; &lt;&amp;gt;&gt; &amp;amp;") == "&lt; <&gt;> &amp;"
