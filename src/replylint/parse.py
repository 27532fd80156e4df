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

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import ConfigError
from .placeholders import PLACEHOLDER_NORM, find_placeholders

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "WILDCARD",
    "Match",
    "PhraseBank",
    "Pipeline",
    "compile_phrase",
    "load_phrase_list",
    "placeholder_spans",
]

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
_MAX_WORDS = 16
_MAX_OPTIONAL = 6

# A contraction's second half, written alone in a phrase, means what it means in a
# draft ("do n't" → "not"), where spaCy's tokenizer exceptions set these norms.
_CONTRACTION_NORMS = {
    "n't": "not",
    "'ve": "have",
    "'m": "am",
    "'re": "are",
    "'ll": "will",
    "'d": "'d",
    "'s": "'s",
}


@dataclass(frozen=True, slots=True)
class _Item:
    """One word slot of a compiled phrase: single-token choices (norm hashes),
    multi-token choices, ``*`` and optionality."""

    single: frozenset[int]
    multi: tuple[tuple[int, ...], ...]
    wild: bool
    optional: bool


@dataclass(frozen=True, slots=True)
class _Phrase:
    label: str
    text: str
    items: tuple[_Item, ...]
    order: int
    """Position in the bank: of two equally long hits, the earlier phrase wins."""
    firsts: frozenset[int] | None
    """The norms a match can start with; ``None`` when it may start anywhere ("*")."""
    seconds: frozenset[int] | None
    """The norms the second token of a match can have; ``None`` when a match may be
    one token long or its second token is any word: a cheap pre-check."""
    plain: tuple[frozenset[int], ...] | None
    """The choices of each word when no word is optional, wild or several tokens long
    (most phrases): matched by a plain loop instead of the general search."""

    @classmethod
    def make(cls, label: str, text: str, items: tuple[_Item, ...], order: int) -> _Phrase:
        starts, _ = _heads(items, 0)
        plain = None
        if not any(i.optional or i.wild or i.multi for i in items):
            plain = tuple(i.single for i in items)
        return cls(
            label,
            text,
            items,
            order,
            None if starts is None else frozenset(starts),
            _seconds(items, 0),
            plain,
        )


def compile_phrase(
    phrase: str,
    nlp: Language,
    norms: Mapping[str, str],
    special: Mapping[str, object] | None = None,
) -> tuple[_Item, ...]:
    """Compile one phrase of the phrase language into word slots over ``NORM`` hashes.

    ``special`` is the tokenizer's special cases (``nlp.tokenizer.rules``, which spaCy
    copies on each access: pass it when compiling many phrases)."""
    strings = nlp.vocab.strings
    if special is None:
        special = _special_cases(nlp)
    items: list[_Item] = []
    for raw in phrase.split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        if word == WILDCARD:
            items.append(_Item(frozenset(), (), True, optional))
            continue
        single: set[int] = set()
        multi: dict[tuple[int, ...], None] = {}
        for alt in word.split("|"):
            if alt.lower() in _CONTRACTION_NORMS:
                toks = [_CONTRACTION_NORMS[alt.lower()]]
            elif alt.isalpha() and alt not in special and alt.lower() not in special:
                toks = [norms.get(alt.lower()) or _lexeme_norm(nlp, alt.lower())]
            else:
                toks = [
                    norms.get(t.lower_, t.norm_)
                    for t in nlp.tokenizer(alt)
                    if not t.is_space and t.text not in _SEPARATORS
                ]
            if len(toks) == 1:
                single.add(strings.add(toks[0]))
            elif toks:
                multi[tuple(strings.add(t) for t in toks)] = None
        if not single and not multi:
            raise ConfigError(f"phrase {phrase!r}: empty choice in {raw!r}")
        items.append(_Item(frozenset(single), tuple(multi), False, optional))
    if not items or all(item.optional for item in items):
        raise ConfigError(f"phrase {phrase!r} matches nothing: it needs a required word")
    # Matching tries each way of skipping optional words: keep that number small.
    if len(items) > _MAX_WORDS or sum(item.optional for item in items) > _MAX_OPTIONAL:
        raise ConfigError(
            f"phrase {phrase!r} is too long: at most {_MAX_WORDS} words, "
            f"{_MAX_OPTIONAL} of them optional; split it into several phrases"
        )
    return tuple(items)


def _special_cases(nlp: Language) -> Mapping[str, object]:
    rules: Mapping[str, object] | None = getattr(nlp.tokenizer, "rules", None)
    return rules or {}


def _lexeme_norm(nlp: Language, word: str) -> str:
    """The ``NORM`` spaCy gives a new lexeme ``word``, without adding it to the
    vocabulary (making a lexeme for each of a thousand phrase words costs tens of ms).
    The only lexeme norms set afterwards are those of ``data/norms.txt``, which the
    caller looks up first."""
    from spacy.attrs import NORM

    getters: dict[int, Callable[[str], str]] = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    getter = getters.get(NORM)
    return _norm_by(getter, word) if getter is not None else str(nlp.vocab[word].norm_)


