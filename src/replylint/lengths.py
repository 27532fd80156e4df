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
from dataclasses import dataclass

import regex

__all__ = ["Length", "char_length", "sms_length", "twitter_length", "twitter_upper_bound"]

URL_WEIGHT = 23

_SCHEME_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"]+", regex.IGNORECASE)
_DOMAIN_URL = regex.compile(
    r"""[(\["']*((?:[a-z0-9][a-z0-9-]{0,62}\.)+
        (?:com|org|net|edu|gov|io|co|uk|us|ca|de|fr|es|it|nl|be|au|in|ly|gl|me|tv|app|ai)
        (?:/[^\s<>"]*)?)(?:$|[^\w@.-])""",
    regex.IGNORECASE | regex.VERBOSE,
)
_TRAILING = ".,;:!?)'\"…"
_LEADING_MENTIONS = regex.compile(r"^(?:\s*@\w{1,30})+\s*")
_GRAPHEME = regex.compile(r"\X")
# Exports and APIs escape "&" as "&amp;": the tweet holds one character.
_ENTITY = regex.compile(r"&(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")

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


_WORD = regex.compile(r"\S+")


def _urls(text: str) -> list[tuple[int, int]]:
    """URL spans: words with a scheme or ``www.``, and bare domains such as
    ``example.com/help``. Only whitespace-separated words holding a dot are searched."""
    spans: list[tuple[int, int]] = []
    if "." not in text:
        return spans
    for word in _WORD.finditer(text):
        w = word.group()
        if "." not in w:
            continue
        m = _SCHEME_URL.search(w)
        if m is not None:
            start, end = m.span()
        else:
            d = _DOMAIN_URL.match(w)
            if d is None:
                continue
            start, end = d.span(1)
        while end > start and w[end - 1] in _TRAILING:
            end -= 1
        spans.append((word.start() + start, word.start() + end))
    return spans


def twitter_upper_bound(text: str) -> int:
    """A cheap bound: ``twitter_length(text)`` is never above it."""
    return 2 * len(text) + URL_WEIGHT * text.count(".")


def twitter_length(text: str, *, reply: bool = True) -> int:
    """Weighted length of ``text`` as Twitter/X counts it."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = unicodedata.normalize("NFC", text)
    if reply:
        m = _LEADING_MENTIONS.match(text)
        if m and m.end() < len(text):
            text = text[m.end() :]
    total = 0
    pos = 0
    for start, end in _urls(text):
        total += _plain_weight(text[pos:start]) + URL_WEIGHT
        pos = end
    return total + _plain_weight(text[pos:])


_HEAVY = regex.compile(r"[^\x00-\u10FF\u2000-\u200D\u2010-\u201F\u2032-\u2037]")


def _plain_weight(text: str) -> int:
    if text.isascii() or not _HEAVY.search(text):
        return len(text)
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.search(cluster):
            total += 2
        else:
            total += sum(_weight(ch) for ch in cluster)
    return total


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
