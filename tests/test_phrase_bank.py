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
    kinds = [{kind for _, kind, _ in bank._paths.targets.values()} for bank in INDEXED_BANKS]
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


# Drafts full of separators: a phrase may run across one, which the path index cannot
# see in one sequence; the bank then walks on from the sequences that end before one.
JOINERS = [" ", "-", "/", " - ", " / ", " -- ", "–", " — ", " - / ", "/ -", "--"]
FILLERS = ["ok", "800", "the", "a", ".", ",", "!", "you", "we", "can't", "n't", "router"]
# The shipped lists a draft is searched with, and those the conversation is.
DRAFT_LISTS, CONTEXT_LISTS = (bank.labels for bank in Linter()._banks())
SHIPPED_BANK, CONTEXT_BANK = PhraseBank(NLP, DRAFT_LISTS), PhraseBank(NLP, CONTEXT_LISTS)
SHIPPED_BANK.index()
CONTEXT_BANK.index()
SHIPPED_PHRASES = [line.split("=>")[0] for name in DRAFT_LISTS for line in load_phrase_list(name)]
STARRED = [phrase for phrase in SHIPPED_PHRASES if "*" in phrase.replace("*|", "")]
LONG = [phrase for phrase in SHIPPED_PHRASES if len(phrase.split()) >= 6]


@st.composite
def _phrase_words(draw: st.DrawFn, phrases: list[str]) -> list[str]:
    """The words of one way to write a phrase: a choice each, optional words kept or
    dropped, a filler word for "*"."""
    words: list[str] = []
    for raw in draw(st.sampled_from(phrases)).split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        if optional and draw(st.booleans()):
            continue
        if word == "*":
            words.append(draw(st.sampled_from(FILLERS)))
        else:
            words.append(draw(st.sampled_from(word.split("|"))))
    return words


@st.composite
def _separated_draft(draw: st.DrawFn, phrases: list[str], fillers: list[str]) -> str:
    """Phrases and filler words, every two words joined by a space or a separator; or
    a phrase's words joined by spaces but at one place, so that a phrase runs any
    number of its words before a separator."""
    pieces = draw(
        st.lists(_phrase_words(phrases) | st.sampled_from(fillers).map(lambda w: [w]), max_size=8)
    )
    joiners = st.just(" ") | st.sampled_from(JOINERS)
    text = draw(joiners).lstrip()
    for words in pieces:
        cut = draw(st.integers(0, len(words) - 1)) if draw(st.booleans()) else None
        for i, word in enumerate(words):
            if cut is None or i == len(words) - 1:
                text += word + draw(joiners)
            else:
                text += word + (draw(st.sampled_from(JOINERS[1:])) if i == cut else " ")
    return text


@settings(max_examples=400, deadline=None)
@given(_separated_draft(SHIPPED_PHRASES + STARRED + LONG, FILLERS))
def test_separators_in_drafts_change_nothing_found(text: str) -> None:
    """The shipped lists on drafts whose phrases are cut by separators: the path index
    (with its walks on past a separator) finds what a walk from every token finds."""
    assert plain_spacing(text)
    doc = NLP(text)
    assert SHIPPED_BANK.find(doc, text) == SHIPPED_BANK.find(doc)


@settings(max_examples=150, deadline=None)
@given(
    _separated_draft(
        [p for ps in TRIE_EXTRA.values() for p in ps if not p.startswith("*")],
        [w for w in SMALL_WORDS if w.strip() == w],
    )
)
def test_separators_in_drafts_change_nothing_found_by_small_banks(text: str) -> None:
    """The same with banks whose path index walks on from large subtrees (or from every
    second token), through "*" slots and multi-token choices."""
    assert plain_spacing(text)
    for bank in INDEXED_BANKS:
        assert bank.find(NLP(text), text) == _reference(bank, text)


def test_a_phrase_may_run_across_separators() -> None:
    bank = _indexed_bank(3)
    for text in ("ok-reboot the/old - router now", "see a / - router", "ok - ok", "ok / pal ok"):
        assert bank.find(NLP(text), text) == _reference(bank, text)
        assert bank.find(NLP(text), text)
    assert "deferral" not in bank.find(NLP("see a -- router"), "see a -- router")


def test_a_phrase_with_a_separators_norm_is_searched_by_walking() -> None:
    """ "--" has the norm of "-": a phrase that holds it would let the path index read
    a separator, so a draft with one is walked."""
    bank = PhraseBank(NLP, ["jargon"], {"jargon": ["wait -- what", "wait what"]})
    bank.index()
    assert bank._paths is not None and not bank._paths.separable
    for text in ("wait - what", "wait -- what", "wait / -- what", "so wait/what"):
        assert bank.find(NLP(text), text) == _reference(bank, text)
        assert bank.find(NLP(text), text)


@pytest.mark.parametrize("joiner", ["-", " / ", " — "])
def test_every_shipped_phrase_cut_anywhere_is_found_as_by_walking(joiner: str) -> None:
    """Each shipped phrase (its first, second and third choices, every optional word,
    "*" as a word) with a separator after each of its words in turn: as deep into the
    trie as it runs."""
    for bank in (SHIPPED_BANK, CONTEXT_BANK):
        for line in (line for name in bank.labels for line in load_phrase_list(name)):
            slots = [word.rstrip("?") for word in line.split("=>")[0].split()]
            choices = [["ok"] if slot == "*" else slot.split("|") for slot in slots]
            for k in range(3):
                words = [alts[k % len(alts)] for alts in choices]
                for cut in range(1, len(words)):
                    text = " ".join(words[:cut]) + joiner + " ".join(words[cut:]) + " ok"
                    doc = NLP(text)
                    assert bank.find(doc, text) == bank.find(doc), text
