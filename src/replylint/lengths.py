"""How long a draft is on each channel: Twitter/X weighted length and SMS segments.

Twitter/X counts characters with weights (twitter-text, version 3 configuration):
code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 count 1,
everything else (CJK, most symbols) counts 2, an emoji sequence counts 2 whatever its
length, and every URL counts 23. The @mentions a reply starts with are not counted, and
HTML entities (``&amp;``), which exports and APIs put in place of ``&``, count as the
one character they stand for.

SMS is sent in GSM-7 when every character is in the GSM 03.38 alphabet (the extension
characters ``^{}\\[~]|€`` take two septets) and in UCS-2 otherwise, where one segment
holds 70 UTF-16 code units instead of 160 septets.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from ._lazy import lazy_re, lazy_regex

__all__ = [
    "Length",
    "char_length",
    "remembered_windows_1252",
    "sms_length",
    "twitter_length",
    "twitter_upper_bound",
    "windows_1252",
]

URL_WEIGHT = 23

_SCHEME_URL = lazy_regex(r"(?:https?://|www\.)[^\s<>\"]+", regex.IGNORECASE)
_DOMAIN_URL = lazy_regex(
    r"""[(\["']*((?:[a-z0-9][a-z0-9-]{0,62}\.)+
        (?:com|org|net|edu|gov|io|co|uk|us|ca|de|fr|es|it|nl|be|au|in|ly|gl|me|tv|app|ai)
        (?:/[^\s<>"]*)?)(?:$|[^\w@.-])""",
    regex.IGNORECASE | regex.VERBOSE,
)
_TRAILING = ".,;:!?)'\"…"
_LEADING_MENTIONS = lazy_regex(r"^(?:\s*@\w{1,30})+\s*")
_GRAPHEME = lazy_regex(r"\X")
# Exports and APIs escape "&" as "&amp;": the tweet holds one character.
_ENTITY = lazy_regex(r"&(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_EMOJI = lazy_regex(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")

_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True, slots=True)
class Length:
    """A measured length and the limit it is compared with."""

    value: int
    limit: int | None
    unit: str

    @property
    def over(self) -> bool:
        return self.limit is not None and self.value > self.limit


def _weight(ch: str) -> int:
    cp = ord(ch)
    if cp <= 0x10FF or 0x2000 <= cp <= 0x200D or 0x2010 <= cp <= 0x201F or 0x2032 <= cp <= 0x2037:
        return 1
    return 2


# A whitespace-separated word holding a dot (the lookbehind keeps the search linear).
_DOTTED_WORD = lazy_regex(r"(?<!\S)\S*\.\S*")


def _urls(text: str) -> list[tuple[int, int]]:
    """URL spans: words with a scheme or ``www.``, and bare domains such as
    ``example.com/help``. Only whitespace-separated words holding a dot are searched."""
    spans: list[tuple[int, int]] = []
    if not _may_hold_url(text):
        return spans
    for offset, w in _dotted_words(text):
        if "://" in w or "www." in w.lower():
            if _url_to_end(w):
                # What the search finds: the scheme starts the word, and the rest of the
                # word is URL characters.
                start, end = 0, len(w)
            else:
                m = _SCHEME_URL.search(w)
                if m is None:
                    d = _DOMAIN_URL.match(w)
                    if d is None:
                        continue
                    start, end = d.span(1)
                else:
                    start, end = m.span()
        elif "." not in w.rstrip("."):
            # No "://", no "www." and no dot before another character: no domain either.
            continue
        else:
            d = _DOMAIN_URL.match(w)
            if d is None:
                continue
            start, end = d.span(1)
        while end > start and w[end - 1] in _TRAILING:
            end -= 1
        spans.append((offset + start, offset + end))
    return spans


def url_scheme_length(word: str) -> int:
    """The length of the ASCII scheme that opens ``word`` ("https://", "http://" or
    "www.", in any case), or 0."""
    head = word[:8]
    if not head.isascii():
        return 0
    head = head.lower()
    if head.startswith("https://"):
        return 8
    if head.startswith("http://"):
        return 7
    return 4 if head.startswith("www.") else 0


def _url_to_end(word: str) -> bool:
    """Does ``_SCHEME_URL`` match ``word`` from its start to its end: does an ASCII
    scheme start it, followed by at least one character, with no ``<``, ``>`` or ``"``?"""
    scheme = url_scheme_length(word)
    return 0 < scheme < len(word) and "<" not in word and ">" not in word and '"' not in word


# The characters ``str.split`` breaks at but ``\s`` does not match (all ASCII).
_SPLIT_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f")


def _dotted_words(text: str) -> Iterator[tuple[int, str]]:
    """The words (``\\S+``) of ``text`` holding a dot, with their offsets."""
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:  # _SPLIT_ONLY
        for m in _DOTTED_WORD.finditer(text):
            yield m.start(), m.group()
        return
    # On this text ``str.split`` cuts the same words, without a regular expression (the
    # characters it breaks at are those ``\s`` matches, but for ``_SPLIT_ONLY``). The
    # first occurrence of a dotted word after the previous one is that word: nothing in
    # between holds a dot, and an occurrence cannot hold the space before a word.
    pos = 0
    for word in [w for w in text.split() if "." in w]:
        pos = text.index(word, pos)
        yield pos, word
        pos += len(word)


def _url_dots(text: str, dots: int | None = None) -> int:
    """Dots that may be part of a domain: not before a space, a line break or the end
    (a domain has a dot before its top-level label). ``dots``: ``text.count(".")``,
    when known."""
    if dots is None:
        dots = text.count(".")
    return dots - text.count(". ") - text.count(".\n") - text.endswith(".")


def _may_hold_url(text: str) -> bool:
    """False when :func:`_urls` certainly finds nothing: no dot, or no "://", no
    "www." (in any case) and no dot that may be part of a domain."""
    if "." not in text:
        return False
    return "://" in text or _url_dots(text) > 0 or "www." in text.lower()


# The most code points one character's canonical decomposition holds (U+1F82). NFC
# decomposes, then only ever merges pairs: no character becomes more code points than
# this, and none becomes a dot.
MAX_DECOMPOSITION = 4


def windows_1252(text: str) -> bytes | None:
    """``text`` in Windows-1252, one byte per character, or None when a character is
    outside it (an emoji, most letters beyond Latin-1). Drafts that are not ASCII mostly
    only add curly quotes, dashes or a no-break space: all in Windows-1252, whose C
    encoder is faster than reading the characters one by one in Python or with a pattern."""
    # Characters it cannot encode are left out (a byte fewer each), which costs far less
    # than the exception of a strict encoding.
    encoded = text.encode("cp1252", "ignore")
    return encoded if len(encoded) == len(text) else None


def remembered_windows_1252(
    memo: dict[str, Any], text: str, *, encode: bool = True
) -> bytes | None:
    """:func:`windows_1252` of ``text``, kept in ``memo`` (a draft's per-draft cache):
    the rules that read a draft's bytes encode it once. Kept with its text, so a
    different text (the draft with its entities replaced) is encoded afresh. Without
    ``encode``, None too when the bytes are not kept yet."""
    kept: tuple[str, bytes | None] | None = memo.get("windows-1252")
    if kept is None or kept[0] != text:
        if not encode:
            return None
        kept = memo["windows-1252"] = (text, windows_1252(text))
    return kept[1]


# The bytes of the Windows-1252 characters that weigh 1, but "©" and "®" (the five bytes
# it leaves undefined, read as U+FFFD, come from no text).
_LIGHT_1252 = bytes(
    i
    for i, ch in enumerate(bytes(range(256)).decode("cp1252", "replace"))
    if _weight(ch) == 1 and ch not in "©®"
)


def twitter_upper_bound(
    text: str, within: int | None = None, memo: dict[str, Any] | None = None
) -> int:
    """A cheap bound: ``twitter_length(text)`` is never above it. With ``within``, each
    step that makes it tighter is only taken while it is above ``within``: 23 for each
    dot (before looking for URLs), 23 for each dot outside whole-URL words (before
    counting the marks a URL may start at), then the @mentions a reply starts with (a
    regular expression) left out. ``memo``: a draft's cache, to share the text's
    Windows-1252 bytes (:func:`remembered_windows_1252`) with other rules."""
    if "&" in text:
        text = _unescape(text)  # entities only get shorter; "&#46;" makes a dot
    if text.isascii():
        # Every character weighs 1 and stays as it is (nothing to normalise).
        weight = len(text)
    elif (
        encoded := windows_1252(text) if memo is None else remembered_windows_1252(memo, text)
    ) is not None:
        # The weight below, read from the bytes: deleting those of the characters that
        # weigh 1 (but "©" and "®") leaves one byte for each character counted twice.
        # Nothing to normalise: a text of Windows-1252 characters is NFC (a test checks
        # every character and every pair).
        weight = len(text) + len(encoded.translate(None, _LIGHT_1252))
    elif unicodedata.is_normalized("NFC", text):
        # Nothing to normalise. A character weighs 1 or 2, and a cluster with an emoji 2:
        # no more than its characters, counting "©" and "®" (the emoji of weight 1) as 2.
        # This weight adds up over the pieces of a text, like its length.
        weight = len(text) + _heavy_count(text) + text.count("©") + text.count("®")
    else:
        # A code point weighs 2 at most and each URL (one per word holding a dot) 23 at
        # most on top; NFC may turn one character into several ("\U0001D160" into three).
        return 2 * MAX_DECOMPOSITION * len(text) + URL_WEIGHT * text.count(".")
    # :func:`_urls` finds one URL at most in a word, and counts it 23 instead of its
    # characters (each weighing 1 at least). The words that are whole URLs weigh exactly
    # that; any other word may hold a URL, at most one per dot and one per "://", "www."
    # or dot before a letter (a domain; a dot before a space, a line break or the end of
    # the text starts none). Cutting whole words out leaves the others as they were,
    # whitespace on both sides.
    dots = text.count(".")
    if within is not None and weight + URL_WEIGHT * dots <= within:
        # Even with 23 more for every dot (each URL is in a word holding one) it is
        # within: nothing more to read.
        return weight + URL_WEIGHT * dots
    bound = weight
    words = _whole_url_words(text)
    for start, end in words:
        bound += URL_WEIGHT - len(text[start:end].rstrip(_TRAILING))
        dots -= text.count(".", start, end)
    if dots:  # outside the whole-URL words
        if within is not None and bound + URL_WEIGHT * dots <= within:
            # 23 for every dot is already within: the finer count is not needed.
            return bound + URL_WEIGHT * dots
        rest = _cut(text, words)
        # Lower-casing makes no "w" or "." but from "W", "w" and "." (a test checks
        # every character): without a "W" it finds no other "www.".
        www = rest.lower().count("www.") if "W" in rest else rest.count("www.")
        urls = _url_dots(rest, dots) + rest.count("://") + www
        bound += URL_WEIGHT * min(dots, urls)
    if (within is None or bound > within) and (text[:1] == "@" or text[:1].isspace()):
        # The leading @mentions are not counted, and they weigh their length at least.
        # They hold no dot or ":": the words cut out above start after them (with "h",
        # after whitespace; a word there starts with "@"), and a word the mentions end
        # in the middle of has its dots and URL marks in ``rest``. (The pattern matches
        # only a text starting with "@" or whitespace.)
        m = _LEADING_MENTIONS.match(text)
        if m and m.end() < len(text):
            bound -= m.end()
    return bound


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the (sorted, disjoint) ``spans``."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _whole_url_words(text: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` that :func:`_urls` reads whole, but for trailing
    punctuation: a scheme ("https://" or "http://") starts them."""
    spans: list[tuple[int, int]] = []
    i = text.find("://")
    while i >= 0:
        # What :func:`url_scheme_length` reads: the word's start before "://", and
        # the length of the scheme if its first eight characters are ASCII.
        if i >= 5 and text[i - 5 : i].lower() == "https":
            start, scheme = i - 5, 8
        else:
            start = i - 4
            lead = text[start:i].lower()
            scheme = 7 if lead == "http" else 4 if lead == "www." else 0
        if scheme and start >= 0 and (start == 0 or text[start - 1] in _WORD_BREAKS):
            end = text.find(" ", i)
            if end < 0:
                end = len(text)
            word = text[start:end]
            # Printable: no whitespace but " " (str.isprintable is False for every
            # other character \s or str.split break at), so this is a whole word.
            # The rest is what :func:`_url_to_end` checks.
            if (
                scheme < len(word)
                and "." in word
                and word[:8].isascii()
                and "<" not in word
                and ">" not in word
                and '"' not in word
                # ``word.isprintable()``, on ASCII without the Unicode database: only
                # control characters are not printable there, and they become bytes
                # beyond ASCII (a plain ``translate``: one deleting bytes first builds
                # a table).
                and (
                    word.encode("ascii").translate(_CONTROLS_BEYOND_ASCII).isascii()
                    if word.isascii()
                    else word.isprintable()
                )
            ):
                spans.append((start, end))
                i = text.find("://", end)
                continue
        i = text.find("://", i + 3)
    return spans


_CONTROLS_BEYOND_ASCII = bytes(i if 0x20 <= i < 0x7F else 0x80 for i in range(256))

# The characters after which a word (``\\S+``) starts: whitespace, those ``str.isspace``
# holds for but ``_SPLIT_ONLY`` (a test checks the list).
_WORD_BREAKS = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _unescape(text: str) -> str:
    """``text`` with its HTML entities replaced by the character they stand for."""
    if "&#" in text:
        return str(_ENTITY.sub(lambda m: html.unescape(m.group()), text))
    # Only named entities. Each holds no "&" but its first character, and no replacement
    # makes one: replacing them name by name ("&amp;" last, as what it leaves is text)
    # replaces what the pattern finds.
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def twitter_length(text: str, *, reply: bool = True) -> int:
    """Weighted length of ``text`` as Twitter/X counts it."""
    if "&" in text:
        text = _unescape(text)
    text = unicodedata.normalize("NFC", text)
    if reply:
        m = _LEADING_MENTIONS.match(text)
        if m and m.end() < len(text):
            text = text[m.end() :]
    if text.isascii():
        # Every character weighs 1: each URL only swaps its characters for its weight.
        return len(text) + sum(URL_WEIGHT - (end - start) for start, end in _urls(text))
    total = 0
    pos = 0
    for start, end in _urls(text):
        total += _plain_weight(text[pos:start]) + URL_WEIGHT
        pos = end
    return total + _plain_weight(text[pos:])


_HEAVY = lazy_regex(r"[^\x00-\u10FF\u2000-\u200D\u2010-\u201F\u2032-\u2037]")


def _heavy_count(text: str) -> int:
    """How many characters of ``text`` weigh 2."""
    if text.isascii():
        return 0
    return len(_HEAVY.findall(text))


def _plain_weight(text: str) -> int:
    if text.isascii() or not _HEAVY.search(text):
        return len(text)
    if not _EMOJI.search(text):
        # Without an emoji every cluster weighs what its characters weigh.
        return len(text) + _heavy_count(text)
    # ASCII characters outside the windows weigh 1 each; only the windows are segmented
    # (segmenting is slow), and they start and end where clusters do.
    total = len(text)
    for start, end in _non_ascii_windows(text):
        part = text[start:end]
        total += _clusters_weight(part) - len(part)
    return total


def _clusters_weight(text: str) -> int:
    """Weight of ``text``, read cluster by cluster: an emoji sequence weighs 2."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.search(cluster):
            total += 2
        else:
            total += sum(_weight(ch) for ch in cluster)
    return total


_NON_ASCII_RUN = lazy_re(r"[^\x00-\x7f]+")


def _non_ascii_windows(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding all its non-ASCII characters, each starting and ending
    at a grapheme cluster boundary. Between two ASCII characters there is always a
    boundary (UAX #29), but for CR LF; after LF there is always one. So a run of
    non-ASCII characters with one character more on each side (and the CR or LF of a
    CR LF there) starts and ends at boundaries, or touches the next run's window."""
    windows: list[tuple[int, int]] = []
    for m in _NON_ASCII_RUN.finditer(text):
        start = max(m.start() - 1, 0)
        if start > 0 and text[start - 1 : start + 1] == "\r\n":
            start -= 1
        end = min(m.end() + 1, len(text))
        if end < len(text) and text[end - 1 : end + 1] == "\r\n":
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def sms_length(text: str, limit: int = 160) -> Length:
    """Length in GSM-7 septets, or in UTF-16 units when UCS-2 is needed."""
    if all(ch in _GSM7_BASIC or ch in _GSM7_EXTENSION for ch in text):
        septets = sum(2 if ch in _GSM7_EXTENSION else 1 for ch in text)
        return Length(septets, limit, "GSM-7 characters")
    units = len(text.encode("utf-16-le", "surrogatepass")) // 2
    return Length(units, limit * 7 // 16, "UCS-2 characters")


def char_length(text: str) -> int:
    """Length in user-perceived characters (grapheme clusters)."""
    if text.isascii():
        return len(text)
    return len(_GRAPHEME.findall(text))
