"""Draft-level detectors shared by several rules (promotion, private-channel offers,
sentences). Results are cached on the draft's context, so each runs once per draft."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .base import DraftContext

__all__ = [
    "PRICE_PER_PERIOD",
    "Sentence",
    "content_words",
    "offers_private_channel",
    "promotion_score",
    "promotion_spans",
    "sentences",
]

_SENTENCE_END = regex.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")
_URL = regex.compile(r"(?:https?://|www\.)\S+", regex.IGNORECASE)
PRICE_PER_PERIOD = regex.compile(
    r"(?:[£$€¥₹]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|dollars|euros|pounds))"
    r"\s*(?:/|a|an|per|each)\s*(?:month|mo|year|yr|week|wk|day|seat|line)\b",
    regex.IGNORECASE,
)
_PRICE = regex.compile(r"[£$€¥₹]\s?\d|\d\s?(?:USD|EUR|GBP)\b")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(ctx: DraftContext) -> list[Sentence]:
    """The draft split into sentences (after ``.!?…`` or at line breaks)."""
    cached = ctx.cache.get("sentences")
    if cached is None:
        cached = split_sentences(ctx.text)
        ctx.cache["sentences"] = cached
    result: list[Sentence] = cached
    return result


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    # URLs contain dots: never split inside one.
    protected = [m.span() for m in _URL.finditer(text)]
    for m in _SENTENCE_END.finditer(text):
        if any(a <= m.start() < b for a, b in protected):
            continue
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def content_words(
    ctx: DraftContext, start: int, end: int, skip: Sequence[tuple[int, int]] = ()
) -> int:
    """Word tokens between character offsets (no punctuation, handles, URLs, emoji),
    leaving out tokens inside the ``skip`` ranges."""
    n = 0
    for tok in ctx.doc:
        if tok.idx < start or tok.idx >= end:
            continue
        if any(a <= tok.idx < b for a, b in skip):
            continue
        if tok.is_punct or tok.is_space or tok.like_url or tok.text.startswith("@"):
            continue
        if not any(ch.isalnum() for ch in tok.text):
            continue
        n += 1
    return n


def promotion_score(ctx: DraftContext) -> int:
    """Points of promotional language: strong cue 2, price per period 2, weak cue 1."""
    cached = ctx.cache.get("promotion")
    if cached is None:
        strong = len(ctx.hits("promotion"))
        weak = len(ctx.hits("promotion-weak")) + len(ctx.hits("products"))
        prices = len(PRICE_PER_PERIOD.findall(ctx.text))
        if not prices and _PRICE.search(ctx.text) and strong:
            prices = 1
        cached = 2 * strong + 2 * prices + weak
        ctx.cache["promotion"] = cached
    score: int = cached
    return score


PROMOTION_LISTS = ("promotion", "promotion-weak", "products")
PROMOTIONAL = 4


def promotion_spans(ctx: DraftContext) -> tuple[int, int] | None:
    """From the first to the last sentence holding a promotional cue."""
    cues = [m.start for name in PROMOTION_LISTS for m in ctx.hits(name)]
    cues += [m.start() for m in PRICE_PER_PERIOD.finditer(ctx.text)]
    if not cues:
        return None
    sents = [s for s in sentences(ctx) if any(s.start <= c < s.end for c in cues)]
    if not sents:
        return None
    return sents[0].start, sents[-1].end


def offers_private_channel(ctx: DraftContext) -> bool:
    """Does the draft offer a DM, call, chat or e-mail?"""
    return bool(ctx.hits("private-offer"))
