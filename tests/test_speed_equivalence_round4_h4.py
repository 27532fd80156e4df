"""The fourth round of cheap paths in ``duplicate-reply`` and ``shouting`` agree with what
they stand for:

* ``duplicate-reply`` drops @handles of ASCII text without the pattern (``\\w`` is
  [A-Za-z0-9_] there), replaces numbers only in text that holds a digit, and looks a
  customer's name up among the words only when the name is part of their join;
* ``shouting`` finds each chunk of capitals with one match that runs to the chunk's end
  and a backward search for the whitespace before it, and reads the head of a chunk
  for a URL scheme only when it starts with "h" or "w".

Each reference is the straightforward computation: the pattern applied along the whole
text, the words looked up one by one, the chunk pattern of the rule.
"""

from __future__ import annotations

import random

import regex
from hypothesis import given
from hypothesis import strategies as st

from replylint import Conversation, Linter
from replylint.lengths import url_scheme_length
from replylint.rules import duplicate_reply as dup
from replylint.rules.shouting import _CAPITALS_CHUNK, _capitals_chunks, _starts_url

from . import _hypothesis_profiles  # noqa: F401  (registers and loads the profile)

# -- duplicate-reply: handles ------------------------------------------------------------

def _joined(pieces: list[str], most: int, mixed: int, text: int) -> st.SearchStrategy[str]:
    """Texts of up to ``most`` of ``pieces``, or of up to ``mixed`` pieces and random
    snippets of up to ``text`` characters."""
    return st.one_of(
        st.lists(st.sampled_from(pieces), max_size=most).map("".join),
        st.lists(st.sampled_from(pieces) | st.text(max_size=text), max_size=mixed).map("".join),
    )


_HANDLE_PIECES = [
    "@",
    "@@",
    "@a",
    "@kim_r",
    "@Kim_R9",
    "@" + "x" * 29,
    "@" + "y" * 30,
    "@" + "z" * 31,
    "@" + "Q" * 45,
    "_",
    "a",
    "9",
    "Z",
    " ",
    "\t",
    "\n",
    ".",
    "-",
    "'",
    "#",
    "a@b.com",
    "x@",
    "\x1c",
    "\x7f",
    "é",
    "ü@x",
    "@é",
    "@ab\u0301",
    "٣",
]
_handle_texts = _joined(_HANDLE_PIECES, 16, 12, 4)


@given(_handle_texts)
def test_handles_of_any_text_are_dropped_as_the_pattern_would(text: str) -> None:
    assert dup._drop_handles(text) == dup._HANDLE.sub(" ", text)


def test_handles_of_ascii_text_are_dropped_as_the_pattern_would() -> None:
    # Many ASCII texts: every "@" after every kind of character, runs around 30 long.
    rng = random.Random(4)
    ascii_pieces = [p for p in _HANDLE_PIECES if p.isascii()]
    for _ in range(6000):
        text = "".join(rng.choice(ascii_pieces) for _ in range(rng.randint(1, 12)))
        assert dup._drop_handles(text) == dup._HANDLE.sub(" ", text), text
    # Every ASCII character before and after an "@".
    for before in map(chr, range(128)):
        for after in map(chr, range(128)):
            text = f"{before}@{after}{after}"
            assert dup._drop_handles(text) == dup._HANDLE.sub(" ", text), text


def test_ascii_word_characters_are_those_of_the_pattern() -> None:
    word = regex.compile(r"\w")
    assert {chr(c) for c in range(128) if word.match(chr(c))} == set(dup._ASCII_WORD)


# -- duplicate-reply: numbers --------------------------------------------------------------


def _reference_words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in dup._WORD.findall(dup._NUMBER.sub(" # ", text)))


_WORD_PIECES = ["12", "3.5", "1..2", "10:30", "4/5-6", "#", "a1b", "0", "9x", "don't", "ok"]
_word_texts = st.lists(
    st.sampled_from([*_WORD_PIECES, " ", ".", ",", "-", "/", ":", "'"]) | st.text(max_size=3),
    max_size=16,
).map("".join)


@given(_word_texts)
def test_words_with_and_without_digits_are_those_of_the_patterns(text: str) -> None:
    assert dup._words(text) == _reference_words(text)


# -- duplicate-reply: customers' names -----------------------------------------------------

_NAME_TEXT = (
    "Hi Al, also Ola and alex: we are sorry for the delay. Please DM us your details "
    "and our team will look into this for you, Ann-Marie. Hål på Éva's order."
)
_NAMES = [
    "Al",
    "al",
    "Ola",
    "Alex",
    "Ann-Marie",
    "Ann",
    "Mar",
    "team",
    "éva",
    "Hål",
    "hå",
    "Kim",
    "ſam",
    "İlk",
    "DM us",
    "",
    "@ola_n",
    "o",
]


