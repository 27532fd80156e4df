"""The phrase bank: the phrase language, and its indexed matching against a plain
search that tries every phrase at every token."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint import Linter, parse
from replylint.errors import ConfigError
from replylint.parse import (
    _STREAM_ATTRS,
    Match,
    PhraseBank,
    Pipeline,
    _Item,
    _longest_first,
    load_phrase_list,
    plain_spacing,
)

NLP = Pipeline().nlp  # spacy.blank("en") with the chat-speak norms ("u" -> "you")

EXTRA = {
    "jargon": [
        "reboot the * router",
        "please? kindly? restart",
        "do n't worry => Take your time.",
        "*? cache flush",
        "i|we can not|cannot help",
    ]
}

# Phrases that exercise the trie: wildcards first, last and optional, multi-token
# choices, optional words between fixed ones, one phrase in several lists, prefixes of
# other phrases and equally long alternatives of one label (the earlier phrase wins).
TRIE_EXTRA = {
    **EXTRA,
    "blame": ["can't|cannot reboot *?", "* router please", "the router", "router? cache"],
    "churn": ["the router", "the * * cache", "kindly can't", "reboot the router", "ok ok"],
    "deferral": ["ok * ok", "ok ok", "the|a router", "a|the router => A router"],
}


def _bank(lists: list[str], extra: dict[str, list[str]] | None = None) -> PhraseBank:
    return PhraseBank(NLP, lists, extra)


def _longest_end(
    items: tuple[_Item, ...], k: int, pos: int, norms: list[int], punct: list[int]
) -> int:
    """The furthest stream position a match of ``items[k:]`` from ``pos`` reaches, or
    -1 when there is none: a search of every way through the phrase's word slots."""
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


def _reference(bank: PhraseBank, text: str) -> dict[str, list[Match]]:
    """Every phrase tried at every token by a search of its word slots, with no trie."""
    doc = NLP(text)
    bank.compile()
    rows = doc.to_array(_STREAM_ATTRS).tolist()
    keep = [i for i, r in enumerate(rows) if not r[1] and r[3] not in bank._separators]
    norms = [rows[i][0] for i in keep]
    punct = [rows[i][2] for i in keep]
    best: dict[tuple[str, int], tuple[int, int, str]] = {}
    for phrase in bank._phrases:
        for s in range(len(norms)):
            end = _longest_end(phrase.items, 0, s, norms, punct)
            key = (phrase.label, s)
            if end > s and (key not in best or (end, -phrase.order) > best[key][:2]):
                best[key] = (end, -phrase.order, phrase.text)
    found: dict[str, list[Match]] = {}
    for (label, s), (e, _, phrase_text) in sorted(best.items(), key=lambda hit: hit[0][1]):
        first, last = doc[keep[s]], doc[keep[e - 1]]
        found.setdefault(label, []).append(
            Match(
                label,
                first.idx,
                last.idx + len(last.text),
                first.i,
                last.i + 1,
                bank._suggestions.get((label, phrase_text)),
            )
        )
    return {label: _longest_first(ms) for label, ms in found.items()}


def _spans(bank: PhraseBank, text: str) -> list[str]:
    return [text[m.start : m.end] for ms in bank.find(NLP(text)).values() for m in ms]


def test_spacing_hyphens_and_case_do_not_matter() -> None:
    bank = _bank(["you-people"])
    for text in ["You  People again", "you-people again", "YOU\nPEOPLE again", "U ppl again"]:
        assert _spans(bank, text) == [text.split(" again")[0]], text


def test_optional_words_wildcards_and_contractions() -> None:
    bank = _bank(["jargon"], EXTRA)
    assert "reboot the old router" in _spans(bank, "Please reboot the old router now")
    assert "reboot the router" not in " ".join(_spans(bank, "reboot the router"))
    assert _spans(bank, "Please kindly restart it") == ["Please kindly restart"]
    assert _spans(bank, "Kindly restart it") == ["Kindly restart"]
    hits = bank.find(NLP("Don't worry, it's fine"))["jargon"]
    assert [(h.start, h.end, h.suggestion) for h in hits] == [(0, 11, "Take your time.")]
    assert _spans(bank, "we cannot help there") == ["we cannot help"]
    assert _spans(bank, "I can not help there") == ["I can not help"]


def test_the_longest_of_overlapping_hits_is_kept() -> None:
    bank = _bank(["jargon"], {"jargon": ["cache", "cache flush now"]})
    assert "cache flush now" in _spans(bank, "a cache flush now")


LISTS = [
    "you-people",
    "blame",
    "jargon",
    "deferral",
    "deflection",
    "private-offer",
    "churn",
    "sales-inquiry",
    "acknowledgement",
]

WORDS = sorted(
    {
        word.strip("?")
        for name in LISTS
        for line in load_phrase_list(name)
        for part in line.split("=>")[0].split()
        for word in part.split("|")
        if word.strip("?") not in {"*", ""}
    }
    | {"the", "a", "-", "  ", "\n", "!", ",", "ok", "router", "please", "kindly"}
    | {"can't", "cannot", "cache", "flush", "reboot", "/"}
)


BANK = PhraseBank(NLP, LISTS, EXTRA)
TRIE_BANK = PhraseBank(NLP, ["jargon", "blame", "churn", "deferral"], TRIE_EXTRA)


