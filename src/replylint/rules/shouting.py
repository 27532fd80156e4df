"""``shouting``: words or sentences in ALL CAPS, or stacked exclamation marks."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Container, Iterable
from typing import Any, NamedTuple

import regex

from .._lazy import lazy_regex
from ..lengths import remembered_windows_1252, url_scheme_length, windows_1252
from ..models import Severity
from ._draft import sentences, url_spans
from ._tone import word_set
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

_CHUNK = lazy_regex(r"\S+")
_FLAT = lazy_regex(r"[\-'’.]")
_TWO_CAPITALS = lazy_regex(r"\p{Lu}\p{Lu}")
# Pieces of a chunk: "ID.^AS" is two words, "Wi-Fi" and "DON'T" are one.
_PIECE = lazy_regex(r"[^\s.^*,;:!?()\[\]{}<>|+=~_]+[.,;:!?]*")
# A chunk that may hold a word in capitals: two capitals in one piece with no lower-case
# letter between them ("DM", "^JR", "WI-FI"). Only unmistakable lower-case letters are
# ruled out between them, so every word of two or more capitals is found. (Slow on long
# chunks: :func:`_capitals_chunks` finds the same chunks from the pairs.)
_CAPITALS_CHUNK = lazy_regex(
    r"(?<!\S)\S*?\p{Lu}[^\s.^*,;:!?()\[\]{}<>|+=~_a-z\xdf-\xf6\xf8-\xff]*?\p{Lu}\S*"
)
_BANG = lazy_regex(r"[!?¡]*![!?¡]*![!?¡]*![!?¡]*")
_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?…*_~^"
_QUOTES = "\"'“”‘’«»"
# A single capitalised word shouts from this many letters; shorter ones are mostly
# acronyms and sign-offs (DM, ID, ^JR) and count only inside an all-caps sentence.
_SHOUTED_WORD = 4
# A sentence shouts when it has this many all-caps words making up this share of its words.
_SENTENCE_WORDS = 3
_SENTENCE_SHARE = 0.6


class _Word(NamedTuple):
    """A word of the draft: its span, its text, whether it is in capitals and whether
    it is exempt. A named tuple: the rule makes many, and these are the cheapest to make."""

    start: int
    end: int
    text: str
    caps: bool
    acronym: bool


@register
class Shouting(Rule):
    slug = "shouting"
    severity = Severity.WARNING
    message = "Shouts: ALL-CAPS words or stacked exclamation marks"
    phrase_lists = ()
    suggestion = "Write in sentence case and use one exclamation mark at most."
    docs = RuleDocs(
        what=(
            "Flags words written in capitals (four letters or more: VERY, PROMISE), "
            "sentences written mostly in capitals, and stacks of three or more exclamation "
            "marks. Acronyms (the list in `data/phrases/acronyms.txt`, extendable in the "
            "configuration), words of two or three letters (DM, ID, SIM), words without a "
            "vowel (HMRC), words with digits "
            '(SL220, 5G), @handles, hashtags, URLs, placeholders, quoted UI labels ("SAVE"), '
            "labels before a colon (NOTE:) and capitalised words the conversation already uses "
            "(the brand's own name) are left alone."
        ),
        why=(
            "Capitals read as raised voices. The guidance points at the attitude of customer "
            'service staff as what has "the most lasting impact on the customer relationship" '
            "(seed 004); a reply that shouts — even enthusiastically — sounds angry or "
            "panicked, and more so to a customer who is already upset."
        ),
        seeds=("004",),
        instead=(
            "Let the words carry the weight: \"We're really sorry, Lena. An engineer will be "
            'with you tomorrow between 8am and 12pm."'
        ),
        guidance='Don\'t shout at customers: no ALL CAPS, no "!!!" (seed 004).',
    )
    failing = (
        Example(
            "We are VERY sorry Lena, an engineer will be with you tomorrow morning.",
            flagged="VERY",
        ),
        Example(
            "PLEASE READ OUR PREVIOUS MESSAGE. Your Sports pack was cancelled on 2 April.",
            flagged="PLEASE READ OUR PREVIOUS MESSAGE.",
        ),
        Example("Your refund is on its way!!! Thanks for waiting.", flagged="!!!"),
        Example("Do NOT share your PIN with anyone, NEVER EVER.", flagged="NEVER EVER"),
    )
    passing = (
        Example("Hi Anna, please comment with the PIN on your SIM pack and we'll reset it via DM."),
        Example("Sorry Rich! 4G and 5G data in Leeds LS6 will be back by 7pm. ^KM"),
        Example('Tap "SAVE" at the bottom of the screen, then restart the app. Thanks so much!!'),
        Example("Hi {{FIRST_NAME}}, ASAP means today: see https://example.com/HELP for details."),
        Example(
            "Hi Sam, your TELUS bill shows the roaming charge for 2 June.",
            context="@TELUS why is my TELUS bill so high??",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        text = ctx.text
        classes = _classes(text, ctx.cache)
        if classes is not None:
            capitals = b"UU" in classes  # what ``_TWO_CAPITALS`` finds
        else:
            capitals = _TWO_CAPITALS.search(text) is not None
        stacked = _three_bangs(text)
        if not capitals and not stacked:
            return ()  # no word in capitals, no stacked "!!!": nothing to shout
        # Most drafts hold capitals only in acronyms and sign-offs (DM, ^JR): without a
        # shouted word no sentence or word can shout, and only "!!!" is left to find.
        if _may_shout(ctx, classes):
            words = _words(ctx)
        elif stacked:
            words = []
        else:
            return ()
        findings: list[Finding] = []
        i = 0
        for sentence in sentences(ctx) if words else ():
            # Words and sentences are both in text order: one pass over each.
            while i < len(words) and words[i].start < sentence.start:
                i += 1
            j = i
            while j < len(words) and words[j].start < sentence.end:
                j += 1
            inside = words[i:j]
            i = j
            shouted = [w for w in inside if w.caps and not w.acronym]
            if len(shouted) >= _SENTENCE_WORDS and len(shouted) >= _SENTENCE_SHARE * len(inside):
                findings.append(Finding(sentence.start, sentence.end))
                continue
            loud = [w for w in shouted if sum(ch.isalpha() for ch in w.text) >= _SHOUTED_WORD]
            for w in loud:
                last = findings[-1] if findings else None
                if last is not None and not text[last.end : w.start].strip():
                    findings[-1] = Finding(last.start, w.end)  # "NEED HELP" is one shout
                else:
                    findings.append(Finding(w.start, w.end))
        if stacked:
            urls = _merged(url_spans(text))
            shouts = _merged([(f.start, f.end) for f in findings])
            for m in _BANG.finditer(text):
                if _inside(urls, m.start()) or _inside(shouts, m.start()):
                    continue
                findings.append(Finding(m.start(), m.end()))
        findings.sort(key=lambda f: f.start)
        return findings


def _three_bangs(text: str) -> bool:
    """``text.count("!") >= 3`` (what "!!!" needs), with up to three searches: each
    stops at the next "!", and most drafts hold none or one."""
    i = text.find("!")
    if i >= 0:
        i = text.find("!", i + 1)
    return i >= 0 and text.find("!", i + 1) >= 0


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted by start, not overlapping)?"""
    k = bisect.bisect_right(spans, (pos, _FAR)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


_FAR = 1 << 62


def _may_shout(ctx: DraftContext, classes: bytes | None = None) -> bool:
    """Can a word or sentence of the draft shout: is there a shouted word (in capitals,
    not exempt) of four letters or more, or are there three shouted words? Only the
    chunks that can hold a word of two or more capitals are read. ``classes``: those of
    the draft's characters (:func:`_classes`), when known."""
    text = ctx.text
    if classes is not None:
        # What ``_enough_capitals`` and ``_capitals_chunks`` find, read from the classes.
        if not _enough_capitals_in(text, classes):
            return False
        chunks = _chunks_in(text, classes)
    else:
        chunks = _capitals_chunks(text)
        if not _enough_capitals(chunks):
            return False
    loose = _loose_words(text, chunks)
    if not _shouts([w for w in loose if w.caps and not w.acronym]):
        return False
    return _shouts([w for w in _words(ctx, chunks) if w.caps and not w.acronym])


def _enough_capitals(chunks: list[tuple[int, str]]) -> bool:
    """Do ``chunks`` hold capitals enough for :func:`_loose_words` to find words that
    shout? All the letters of a word in capitals, two or more, are capitals: a word that
    shouts alone has four in its chunk, and three words have six in all. The chunks
    :func:`_loose_words` skips do not count."""
    total = 0
    for _, raw in chunks:
        if raw[0] in "@#$%&" or _starts_url(raw):
            continue
        capitals = sum(map(str.isupper, raw))
        if capitals >= _SHOUTED_WORD:
            return True
        total += capitals
    return total >= 2 * _SENTENCE_WORDS


# What ``_PAIR`` (``_ASCII_PAIR``) and ``_LAST_SPACE`` tell apart in a text, one byte per
# character: "U" a capital (``\p{Lu}``), " " whitespace (what ``\s`` matches: not
# "\x1c"-"\x1f", which ``str.split`` breaks at), "x" a character that ends a run between
# two capitals (a lower-case letter of the pattern or a stop character), "o" any other.
# The table is indexed by the character's Windows-1252 byte, which is its ASCII byte for
# ASCII: most drafts are ASCII, and most others only add curly quotes, dashes or a
# no-break space, all in Windows-1252. ``bytes.translate`` makes the classes in one
# pass; ``bytes`` searches and a plain ``re`` pattern read them much faster than the
# ``regex`` patterns read the text.
def _class_of(ch: str) -> str:
    if unicodedata.category(ch) == "Lu":
        return "U"
    if ch.isspace() and ch not in "\x1c\x1d\x1e\x1f":
        return " "
    if (
        "a" <= ch <= "z"
        or ch in ".^*,;:!?()[]{}<>|+=~_"
        or ("\xdf" <= ch <= "\xff" and ch != "\xf7")
    ):
        return "x"
    return "o"


# Every character of Windows-1252 by its byte (the five bytes it leaves undefined, read
# as U+FFFD here, come from no text).
_CLASSES = "".join(map(_class_of, bytes(range(256)).decode("cp1252", "replace"))).encode()


def _classes(text: str, memo: dict[str, Any] | None = None) -> bytes | None:
    """The class of each character of ``text`` (see ``_CLASSES``), or None when a
    character is outside Windows-1252 (an emoji, most letters beyond Latin-1).
    ``memo``: a draft's cache, to share its Windows-1252 bytes with other rules."""
    if text.isascii():
        return text.encode("ascii").translate(_CLASSES)
    encoded = windows_1252(text) if memo is None else remembered_windows_1252(memo, text)
    return None if encoded is None else encoded.translate(_CLASSES)


@functools.cache
def _class_pair() -> re.Pattern[bytes]:
    """``_PAIR`` on the classes of a text: two capitals with only capitals and "o"
    characters between them, and the rest of their chunk."""
    return re.compile(rb"U[Uo]*U[^ ]*")


def _enough_capitals_in(text: str, classes: bytes) -> bool:
    """``_enough_capitals(_capitals_chunks(text))``, read from the ``classes`` of
    ``text``: the same chunks in the same order (each match of ``_class_pair`` runs to
    the end of a chunk holding a pair, as ``_PAIR`` does in ``text``, and the last " "
    before it is the last whitespace), each chunk's capitals counted there (on
    Windows-1252 characters ``str.isupper`` holds for the capitals only; a test checks),
    and the same chunks skipped, without slicing them out of ``text``."""
    total = 0
    for m in _class_pair().finditer(classes):
        end = m.end()
        start = classes.rfind(b" ", 0, m.start()) + 1
        first = text[start]
        if first in "@#$%&" or (
            # ``_starts_url``: a scheme of eight characters at most, and more after it.
            first in _URL_INITIALS and 0 < url_scheme_length(text[start : start + 8]) < end - start
        ):
            continue
        capitals = classes.count(b"U", start, end)
        if capitals >= _SHOUTED_WORD:
            return True
        total += capitals
    return total >= 2 * _SENTENCE_WORDS


def _chunks_in(text: str, classes: bytes) -> list[tuple[int, str]]:
    """``_capitals_chunks(text)``, read from the ``classes`` of ``text`` (see
    :func:`_enough_capitals_in`)."""
    chunks: list[tuple[int, str]] = []
    for m in _class_pair().finditer(classes):
        start = classes.rfind(b" ", 0, m.start()) + 1
        chunks.append((start, text[start : m.end()]))
    return chunks


def _shouts(shouted: list[_Word]) -> bool:
    """Are there enough ``shouted`` words for a word or a sentence to shout?"""
    return len(shouted) >= _SENTENCE_WORDS or any(
        sum(ch.isalpha() for ch in w.text) >= _SHOUTED_WORD for w in shouted
    )


_NO_WORDS: frozenset[str] = frozenset()


def _loose_words(text: str, chunks: Iterable[tuple[int, str]]) -> list[_Word]:
    """The words of ``chunks`` as :func:`_words` reads them, but without its costlier
    exemptions (URLs and placeholders, acronyms, the brand, the conversation's own
    capitals). A word in capitals that :func:`_words` does not exempt is in capitals and
    not exempt here too, and :func:`_shouts` can only turn false on fewer words: when
    these words do not shout, the draft's words do not either."""
    out: list[_Word] = []
    for offset, raw in chunks:
        if raw[0] in "@#$%&" or _starts_url(raw):
            continue
        for piece in _PIECE.finditer(raw):
            part = piece.group()
            # No word in capitals here (cheap tests first, most pieces are of links): a
            # "/" or "&" makes an exempt word, and with no capital letter at all (only
            # lower-case ones) no word is in capitals.
            if "/" in part or "&" in part or part.islower():
                continue
            word = _word(text, offset + piece.start(), part, _NO_WORDS, _NO_WORDS, [])
            if word is not None:
                out.append(word)
    return out


def _starts_url(chunk: str) -> bool:
    """Does a URL (as :func:`url_spans` finds them) start the ``chunk``: an ASCII scheme
    ("http://", "https://" or "www.", in any case) followed by one character or more? A
    chunk follows whitespace, and a URL runs to the next whitespace: no URL found before
    reaches it, so :func:`url_spans` finds this one, and :func:`_words` skips the chunk."""
    # Every scheme starts with "h" or "w" (in either case): other chunks are answered
    # without reading their head.
    return chunk[:1] in _URL_INITIALS and 0 < url_scheme_length(chunk) < len(chunk)


_URL_INITIALS = frozenset("hHwW")


# ``_CAPITALS_CHUNK`` matches a whole chunk (``\S+``, between whitespace) around two
# capitals with none of its stop characters between them: ``_PAIR`` finds such pairs (it
# cannot run across whitespace), ``_ASCII_PAIR`` on ASCII text. Each also takes in the
# rest of the pair's chunk (``\S*``): a match ends where its chunk ends, and the search
# goes on after the chunk instead of finding its other pairs.
_PAIR = lazy_regex(r"\p{Lu}[^\s.^*,;:!?()\[\]{}<>|+=~_a-z\xdf-\xf6\xf8-\xff]*?\p{Lu}\S*")
_ASCII_PAIR = lazy_regex(r"[A-Z][^\t\n\x0b\x0c\r .^*,;:!?()\[\]{}<>|+=~_a-z]*[A-Z]\S*")
# The last whitespace before a position: the pattern is tried from that position back.
_LAST_SPACE = lazy_regex(r"\s", regex.REVERSE)


def _capitals_chunks(text: str) -> list[tuple[int, str]]:
    """The chunks ``_CAPITALS_CHUNK`` finds in ``text``, with their offsets."""
    chunks: list[tuple[int, str]] = []
    for m in (_ASCII_PAIR if text.isascii() else _PAIR).finditer(text):
        space = _LAST_SPACE.search(text, 0, m.start())
        start = 0 if space is None else space.end()
        chunks.append((start, text[start : m.end()]))
    return chunks


def _words(ctx: DraftContext, chunks: Iterable[tuple[int, str]] | None = None) -> list[_Word]:
    """Alphabetic words of the draft (of its ``chunks``, offsets and text; by default
    every ``\\S+``), with whether they are capitals and exempt."""
    text = ctx.text
    acronyms = word_set("acronyms", ctx)
    known = _KnownCapitals(ctx)
    handles = ctx.conversation.brand_handles
    skip: list[tuple[int, int]] | None = None
    out: list[_Word] = []
    if chunks is None:
        chunks = ((m.start(), m.group()) for m in _CHUNK.finditer(text))
    for offset, raw in chunks:
        if raw[0] in "@#$%&":
            continue
        if skip is None:
            skip = _merged([*ctx.placeholders, *url_spans(text)])
        if _inside(skip, offset):
            continue
        for piece in _PIECE.finditer(raw):
            word = _word(text, offset + piece.start(), piece.group(), acronyms, known, handles)
            if word is not None:
                out.append(word)
    return out


class _KnownCapitals:
    """:func:`_known_capitals`, read from the conversation on the first lookup."""

    def __init__(self, ctx: DraftContext) -> None:
        self._ctx = ctx
        self._words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = _known_capitals(self._ctx)
        return word in self._words


def _word(
    text: str,
    offset: int,
    raw: str,
    acronyms: frozenset[str],
    known: Container[str],
    handles: list[str],
) -> _Word | None:
    core = raw.strip(_EDGE)
    if not core:
        return None
    start = offset + raw.index(core)
    end = start + len(core)
    if core.endswith(("'s", "’s", "'S", "’S")):
        core = core[:-2]
    letters = [ch for ch in core if ch.isalpha()]
    if len(letters) < 2 or any(ch.isdigit() for ch in core) or "&" in core or "/" in core:
        if letters and not any(ch.isdigit() for ch in core):
            return _Word(start, end, core, False, True)
        return None
    caps = all(ch.isupper() for ch in letters)
    if not caps:
        return _Word(start, end, core, False, False)
    label = end < len(text) and text[end] == ":"
    quoted = (start > 0 and text[start - 1] in _QUOTES) or (
        end < len(text) and text[end] in _QUOTES
    )
    flat = _FLAT.sub("", core).lower()
    # No vowel at all ("HMRC", "NTSB"): an acronym, not a shouted word.
    spelled = not any(ch in "aeiouy" for ch in flat)
    brand = len(flat) >= _SHOUTED_WORD and any(flat in h for h in handles)
    # Cheapest first: ``known`` reads the whole conversation.
    exempt = caps and (spelled or label or quoted or flat in acronyms or brand or flat in known)
    return _Word(start, end, core, caps, exempt)


def _known_capitals(ctx: DraftContext) -> set[str]:
    """Capitalised words the conversation already uses, and the brand's handles."""
    known = set(ctx.conversation.brand_handles)
    for message in ctx.conversation.messages:
        for chunk in message.text.split():
            core = chunk.strip(_EDGE)
            if len(core) >= 2 and core.isupper():
                known.add(_FLAT.sub("", core).lower())
    return known