@lru_cache(maxsize=8192)
def _norm_by(getter: Callable[[str], str], word: str) -> str:
    return str(getter(word))


_STREAM_ATTRS: list[int | str] = ["NORM", "IS_SPACE", "IS_PUNCT", "ORTH"]


class PhraseBank:
    """Every phrase list a set of rules needs, compiled once and matched in one pass.

    Phrases are indexed by the norms of their first two words (or of the first alone,
    when the second is not fixed): at each token of a draft only the phrases that can
    start there with the word that follows are tried. Space tokens and separators
    (hyphen, dash, slash) are skipped, so "You  People" and "you-people" read as
    "you people".
    """

    def __init__(
        self,
        nlp: Language,
        lists: Iterable[str],
        extra: Mapping[str, Sequence[str]] | None = None,
        *,
        lazy: bool = False,
    ) -> None:
        """Compile the phrase lists ``lists`` (and the ``extra`` phrases per list) now,
        or on the first :meth:`find` when ``lazy``."""
        self._phrases: list[_Phrase] = []
        self._by_first: dict[int, list[_Phrase]] = {}
        """Phrases whose second word is not fixed, by the norms their first may take."""
        self._by_pair: dict[tuple[int, int], list[_Phrase]] = {}
        """The other phrases, by the norms of their first two words."""
        self._anywhere: list[_Phrase] = []
        """Phrases that may start with any word ("*")."""
        self._suggestions: dict[tuple[str, str], str] = {}
        self.labels: tuple[str, ...] = tuple(dict.fromkeys(lists))
        self._nlp = nlp
        self._extra = extra or {}
        self._separators: set[int] = set()
        self._compiled = False
        self._lock = threading.Lock()
        if not lazy:
            self.compile()

    def compile(self) -> None:
        """Compile the phrase lists, if that has not happened yet."""
        with self._lock:
            if self._compiled:
                return
            nlp = self._nlp
            strings = nlp.vocab.strings
            self._separators = {strings.add(sep) for sep in _SEPARATORS}
            norms = _norm_table()
            special = _special_cases(nlp)
            for label in self.labels:
                for line in [*load_phrase_list(label), *self._extra.get(label, ())]:
                    text, suggestion = _split_suggestion(line)
                    try:
                        items = compile_phrase(text, nlp, norms, special)
                    except ConfigError as exc:
                        raise ConfigError(f"phrase list {label!r}: {exc}") from None
                    self._add(_Phrase.make(label, text, items, len(self._phrases)))
                    if suggestion:
                        self._suggestions[(label, text)] = suggestion
            self._compiled = True

    def _add(self, phrase: _Phrase) -> None:
        self._phrases.append(phrase)
        if phrase.firsts is None:
            self._anywhere.append(phrase)
            return
        second = _second_words(phrase.items)
        for h in phrase.firsts:
            if second is None:
                self._by_first.setdefault(h, []).append(phrase)
            else:
                for h2 in second:
                    self._by_pair.setdefault((h, h2), []).append(phrase)

    def find(self, doc: Doc) -> dict[str, list[Match]]:
        """All hits in ``doc`` by label; overlapping hits of one label keep the longest."""
        if not self.labels:
            return {}
        if not self._compiled:
            self.compile()
        seps = self._separators
        rows = doc.to_array(_STREAM_ATTRS).tolist()
        keep = [i for i, row in enumerate(rows) if not row[1] and row[3] not in seps]
        norms = [rows[i][0] for i in keep]
        punct = [rows[i][2] for i in keep]
        n = len(norms)
        by_first = self._by_first
        by_pair = self._by_pair
        anywhere = self._anywhere
        # (label, start) -> (end, -order, phrase)
        best: dict[tuple[str, int], tuple[int, int, str]] = {}
        for s, pair in enumerate(zip(norms, [*norms[1:], -1])):
            loose = by_first.get(pair[0])
            fixed = by_pair.get(pair)
            if loose is None and fixed is None and not anywhere:
                continue
            # Candidates in any order: of two equally long hits the lower order wins.
            candidates = [*(loose or ()), *(fixed or ()), *anywhere]
            following = pair[1]
            for phrase in candidates:
                seconds = phrase.seconds
                if seconds is not None and following not in seconds:
                    continue
                plain = phrase.plain
                if plain is not None:
                    end = s + len(plain)
                    if end > n or any(
                        h2 not in choices for h2, choices in zip(norms[s:end], plain)
                    ):
                        continue
                else:
                    end = _longest_end(phrase.items, 0, s, norms, punct)
                if end > s:
                    key = (phrase.label, s)
                    known = best.get(key)
                    if known is None or (end, -phrase.order) > known[:2]:
                        best[key] = (end, -phrase.order, phrase.text)
        if not best:
            return {}
        found: dict[str, list[Match]] = {}
        for (label, s), (e, _, text) in best.items():
            first_tok = doc[keep[s]]
            last_tok = doc[keep[e - 1]]
            found.setdefault(label, []).append(
                Match(
                    label,
                    first_tok.idx,
                    last_tok.idx + len(last_tok.text),
                    first_tok.i,
                    last_tok.i + 1,
                    self._suggestions.get((label, text)),
                )
            )
        for label, matches in found.items():
            found[label] = _longest_first(matches)
        return found


