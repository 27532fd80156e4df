"""Helpers shared by the tone, accountability and personal-touch rules: phrase-hit
filters, per-hit suggestions, word lists read as plain data, the customer's name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from ..parse import Match, load_phrase_list
from ..placeholders import PLACEHOLDER_NORM
from ._draft import Sentence, sentences
from .base import DraftContext

__all__ = [
    "customer_name",
    "follows",
    "hit_suggestion",
    "in_sentence",
    "previous_norm",
    "sentence_at",
    "whole_words",
    "word_set",
]


def previous_norm(ctx: DraftContext, token_index: int) -> str:
    """NORM of the last word token before ``token_index`` ("" at the start)."""
    for tok in reversed(ctx.doc[:token_index]):
        if not tok.is_space:
            return str(tok.norm_)
    return ""


def follows(ctx: DraftContext, match: Match, words: Iterable[str]) -> bool:
    """Does the word right before ``match`` belong to ``words``?"""
    return previous_norm(ctx, match.token_start) in set(words)


def sentence_at(ctx: DraftContext, pos: int) -> Sentence | None:
    """The sentence of the draft holding character ``pos``."""
    for sentence in sentences(ctx):
        if sentence.start <= pos < sentence.end:
            return sentence
    return None


def in_sentence(ctx: DraftContext, match: Match, others: Sequence[Match]) -> bool:
    """Is any of ``others`` in the same sentence as ``match``?"""
    sentence = sentence_at(ctx, match.start)
    if sentence is None:
        return False
    return any(sentence.start <= o.start < sentence.end for o in others if o is not match)


def whole_words(ctx: DraftContext, match: Match) -> tuple[int, int]:
    """``match``'s character range widened to whole words ("n't our" → "aren't our")."""
    text = ctx.text
    start, end = match.start, match.end
    while (
        start > 0
        and (text[start - 1].isalnum() or text[start - 1] in "'’")
        and (text[start].isalnum() or text[start] in "'’")
    ):
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def hit_suggestion(match: Match, default: str | None = None) -> str | None:
    """The suggestion a phrase list attaches to ``match`` (``phrase => ...``), as a sentence.

    ``(drop it)`` becomes "Leave it out."; a quoted or plain alternative becomes
    "Try ... instead."."""
    text = match.suggestion
    if not text:
        return default
    if text.startswith("(") and text.endswith(")"):
        inner = text[1:-1].strip()
        if inner.startswith("drop it"):
            rest = inner[len("drop it") :].lstrip(" ,")
            return "Leave it out" + (f", {rest}." if rest else ".")
        return inner[:1].upper() + inner[1:].rstrip(".") + "."
    return f"Try {text} instead."


def word_set(name: str, ctx: DraftContext | None = None) -> frozenset[str]:
    """Lower-cased lines of ``data/phrases/NAME.txt``, plus the user's additions."""
    base = _word_set(name)
    if ctx is None:
        return base
    extra = ctx.config.phrases.get(name, ())
    return base | {w.strip().lower() for w in extra if w.strip()} if extra else base


@cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in load_phrase_list(name))


def customer_name(ctx: DraftContext) -> str | None:
    """The customer's name or handle, when the conversation tells it."""
    for message in reversed(ctx.conversation.customer_messages):
        author = (message.author or "").strip()
        if any(ch.isalpha() for ch in author):
            return author
    return None


def is_placeholder(norm: str) -> bool:
    return norm == PLACEHOLDER_NORM
