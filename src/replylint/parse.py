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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple, cast

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


class Match(NamedTuple):
    """A phrase-list hit in a document: character and token offsets. (A named tuple:
    a draft has a few, made on every draft, and a tuple is the cheapest to build.)"""

    label: str
    start: int
    end: int
    token_start: int
    token_end: int
    suggestion: str | None = None


_new_match = cast(
    "Callable[[type[Match], tuple[str, int, int, int, int, str | None]], Match]", tuple.__new__
)
"""``_new_match(Match, fields)`` is ``Match(*fields)`` at a third of the cost: a named
tuple's own ``__new__`` is a Python function that calls ``tuple.__new__`` so."""


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
_MAX_VARIANTS = 512

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
    suggestion: str | None = None


def compile_phrase(
    phrase: str,
    nlp: Language,
    norms: Mapping[str, str],
    special: Mapping[str, object] | None = None,
) -> tuple[_Item, ...]:
    """Compile one phrase of the phrase language into word slots over ``NORM`` hashes.

    ``special`` is the tokenizer's special cases (``nlp.tokenizer.rules``, which spaCy
    copies on each access: pass it when compiling many phrases)."""
    if not phrase.isascii() and _SURROGATE.search(phrase):
        raise ConfigError(f"phrase {phrase!r} holds a lone surrogate: it is not valid text")
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
    # The bank spells every phrase out into its token sequences (see _variants).
    ways = 1
    for item in items:
        ways *= int(item.wild) + int(bool(item.single)) + len(item.multi) + int(item.optional)
    if ways > _MAX_VARIANTS:
        raise ConfigError(
            f"phrase {phrase!r} has {ways} ways to match (at most {_MAX_VARIANTS}, counting "
            "each optional word and each choice of several tokens); split it into several phrases"
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


def plain_spacing(text: str) -> bool:
    """True when spaCy's tokenizer makes no space token of ``text``: its only whitespace
    is single plain spaces after other characters. (The tokenizer splits at a plain
    space; every other run of whitespace, and a second space, becomes a token.)

    The tokenizer's whitespace is ``str.isspace``. In ASCII text (``isascii`` is free:
    CPython keeps it as a flag) that is the plain space and the nine characters tested
    here, each test a fast ``memchr`` scan; otherwise, every whitespace character but
    the plain space is unprintable, so one ``isprintable`` pass rules them out (with a
    few harmless others, such as a zero-width joiner)."""
    if text.startswith(" ") or "  " in text:
        return False
    if text.isascii():
        return (
            "\n" not in text
            and "\t" not in text
            and "\r" not in text
            and "\x0b" not in text
            and "\x0c" not in text
            and "\x1c" not in text
            and "\x1d" not in text
            and "\x1e" not in text
            and "\x1f" not in text
        )
    return text.isprintable()


_Slot = frozenset[int] | None
"""One token of a phrase variant: the norms it may have, or ``None`` for "*"."""


def _variants(items: tuple[_Item, ...]) -> list[tuple[_Slot, ...]]:
    """Every token sequence a phrase can match, one slot per token: each optional word
    kept or dropped, each multi-token choice spelled out. A match of the phrase is a
    match of one of its variants, so the longest match is the longest variant match."""
    variants: list[tuple[_Slot, ...]] = [()]
    for item in items:
        ways: list[tuple[_Slot, ...]] = []
        if item.wild:
            ways.append((None,))
        if item.single:
            ways.append((item.single,))
        ways.extend(tuple(frozenset((h,)) for h in seq) for seq in item.multi)
        if item.optional:
            ways.append(())
        variants = [v + w for v in variants for w in ways]
    return list(dict.fromkeys(variants))


_Hit = tuple[str, int, str | None]
"""The first phrase of a label that ends at a trie node: the label, minus the phrase's
order, and its suggestion."""


class _Node:
    """A state of the phrase trie: the tokens read so far fit the start of some
    phrase variants.

    ``next`` leads on by the norm of the next token, ``wild`` by any word that is not
    punctuation ("*"); ``hits`` are the phrases a variant of which ends here, the one
    of lowest order per label (the others can never win a tie at this length)."""

    __slots__ = ("hits", "next", "wild")

    def __init__(self) -> None:
        self.next: dict[int, _Node] = {}
        self.wild: _Node | None = None
        self.hits: tuple[_Hit, ...] = ()


def _build_trie(phrases: Sequence[_Phrase]) -> _Node:
    """The trie of every variant of ``phrases``. A node stands for the set of variant
    suffixes still to match; equal sets share one node, so a choice of many words
    ("sorry|apologies|...") fans out to one node instead of to copies of the rest."""
    variants = [(phrase, v) for phrase in phrases for v in _variants(phrase.items)]
    nodes: dict[frozenset[tuple[int, int]], _Node] = {}

    def node(state: frozenset[tuple[int, int]]) -> _Node:
        made = nodes.get(state)
        if made is not None:
            return made
        made = nodes[state] = _Node()
        ahead: dict[int, set[tuple[int, int]]] = {}
        wild: set[tuple[int, int]] = set()
        ending: dict[str, _Phrase] = {}
        for v, k in state:
            phrase, slots = variants[v]
            if k == len(slots):
                known = ending.get(phrase.label)
                if known is None or phrase.order < known.order:
                    ending[phrase.label] = phrase
                continue
            slot = slots[k]
            if slot is None:
                wild.add((v, k + 1))
            else:
                for h in slot:
                    ahead.setdefault(h, set()).add((v, k + 1))
        made.next = {h: node(frozenset(rest)) for h, rest in ahead.items()}
        made.wild = node(frozenset(wild)) if wild else None
        made.hits = tuple(
            (p.label, -p.order, p.suggestion)
            for p in sorted(ending.values(), key=lambda p: p.order)
        )
        return made

    return node(frozenset((v, 0) for v in range(len(variants))))


class PhraseBank:
    """Every phrase list a set of rules needs, compiled once and matched in one pass.

    Every phrase is spelled out into its variants (optional words kept or dropped,
    multi-token choices expanded), and all variants go into one trie over ``NORM``
    hashes: from each token of a draft a single walk down the trie finds every phrase
    that matches there, whatever the number of phrases. Space tokens and separators
    (hyphen, dash, slash) are skipped, so "You  People" and "you-people" read as
    "you people".

    After a few drafts the bank also lists the trie's token sequences in a spaCy
    ``PhraseMatcher`` (its path index): a draft with no space token, as most are, is
    then searched in one compiled pass, and Python walks the trie only on from where a
    sequence stops at a "*" slot or before a large subtree.
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
        self._root = _Node()
        self._suggestions: dict[tuple[str, str], str] = {}
        self.labels: tuple[str, ...] = tuple(dict.fromkeys(lists))
        self._nlp = nlp
        self._extra = extra or {}
        self._separators: set[int] = set()
        self._norm_attr = 0
        self._paths: _PathIndex | None = None
        self._indexed = False
        self._searched = 0  # drafts searched before the path index was built
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
            from spacy.attrs import NORM

            self._norm_attr = int(NORM)
            norms = _norm_table()
            special = _special_cases(nlp)
            compiled: list[tuple[str, str, tuple[_Item, ...]]] = []
            for label in self.labels:
                for line in [*load_phrase_list(label), *self._extra.get(label, ())]:
                    text, suggestion = _split_suggestion(line)
                    try:
                        items = compile_phrase(text, nlp, norms, special)
                    except ConfigError as exc:
                        raise ConfigError(f"phrase list {label!r}: {exc}") from None
                    compiled.append((label, text, items))
                    if suggestion:
                        self._suggestions[(label, text)] = suggestion
            self._phrases = [
                _Phrase(label, text, items, order, self._suggestions.get((label, text)))
                for order, (label, text, items) in enumerate(compiled)
            ]
            self._root = _build_trie(self._phrases)
            self._compiled = True

    def index(self) -> None:
        """Build the path index (~40 ms for the shipped lists), if that has not happened
        yet. :meth:`find` builds it after its first ``_INDEX_AFTER`` drafts, so a single
        template checked from the command line never pays for it."""
        self.compile()
        with self._lock:
            if not self._indexed:
                separators = [self._nlp.vocab[sep] for sep in _SEPARATORS]
                norms = {sep.norm for sep in separators}
                # The trie's edges are the norms of the phrases' words.
                separable = all(sep.is_punct for sep in separators) and not any(
                    norms.intersection(item.single, *item.multi)
                    for phrase in self._phrases
                    for item in phrase.items
                )
                self._paths = _path_index(self._root, norms, separable)
                self._indexed = True

    def find(self, doc: Doc, text: str | None = None) -> dict[str, list[Match]]:
        """All hits in ``doc`` by label (in no particular order of labels); overlapping
        hits of one label keep the longest, each label's hits in text order.

        ``text``, the text ``doc`` was made from, lets a draft without space tokens be
        searched from the path index."""
        if not self.labels:
            return {}
        if not self._compiled:
            self.compile()
        if not self._indexed:
            self._searched += 1  # a race may miscount by a few: harmless
            if self._searched >= _INDEX_AFTER:
                self.index()
        paths = self._paths
        if text is not None and paths is not None and plain_spacing(text):
            best = self._search_indexed(doc, paths)
        else:
            best = self._search(doc)
        if not best:
            return {}
        found: dict[str, list[Match]] = {}
        for (label, s), (e, _, suggestion) in best.items():
            first = doc[s]
            start = first.idx
            # len(token) is len(token.text), without making the string.
            if e == s + 1:
                end = start + len(first)
            else:
                last = doc[e - 1]
                end = last.idx + len(last)
            match = _new_match(Match, (label, start, end, s, e, suggestion))
            matches = found.get(label)
            if matches is None:
                found[label] = [match]
            else:
                matches.append(match)
        for label, matches in found.items():
            if len(matches) > 1:
                found[label] = _longest_first(matches)
        return found

    def _search(self, doc: Doc) -> _Best:
        """The best hit per (label, start) by a walk down the trie from every token,
        space tokens and separators skipped (by doc index)."""
        seps = self._separators
        norms, space, punct, orths = doc.to_array(_STREAM_ATTRS).T.tolist()
        keep: list[int] | None = None
        if any(space) or not seps.isdisjoint(orths):
            keep = [i for i, (sp, o) in enumerate(zip(space, orths)) if not sp and o not in seps]
            norms = [norms[i] for i in keep]
            punct = [punct[i] for i in keep]
        root = self._root
        best: _Best = {}
        starts: Iterable[tuple[int, _Node, int]] = (
            (s, node, s + 1) for s, node in enumerate(map(root.next.get, norms)) if node
        )
        if root.wild is not None:
            wild = root.wild
            starts = chain(starts, ((s, wild, s + 1) for s, p in enumerate(punct) if not p))
        _walk(starts, norms, punct, best)
        if keep is not None:  # positions with tokens skipped -> doc indices
            return {
                (label, keep[s]): (keep[e - 1] + 1, o, sug)
                for (label, s), (e, o, sug) in best.items()
            }
        return best

    def _search_indexed(self, doc: Doc, index: _PathIndex) -> _Best:
        """As :meth:`_search`, for a ``doc`` without space tokens: the path index finds
        the phrases' token sequences in one compiled pass, and Python walks on only
        where a sequence stops short of a "*" slot, of a large subtree or of a
        separator."""
        found = index.matcher(doc)
        if not found:
            return {}
        targets = index.targets
        best: _Best = {}
        n = len(doc)
        starts: list[tuple[int, _Node, int]] = []
        cuts: list[int] = []
        crossings: list[tuple[int, int]] = []
        for key, s, end in found:
            target = targets.get(key)
            if target is None:
                if key == index.crossing:
                    crossings.append((s, end))
                elif doc[s].orth in self._separators:  # not "--", which has the norm of "-"
                    cuts.append(s)
                continue
            node, kind, follow = target
            if kind == _HITS:
                for label, neg_order, suggestion in node.hits:
                    known = best.get((label, s))
                    if known is None or (end, neg_order) > known[:2]:
                        best[label, s] = (end, neg_order, suggestion)
                continue
            after = end + 1 if kind == _WILD else end  # "*" reads token `end`
            # The walk's first step, taken here: most walks stop at it. From a node
            # without hits and "*" (`follow` is set) a walk records nothing and goes
            # on only by a norm in `follow`: an edge's, or a separator's (a walk
            # across separators skips one). No next token, or another norm: no hit.
            if follow is not None and (after >= n or doc[after].norm not in follow):
                continue
            if kind == _WILD and (end == n or doc[end].is_punct):  # "*" reads no punctuation
                continue
            starts.append((s, node, after))
        if cuts:
            if not index.separable:
                return self._search(doc)
            # A hit that reads across a separator has read, up to the first one it
            # crosses, either a sequence the index lists (and then the index lists it
            # followed by a separator's norm: a crossing) or one it walks on from (a
            # large subtree, a "*"): walking on from both, separators skipped, makes
            # every hit of _search that reads one. The others the index found itself:
            # no sequence it lists and no walk reads a separator (no edge has a
            # separator's norm, and "*" reads no punctuation, as every separator is:
            # _PathIndex.separable).
            skip = set(cuts)
            root = self._root
            for s, e in crossings:
                if e - 1 in skip:  # a separator, not "--"
                    # The node the sequence reaches: its tokens read one by one from
                    # the root (a sequence the index lists has no "*"). The walk goes
                    # on from the separator, which it skips: a hit ends before it.
                    node = root
                    for i in range(s, e - 1):
                        node = node.next[doc[i].norm]
                    starts.append((s, node, e - 1))
            _walk_doc(doc, starts, best, skip)
        elif starts:
            _walk_doc(doc, starts, best)
        return best


_Best = dict[tuple[str, int], tuple[int, int, str | None]]
"""(label, start) -> (end, -order, suggestion): the longest hit, then the first phrase."""


def _walk(
    starts: Iterable[tuple[int, _Node, int]],
    norms: Sequence[int],
    punct: Sequence[int],
    best: _Best,
) -> None:
    """Walk down the trie from each of ``starts`` (the token a match starts at, the
    node reached, the position of the next token), following "*" slots too, and keep
    in ``best`` every hit reached."""
    n = len(norms)
    pending: list[tuple[_Node, int]] = []
    for s, first, after in starts:
        pending.append((first, after))
        while pending:
            node_or_none: _Node | None
            node_or_none, end = pending.pop()
            while node_or_none is not None:
                node = node_or_none
                for label, neg_order, phrase in node.hits:
                    known = best.get((label, s))
                    if known is None or (end, neg_order) > known[:2]:
                        best[label, s] = (end, neg_order, phrase)
                if end == n:
                    break
                if node.wild is not None and not punct[end]:
                    pending.append((node.wild, end + 1))
                node_or_none = node.next.get(norms[end])
                end += 1


def _walk_doc(
    doc: Doc, starts: list[tuple[int, _Node, int]], best: _Best, skip: Set[int] = frozenset()
) -> None:
    """:func:`_walk` over the tokens of ``doc`` by doc index, the tokens ``skip``
    skipped (the separators, as :meth:`PhraseBank._search` skips them). Each token's
    norm (and, where a "*" slot asks, whether it is punctuation) is read from the doc
    as a walk gets to it: a walk reads a token or two past its start, fewer than
    reading them all. A hit ends after the last token it read (the tokens skipped
    after it are not part of it), as a hit of ``_search`` does."""
    n = len(doc)
    pending: list[tuple[_Node, int]] = []
    for s, first, after in starts:
        pending.append((first, after))
        while pending:
            node_or_none: _Node | None
            node_or_none, end = pending.pop()
            while node_or_none is not None:
                node = node_or_none
                for label, neg_order, phrase in node.hits:
                    known = best.get((label, s))
                    if known is None or (end, neg_order) > known[:2]:
                        best[label, s] = (end, neg_order, phrase)
                while end in skip:
                    end += 1
                if end == n:
                    break
                token = doc[end]
                if node.wild is not None and not token.is_punct:
                    pending.append((node.wild, end + 1))
                node_or_none = node.next.get(token.norm)
                end += 1


# Drafts a bank searches by walking its trie before it builds its path index.
_INDEX_AFTER = 64

_HITS, _WILD, _WALK = 0, 1, 2
"""What a path index match means: the hits of the node it reaches; a walk on through
"*" (from the node past it, a token further on); a walk on from the node it reaches
through everything (its subtree was too large to list)."""

# The most token sequences a subtree of the trie may have for the path index to list
# them all; a larger one is listed down to its root, and walked from there. (64: 40 %
# fewer walks on real drafts than 32, for ~2 MB and a few ms more to build; 128 adds
# little to that, for ~3 MB more.)
_SUBTREE_PATHS = 64


@dataclass(frozen=True)
class _PathIndex:
    """The trie's token sequences in a spaCy ``PhraseMatcher`` over ``NORM``.

    ``targets`` maps a match key to a trie node, what to do at it (``_HITS``,
    ``_WILD``, ``_WALK``) and, for a walk from a node with no hits and no "*" slot,
    the norms its first step may read (any other ends it at once: the walk is not
    worth starting); the separators' norms have a key of their own (no target), and
    so have the crossings."""

    matcher: Callable[[Doc], list[tuple[int, int, int]]]
    targets: dict[int, tuple[_Node, int, frozenset[int] | None]]
    separable: bool
    """No walk of the trie reads a separator: no edge has a separator's norm, and every
    separator is punctuation (which "*" does not read). If not, a draft with a separator
    is searched by walking the trie."""
    crossing: int
    """The key of the crossings (when ``separable``): each sequence the index lists as
    far as a node that leads on, followed by a separator's norm."""


def _path_index(root: _Node, separator_norms: set[int], separable: bool) -> _PathIndex | None:
    """The path index of the trie at ``root``; ``None`` when a phrase starts with "*"
    (a walk from every word)."""
    if root.wild is not None:
        return None
    from spacy.matcher import PhraseMatcher
    from spacy.vocab import Vocab

    sizes: dict[int, int] = {}

    def size(node: _Node) -> int:
        """How many sequences the subtree at ``node`` lists."""
        known = sizes.get(id(node))
        if known is None:
            known = bool(node.hits) + (node.wild is not None)
            known += sum(size(child) for child in node.next.values())
            sizes[id(node)] = known
        return known

    groups: dict[tuple[int, int], list[list[int]]] = {}
    nodes: dict[int, _Node] = {}
    crossings: list[list[int]] = []

    def add(node: _Node, kind: int, path: list[int]) -> None:
        nodes[id(node)] = node
        groups.setdefault((id(node), kind), []).append(path)

    def list_paths(node: _Node, path: list[int]) -> None:
        if node.hits:
            add(node, _HITS, path)
        if node.wild is not None:
            add(node, _WILD, path)
        if separable and (node.next or node.wild is not None):
            crossings.extend([*path, norm] for norm in separator_norms)
        for norm, child in node.next.items():
            if path and size(child) > _SUBTREE_PATHS:
                add(child, _WALK, [*path, norm])
            else:
                list_paths(child, [*path, norm])

    for norm, child in root.next.items():
        list_paths(child, [norm])
    vocab = Vocab()  # the keys' strings stay out of the pipeline's vocabulary
    matcher = PhraseMatcher(vocab, attr="NORM")
    targets: dict[int, tuple[_Node, int, frozenset[int] | None]] = {}
    for (node_id, kind), paths in groups.items():
        name = f"{node_id}:{kind}"
        matcher.add(name, cast("list[Doc]", paths))  # it takes hash sequences too
        node = nodes[node_id]
        if kind == _WILD:
            node = cast("_Node", node.wild)  # a walk on from "*" starts past it
        # A walk from a node without hits and "*" reads on only if the next token has
        # one of these norms (or a separator's, which it may skip).
        follow = None
        if kind != _HITS and not node.hits and node.wild is None:
            follow = frozenset(node.next).union(separator_norms)
        targets[vocab.strings[name]] = (node, kind, follow)
    matcher.add("separator", cast("list[Doc]", [[norm] for norm in separator_norms]))
    if crossings:
        matcher.add("crossing", cast("list[Doc]", crossings))
    return _PathIndex(matcher, targets, separable, vocab.strings["crossing"])


def _longest_first(matches: list[Match]) -> list[Match]:
    """The hits of one label in text order, each overlapping an earlier kept one
    dropped. No two of them start at one token (a bank keeps one hit per label and
    start), so the plain tuple order of ``Match`` (the label, then the start) is the
    text order, with no key function to call."""
    if len(matches) == 1:
        return matches
    matches.sort()
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
