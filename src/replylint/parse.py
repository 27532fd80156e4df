"""Parsing: the spaCy pipeline, placeholder-aware tokens and the shared phrase matcher.

One :class:`Pipeline` belongs to one :class:`replylint.Linter`. It builds its ``nlp``
object on first use (``spacy.blank("en")``: a tokenizer and nothing downloaded), gives
every placeholder a single token. A :class:`PhraseBank` compiles every phrase list of
every enabled rule into one token trie over ``NORM`` hashes, so a draft is scanned once
whatever the number of rules.

Phrases are written in a small language (see ``docs/phrases.md``):

* words separated by spaces match tokens by ``NORM`` (lower-cased, with the
  chat-speak norms of ``data/norms.txt``: ``u`` → ``you``, ``ppl`` → ``people``);
  between two words any run of spaces, a line break or one hyphen may stand;
* ``a|b|c`` is a choice, ``word?`` is optional, ``*`` is any one word, ``*?`` an
  optional one;
* ``phrase => suggestion`` attaches what to write instead.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .placeholders import PLACEHOLDER_NORM, find_placeholders

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["WILDCARD", "Match", "PhraseBank", "Pipeline", "load_phrase_list", "phrase_sequences"]

_SEPARATORS = ["-", "–", "—", "/"]


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase-list hit in a document: character and token offsets."""

    label: str
    start: int
    end: int
    token_start: int
    token_end: int
    suggestion: str | None = None