def _indexed_bank(subtree_paths: int) -> PhraseBank:
    """A bank without the phrases that may start with "*": a draft with no space token
    is searched from its path index, which lists every subtree of the trie with at most
    ``subtree_paths`` sequences and walks on from the roots of larger ones."""
    default = parse._SUBTREE_PATHS
    parse._SUBTREE_PATHS = subtree_paths
    try:
        bank = PhraseBank(
            NLP,
            ["jargon", "blame", "churn", "deferral"],
            {
                label: [p for p in phrases if not p.startswith("*")]
                for label, phrases in TRIE_EXTRA.items()
            },
        )
        bank.index()
        return bank
    finally:
        parse._SUBTREE_PATHS = default


# Walks from the second token on, from the few largest subtrees, and none at all.
INDEXED_BANKS = [_indexed_bank(0), _indexed_bank(3), _indexed_bank(10_000)]
SMALL_WORDS = [
    *[
        "the",
        "a",
        "ok",
        "router",
        "please",
        "kindly",
        "can't",
        "cannot",
        "cache",
        "flush",
        "reboot",
        "i",
        "we",
        "can",
        "not",
    ],
    *["help", "do", "n't", "worry", "!", ",", "-", "/", "\n"],
    *["--", "–", "router-cache", "the/a", "ok—ok"],
    "  ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_indexed_matching_equals_trying_every_phrase_everywhere(words: list[str]) -> None:
    bank = BANK
    text = " ".join(words)
    found = bank.find(NLP(text))
    reference = _reference(bank, text)
    assert found == reference
    assert bank.find(NLP(text), text) == reference  # path index when it can


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SMALL_WORDS), max_size=25))
def test_trie_matching_equals_trying_every_phrase_everywhere(words: list[str]) -> None:
    """Few words and many overlapping phrases: hits everywhere, of several labels at
    one token, through wildcards and multi-token choices."""
    text = " ".join(words)
    for bank in (TRIE_BANK, *INDEXED_BANKS):
        found = bank.find(NLP(text))
        reference = _reference(bank, text)
        assert found == reference
        assert bank.find(NLP(text), text) == reference


def test_only_banks_without_a_leading_wildcard_have_a_path_index() -> None:
    TRIE_BANK.index()
    assert TRIE_BANK._paths is None
    kinds = [{kind for _, kind in bank._paths.targets.values()} for bank in INDEXED_BANKS]
    assert kinds == [{0, 1, 2}, {0, 1, 2}, {0, 1}]  # hits, "*" and walks; no walk
    linter = Linter()
    linter.warm_up()
    draft_bank, context_bank = linter._banks()  # no shipped phrase starts with "*"
    assert draft_bank._paths is not None
    assert context_bank._paths is not None


# Words, separators, whitespace of every kind, a placeholder, an emoji and a joiner.
SPACING_PIECES = ["a", "b", ".", "-", "–", "—", "--", "/", " ", "\n", "\t", "\u00a0"]
SPACING_PIECES += ["\u2009", "\x1c", "😀", "\u200d", "{{x}}"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SPACING_PIECES), max_size=20).map("".join))
def test_plain_spacing_means_no_space_token(text: str) -> None:
    """The tokenizer makes a space token only of text that :func:`plain_spacing` turns
    down, so a bank may skip reading ``IS_SPACE`` when it says yes."""
    if plain_spacing(text):
        assert not any(t.is_space for t in NLP.make_doc(text))


def test_dashes_that_share_a_separator_norm_still_count_as_words() -> None:
    """ "--" has the norm of "-" but is not a separator: it still sits between words."""
    bank = PhraseBank(NLP, ["you-people"])
    bank.index()
    assert bank._paths is not None
    for text in ("you -- people", "you – people", "you people", "you / people"):
        assert bank.find(NLP(text), text) == _reference(bank, text)
    assert bank.find(NLP("you -- people"), "you -- people") == {}
    assert "you-people" in bank.find(NLP("you – people"), "you – people")


def test_a_bank_builds_its_path_index_after_some_drafts() -> None:
    """One template checked from the command line never pays for the index; a batch
    builds it early on."""
    bank = PhraseBank(NLP, ["you-people"])
    text = "you people"
    for _ in range(parse._INDEX_AFTER - 1):
        assert "you-people" in bank.find(NLP(text), text)
    assert bank._paths is None
    assert "you-people" in bank.find(NLP(text), text)
    assert bank._paths is not None


def test_a_phrase_with_a_lone_surrogate_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"phrase list 'you-people'.*lone surrogate"):
        PhraseBank(NLP, ["you-people"], {"you-people": ["you \ud800 people"]})


def test_ties_go_to_the_earlier_phrase_and_its_suggestion() -> None:
    hits = TRIE_BANK.find(NLP("see the router"))
    assert [(h.start, h.end, h.suggestion) for h in hits["deferral"]] == [(4, 14, None)]
    hits = TRIE_BANK.find(NLP("see a router"))
    assert [(h.start, h.end, h.suggestion) for h in hits["deferral"]] == [(4, 12, None)]
    assert sorted(TRIE_BANK.find(NLP("ok the router ok"))) == ["blame", "churn", "deferral"]


def test_a_lazy_bank_compiles_on_first_use() -> None:
    bank = PhraseBank(NLP, ["you-people"], lazy=True)
    assert not bank._phrases
    assert _spans(bank, "you people") == ["you people"]


def test_phrases_with_too_many_ways_to_match_are_refused() -> None:
    # Ten words of three two-token choices each: 3**10 token sequences.
    phrase = " ".join(["can't|won't|don't"] * 10)
    with pytest.raises(ConfigError, match="ways to match"):
        _bank(["jargon"], {"jargon": [phrase]}).find(NLP("x"))
    # Shipped lists stay far below the limit.
    assert _spans(
        _bank(["jargon"], {"jargon": [" ".join(["can't|won't"] * 3)]}), "can't won't can't"
    ) == ["can't won't can't"]