def _heads(items: tuple[_Item, ...], k: int) -> tuple[set[int] | None, bool]:
    """The norms a match of ``items[k:]`` can start with (``None``: any word), and
    whether that match can be empty."""
    if k == len(items):
        return set(), True
    item = items[k]
    first = None if item.wild else {*item.single, *(m[0] for m in item.multi)}
    if not item.optional:
        return first, False
    rest, empty = _heads(items, k + 1)
    if first is None or rest is None:
        return None, empty
    return first | rest, empty


def _seconds(items: tuple[_Item, ...], k: int) -> frozenset[int] | None:
    """The norms the second token of a match of ``items[k:]`` can have; ``None`` when
    that is not constrained (the match can end after one token, or a "*" follows)."""
    if k == len(items):
        return None
    item = items[k]
    out: set[int] = set()
    if item.single or item.wild or any(len(m) == 1 for m in item.multi):
        rest, empty = _heads(items, k + 1)
        if rest is None or empty:
            return None
        out |= rest
    out.update(m[1] for m in item.multi if len(m) >= 2)
    if item.optional:
        skipped = _seconds(items, k + 1)
        if skipped is None:
            return None
        out |= skipped
    return frozenset(out)


def _second_words(items: tuple[_Item, ...]) -> frozenset[int] | None:
    """The norms the second word can take when the first two are fixed single words."""
    if len(items) < 2:
        return None
    first, second = items[0], items[1]
    if first.optional or first.wild or first.multi:
        return None
    if second.optional or second.wild or second.multi:
        return None
    return second.single


def _longest_end(
    items: tuple[_Item, ...], k: int, pos: int, norms: list[int], punct: list[int]
) -> int:
    """The furthest stream position a match of ``items[k:]`` from ``pos`` reaches,
    or -1 when there is none."""
    if k == len(items):
        return pos
    item = items[k]
    n = len(norms)
    best = -1
    if pos < n:
        if item.wild:
            if not punct[pos]:
                best = max(best, _longest_end(items, k + 1, pos + 1, norms, punct))
        elif norms[pos] in item.single:
            best = max(best, _longest_end(items, k + 1, pos + 1, norms, punct))
        for seq in item.multi:
            end = pos + len(seq)
            if end <= n and tuple(norms[pos:end]) == seq:
                best = max(best, _longest_end(items, k + 1, end, norms, punct))
    if item.optional:
        best = max(best, _longest_end(items, k + 1, pos, norms, punct))
    return best


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
        return _merge_placeholders(self.nlp.make_doc(tokenizable(text)), text)

    def pipe(self, texts: Sequence[str], batch_size: int = 256) -> Iterator[Doc]:
        """Tokenize many texts through ``nlp.pipe``."""
        docs = self.nlp.pipe([tokenizable(t) for t in texts], batch_size=batch_size)
        for text, doc in zip(texts, docs):
            yield _merge_placeholders(doc, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


_RUN_PIECE = 500
_LONG_RUN = re.compile(rf"\S{{{2 * _RUN_PIECE},}}")


def tokenizable(text: str) -> str:
    """The text spaCy's tokenizer reads. It has the length of ``text``, so every offset
    into it is an offset into ``text``:

    * lone surrogates, which spaCy cannot encode, become U+FFFD;
    * a run of 1,000 or more characters without a space (a wall of "!!!" or emoji)
      gets a space every 500 characters: spaCy's affix splitting is quadratic in the
      length of such a run.
    """
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if len(text) >= 2 * _RUN_PIECE and _LONG_RUN.search(text):
        text = _LONG_RUN.sub(_cut_run, text)
    return text


def _cut_run(m: re.Match[str]) -> str:
    run = m.group()
    return "".join(" " if i and i % _RUN_PIECE == 0 else ch for i, ch in enumerate(run))


def _build_nlp(model: str | None) -> Language:
    import spacy

    nlp = spacy.load(model) if model else spacy.blank("en")
    vocab = nlp.vocab
    for word, norm in _norm_table().items():
        for form in {word, word.upper(), word.capitalize()}:
            vocab[form].norm_ = norm
    return nlp


def placeholder_spans(doc: Doc) -> list[tuple[int, int]]:
    """The placeholders found when ``doc`` was made (character offsets)."""
    spans: list[tuple[int, int]] = doc.user_data.get(_PLACEHOLDERS, [])
    return spans


_PLACEHOLDERS = "replylint.placeholders"


def _merge_placeholders(doc: Doc, text: str) -> Doc:
    spans = find_placeholders(text)
    if not spans:
        return doc
    doc.user_data[_PLACEHOLDERS] = spans
    last = -1
    with doc.retokenize() as retok:
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) and span.start >= last:
                retok.merge(span, attrs={"NORM": PLACEHOLDER_NORM})
                last = span.end
    return doc