@cache
def load_phrase_list(name: str) -> tuple[str, ...]:
    """Lines of ``data/phrases/NAME.txt`` without comments and blank lines."""
    try:
        raw = (resources.files("replylint") / "data" / "phrases" / f"{name}.txt").read_text(
            encoding="utf-8"
        )
    except FileNotFoundError:
        raise ConfigError(f"no phrase list named {name!r}") from None
    lines = (line.split(" #", 1)[0].strip() for line in raw.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _norm_table() -> dict[str, str]:
    raw = (resources.files("replylint") / "data" / "norms.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            word, norm = line.split(None, 1)
            table[word.lower()] = norm.strip().lower()
    return table


def _split_suggestion(line: str) -> tuple[str, str | None]:
    if "=>" in line:
        phrase, suggestion = line.split("=>", 1)
        return phrase.strip(), suggestion.strip() or None
    return line.strip(), None


WILDCARD = "*"
_MAX_SEQUENCES = 20_000


def phrase_sequences(phrase: str, tokenize: Any, norms: Mapping[str, str]) -> list[tuple[str, ...]]:
    """Expand one phrase of the phrase language into the token-norm sequences it matches.

    Choices and optional words are expanded; ``*`` stays as :data:`WILDCARD`.
    """
    items: list[list[tuple[str, ...]]] = []
    for raw in phrase.split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        if word == WILDCARD:
            choices: list[tuple[str, ...]] = [(WILDCARD,)]
        else:
            found: dict[tuple[str, ...], None] = {}
            for alt in word.split("|"):
                toks = tuple(
                    norms.get(t.lower_, t.norm_)
                    for t in tokenize(alt)
                    if not t.is_space and t.text not in _SEPARATORS
                )
                if toks:
                    found[toks] = None
            if not found:
                raise ConfigError(f"phrase {phrase!r}: empty choice in {raw!r}")
            choices = list(found)
        if optional:
            choices.append(())
        items.append(choices)
    if not items:
        raise ConfigError(f"empty phrase {phrase!r}")
    total = 1
    for choices in items:
        total *= len(choices)
    if total > _MAX_SEQUENCES:
        raise ConfigError(f"phrase {phrase!r} expands to {total:,} sequences; split it up")
    sequences = {
        tuple(tok for part in combo for tok in part) for combo in itertools.product(*items)
    }
    return sorted(seq for seq in sequences if seq)


_STREAM_ATTRS = ["NORM", "IS_SPACE", "IS_PUNCT", "ORTH"]


class _Node:
    """A trie node over token-norm hashes; ``ends`` lists the phrases ending here."""

    __slots__ = ("ends", "next", "wild")

    def __init__(self) -> None:
        self.next: dict[int, _Node] = {}
        self.wild: _Node | None = None
        self.ends: list[tuple[str, str]] = []


class PhraseBank:
    """Every phrase list a set of rules needs, compiled into one token trie.

    A draft is scanned once for all lists: at each token, the trie is walked over the
    following tokens' ``NORM`` hashes. Space tokens and separators (hyphen, dash,
    slash) are skipped, so "You  People" and "you-people" read as "you people".
    """

    def __init__(
        self,
        nlp: Language,
        lists: Iterable[str],
        extra: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._root = _Node()
        self._suggestions: dict[tuple[str, str], str] = {}
        self.labels: tuple[str, ...] = tuple(dict.fromkeys(lists))
        strings = nlp.vocab.strings
        self._separators = {strings.add(sep) for sep in _SEPARATORS}
        norms = _norm_table()
        extra = extra or {}
        for label in self.labels:
            for line in [*load_phrase_list(label), *extra.get(label, ())]:
                phrase, suggestion = _split_suggestion(line)
                try:
                    sequences = phrase_sequences(phrase, nlp.tokenizer, norms)
                except ConfigError as exc:
                    raise ConfigError(f"phrase list {label!r}: {exc}") from None
                for seq in sequences:
                    self._insert(seq, (label, phrase), strings)
                if suggestion:
                    self._suggestions[(label, phrase)] = suggestion

    def _insert(self, seq: tuple[str, ...], end: tuple[str, str], strings: Any) -> None:
        node = self._root
        for tok in seq:
            if tok == WILDCARD:
                if node.wild is None:
                    node.wild = _Node()
                node = node.wild
            else:
                key = strings.add(tok)
                child = node.next.get(key)
                if child is None:
                    child = node.next[key] = _Node()
                node = child
        if end not in node.ends:
            node.ends.append(end)

    def find(self, doc: Doc) -> dict[str, list[Match]]:
        """All hits in ``doc`` by label; overlapping hits of one label keep the longest."""
        if not self.labels:
            return {}
        seps = self._separators
        stream = [
            (row[0], i, row[2])
            for i, row in enumerate(doc.to_array(_STREAM_ATTRS).tolist())
            if not row[1] and row[3] not in seps
        ]
        root_next = self._root.next
        root_wild = self._root.wild
        best: dict[tuple[str, int], tuple[int, str]] = {}  # (label, start) -> (end, phrase)
        n = len(stream)
        for s in range(n):
            first = stream[s]
            frontier: list[_Node] = []
            child = root_next.get(first[0])
            if child is not None:
                frontier.append(child)
            if root_wild is not None and not first[2]:
                frontier.append(root_wild)
            e = s
            while frontier:
                following: list[_Node] = []
                for node in frontier:
                    for label, phrase in node.ends:
                        known = best.get((label, s))
                        if known is None or known[0] < e:
                            best[(label, s)] = (e, phrase)
                    if e + 1 < n and (node.next or node.wild is not None):
                        nxt = stream[e + 1]
                        c = node.next.get(nxt[0])
                        if c is not None:
                            following.append(c)
                        if node.wild is not None and not nxt[2]:
                            following.append(node.wild)
                frontier = following
                e += 1
        if not best:
            return {}
        found: dict[str, list[Match]] = {}
        for (label, s), (e, phrase) in best.items():
            first_tok = doc[stream[s][1]]
            last_tok = doc[stream[e][1]]
            found.setdefault(label, []).append(
                Match(
                    label,
                    first_tok.idx,
                    last_tok.idx + len(last_tok.text),
                    first_tok.i,
                    last_tok.i + 1,
                    self._suggestions.get((label, phrase)),
                )
            )
        for label, matches in found.items():
            found[label] = _longest_first(matches)
        return found


def _longest_first(matches: list[Match]) -> list[Match]:
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    last_end = -1
    for m in matches:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


class Pipeline:
    """The spaCy side of a linter: built lazily, once, and safe to share by threads."""

    def __init__(self, model: str | None = None) -> None:
        self._model = model
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = _build_nlp(self._model)
        return self._nlp

    def make_doc(self, text: str) -> Doc:
        """Tokenize ``text``; each placeholder becomes one token."""
        return _merge_placeholders(self.nlp.make_doc(text), text)

    def pipe(self, texts: Sequence[str], batch_size: int = 256) -> Iterator[Doc]:
        """Tokenize many texts through ``nlp.pipe``."""
        docs = self.nlp.pipe(texts, batch_size=batch_size)
        for text, doc in zip(texts, docs):
            yield _merge_placeholders(doc, text)


def _build_nlp(model: str | None) -> Language:
    import spacy

    nlp = spacy.load(model) if model else spacy.blank("en")
    vocab = nlp.vocab
    for word, norm in _norm_table().items():
        for form in {word, word.upper(), word.capitalize()}:
            vocab[form].norm_ = norm
    return nlp


def _merge_placeholders(doc: Doc, text: str) -> Doc:
    spans = find_placeholders(text)
    if not spans:
        return doc
    last = -1
    with doc.retokenize() as retok:
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) and span.start >= last:
                retok.merge(span, attrs={"NORM": PLACEHOLDER_NORM})
                last = span.end
    return doc
