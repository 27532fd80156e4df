"""Parsing: the spaCy pipeline, placeholder-aware tokens and the shared phrase matcher.

One :class:`Pipeline` belongs to one :class:`replylint.Linter`. It builds its ``nlp``
object on first use (``spacy.blank("en")``: a tokenizer and nothing downloaded), gives
every placeholder a single token, and owns one :class:`PhraseBank` — a single spaCy
``Matcher`` holding every phrase list of every enabled rule, so a draft is scanned once
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

__all__ = ["Match", "PhraseBank", "Pipeline", "load_phrase_list", "phrase_patterns"]

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


def phrase_patterns(
    phrase: str, tokenize: Any, norms: Mapping[str, str]
) -> list[list[dict[str, Any]]]:
    """Compile one phrase of the phrase language into spaCy ``Matcher`` patterns."""
    items: list[list[list[dict[str, Any]]]] = []  # item -> alternatives -> token specs
    for raw in phrase.split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        op: dict[str, Any] = {"OP": "?"} if optional else {}
        if word == "*":
            items.append([[{"IS_PUNCT": False, "IS_SPACE": False, **op}]])
            continue
        alternatives: dict[tuple[str, ...], None] = {}
        for alt in word.split("|"):
            toks = tuple(norms.get(t.lower_, t.norm_) for t in tokenize(alt) if not t.is_space)
            if toks:
                alternatives[toks] = None
        if not alternatives:
            raise ConfigError(f"phrase {phrase!r}: empty choice in {raw!r}")
        single = [a[0] for a in alternatives if len(a) == 1]
        multi = [a for a in alternatives if len(a) > 1]
        choices: list[list[dict[str, Any]]] = []
        if single:
            norm_spec: Any = single[0] if len(single) == 1 else {"IN": sorted(set(single))}
            choices.append([{"NORM": norm_spec, **op}])
        for seq in multi:
            if optional:
                raise ConfigError(
                    f"phrase {phrase!r}: an optional choice must be single words ({raw!r})"
                )
            choices.append([{"NORM": n} for n in seq])
        items.append(choices)
    if not items:
        raise ConfigError(f"empty phrase {phrase!r}")
    gap: list[dict[str, Any]] = [
        {"IS_SPACE": True, "OP": "*"},
        {"ORTH": {"IN": _SEPARATORS}, "OP": "?"},
    ]
    patterns: list[list[dict[str, Any]]] = []
    for combo in itertools.product(*items):
        pattern: list[dict[str, Any]] = []
        for i, tokens in enumerate(combo):
            if i:
                pattern.extend(dict(g) for g in gap)
            pattern.extend(tokens)
        patterns.append(pattern)
    return patterns


class PhraseBank:
    """Every phrase list a set of rules needs, compiled into one ``Matcher``."""

    def __init__(
        self,
        nlp: Language,
        lists: Iterable[str],
        extra: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        from spacy.matcher import Matcher

        self._matcher = Matcher(nlp.vocab, validate=False)
        self._suggestions: dict[tuple[str, str], str] = {}
        self.labels: tuple[str, ...] = tuple(dict.fromkeys(lists))
        norms = _norm_table()
        extra = extra or {}
        for label in self.labels:
            lines = [*load_phrase_list(label), *extra.get(label, ())]
            for line in lines:
                phrase, suggestion = _split_suggestion(line)
                key = f"{label}\x1f{phrase}"
                try:
                    patterns = phrase_patterns(phrase, nlp.tokenizer, norms)
                except ConfigError as exc:
                    raise ConfigError(f"phrase list {label!r}: {exc}") from None
                self._matcher.add(key, patterns)
                if suggestion:
                    self._suggestions[(label, phrase)] = suggestion

    def find(self, doc: Doc) -> dict[str, list[Match]]:
        """All hits in ``doc`` by label; overlapping hits of one label keep the longest."""
        if not self.labels:
            return {}
        found: dict[str, list[Match]] = {}
        strings = doc.vocab.strings
        for match_id, start, end in self._matcher(doc):
            label, phrase = strings[match_id].split("\x1f", 1)
            # Gaps are optional at the edges of a pattern only by accident: trim them.
            while end > start and doc[end - 1].is_space:
                end -= 1
            span = doc[start:end]
            found.setdefault(label, []).append(
                Match(
                    label,
                    span.start_char,
                    span.end_char,
                    start,
                    end,
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
        return _merge_placeholders(self.nlp.make_doc(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
        """Tokenize many texts through ``nlp.pipe``."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield _merge_placeholders(doc)


def _build_nlp(model: str | None) -> Language:
    import spacy

    nlp = spacy.load(model) if model else spacy.blank("en")
    vocab = nlp.vocab
    for word, norm in _norm_table().items():
        for form in {word, word.upper(), word.capitalize()}:
            vocab[form].norm_ = norm
    return nlp


def _merge_placeholders(doc: Doc) -> Doc:
    spans = find_placeholders(doc.text)
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