def _normalised_signature(text: str, names: list[str]) -> tuple[bytes, tuple[int, ...]] | None:
    """What ``collect`` keeps of a draft, from :func:`normalise` (every word looked up)."""
    words = dup.normalise(text, names)
    if len(words) < dup.MIN_WORDS:
        return None
    exact, shingles, sketch = dup._reduce(words)
    return exact, sketch if sketch is not None else dup._sketches([shingles])[0]


@given(
    st.lists(st.sampled_from(_NAMES), min_size=0, max_size=3),
    st.integers(0, 60),
    st.sampled_from(["", " Al", " ola OLA", " x y"]),
)
def test_collect_drops_the_names_that_normalise_drops(
    names: list[str], cut: int, extra: str
) -> None:
    # Names that are words of the text, parts of its words only ("al" of "also"), both,
    # or neither; a text cut short enough that dropping them leaves too few words.
    text = " ".join(_NAME_TEXT.split()[cut % 30 :]) + extra
    messages = [{"role": "customer", "author": name or None, "text": "hi"} for name in names]
    messages = messages or [{"role": "customer", "text": "hi"}]
    conv = Conversation.model_validate({"brand": "@Brand", "messages": messages, "draft": text})
    linter = _linter()
    (rule,) = linter._batch_rules()
    (ctx,) = linter._contexts([conv])
    for cached in (False, True):  # the text reduced afresh, then read from the cache
        if not cached:
            dup._TEXTS.clear()
        got = rule.collect(ctx)
        expected = _normalised_signature(text, [n for n in names if n])
        if expected is None:
            assert got is None
        else:
            assert got is not None
            sketch = got.sketch if got.sketch is not None else dup._sketches([got.shingles])[0]
            assert (got.exact, sketch) == expected


_LINTER: list[Linter] = []


def _linter() -> Linter:
    if not _LINTER:
        _LINTER.append(Linter(select=["duplicate-reply"]))
    return _LINTER[0]


# -- shouting: chunks of capitals ----------------------------------------------------------

_CHUNK_PIECES = [
    "AB",
    "A-B",
    "A.B",
    "Ab",
    "aB",
    "ID",
    "W-I-F-I",
    "HT201232",
    "https://x.co/HT20",
    "ÉTÉ",
    "ẞ",
    "ǅ",
    "Ⅻ",
    "Ωß",
    "ÀÆ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\xa0",
    "\u2003",
    "\u2028",
    "\u3000",
    "\u200b",
    "_",
    ".",
    ",",
    "!",
    "^",
    "@",
    "#",
    "1",
    "x",
]
_chunk_texts = _joined(_CHUNK_PIECES, 24, 16, 3)


@given(_chunk_texts)
def test_capitals_chunks_are_those_of_the_chunk_pattern(text: str) -> None:
    expected = [(m.start(), m.group()) for m in _CAPITALS_CHUNK.finditer(text)]
    assert _capitals_chunks(text) == expected


def test_capitals_chunks_on_many_texts() -> None:
    rng = random.Random(41)
    ascii_pieces = [p for p in _CHUNK_PIECES if p.isascii()]
    for pieces in (ascii_pieces, _CHUNK_PIECES):
        for _ in range(3000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
            expected = [(m.start(), m.group()) for m in _CAPITALS_CHUNK.finditer(text)]
            assert _capitals_chunks(text) == expected, text


_URL_HEADS = ["http://", "https://", "HTTPS://", "Www.", "www.", "hTtP://", "ftp://", "w", "h"]


@given(
    st.lists(st.sampled_from(_URL_HEADS) | st.text(min_size=1, max_size=3), min_size=1, max_size=4)
    .map("".join)
    .filter(bool)
)
def test_url_chunks_are_found_by_their_scheme(chunk: str) -> None:
    assert _starts_url(chunk) == (0 < url_scheme_length(chunk) < len(chunk))


def test_url_initials_are_the_first_letters_of_every_scheme() -> None:
    # A chunk that starts a scheme starts with a character that lower-cases to "h" or
    # "w" (the scheme test lower-cases the chunk's head): all such characters are initials.
    for c in map(chr, range(0x110000)):
        head = (c + "ttps://x").lower()
        if head.startswith("https://") or (c + "ww.x").lower().startswith("www."):
            assert c in "hHwW", repr(c)
    for scheme in ("http://", "https://", "www."):
        for chunk in (scheme + "x", scheme.upper() + "x", scheme.title() + "x"):
            assert _starts_url(chunk) and 0 < url_scheme_length(chunk) < len(chunk)
