"""The phrase bank: the phrase language, and its indexed matching against a plain
search that tries every phrase at every token."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.parse import (
    _STREAM_ATTRS,
    Match,
    PhraseBank,
    Pipeline,
    _longest_end,
    _longest_first,
    load_phrase_list,
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


def _bank(lists: list[str], extra: dict[str, list[str]] | None = None) -> PhraseBank:
    return PhraseBank(NLP, lists, extra)


def _reference(bank: PhraseBank, text: str) -> dict[str, list[Match]]:
    """Every phrase tried at every token, with no index and no pre-check."""
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
    for (label, s), (e, _, phrase_text) in best.items():
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
)


BANK = PhraseBank(NLP, LISTS, EXTRA)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_indexed_matching_equals_trying_every_phrase_everywhere(words: list[str]) -> None:
    bank = BANK
    text = " ".join(words)
    assert bank.find(NLP(text)) == _reference(bank, text)


def test_a_lazy_bank_compiles_on_first_use() -> None:
    bank = PhraseBank(NLP, ["you-people"], lazy=True)
    assert not bank._phrases
    assert _spans(bank, "you people") == ["you people"]
