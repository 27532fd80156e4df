"""The phrase bank's fast paths agree with the plain computations they stand for:

* :func:`plain_spacing`'s ASCII branch says yes exactly when the tokenizer makes no
  space token (and its other branch never says yes wrongly);
* the path index's first step (a walk that would end at once is not started) and its
  walks across separators find what a walk from every token finds, on drafts cut
  right where a walk starts: after a phrase's first words, before or after "*", at a
  separator, at punctuation and at the end of the draft;
* :func:`_longest_first`'s plain tuple sort keeps what sorting by (start, longest
  first) keeps, for the hits of one label (one per start).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from replylint import Linter, parse
from replylint.parse import (
    Match,
    PhraseBank,
    Pipeline,
    _longest_first,
    load_phrase_list,
    plain_spacing,
)

NLP = Pipeline().nlp

# Every ASCII whitespace character, other ASCII control characters (not whitespace),
# words, separators; and a few non-ASCII characters, whitespace or not.
ASCII_PIECES = ["a", "b", ".", "-", "/", "--", " ", "  ", "\n", "\t", "\r", "\x0b", "\x0c"]
ASCII_PIECES += ["\x1c", "\x1d", "\x1e", "\x1f", "\x00", "\x07", "\x1b", "\x7f", "{{x}}"]
OTHER_PIECES = ["\u00a0", "\u2009", "\u2028", "\u3000", "\x85", "–", "😀", "\u200d", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ASCII_PIECES), max_size=12).map("".join))
def test_plain_spacing_of_ascii_text_is_exactly_no_space_token(text: str) -> None:
    assert plain_spacing(text) == (not any(t.is_space for t in NLP.make_doc(text)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ASCII_PIECES + OTHER_PIECES), max_size=12).map("".join))
def test_plain_spacing_never_says_yes_to_a_space_token(text: str) -> None:
    if plain_spacing(text):
        assert not any(t.is_space for t in NLP.make_doc(text))


def _small_bank(subtree_paths: int) -> PhraseBank:
    """Phrases with "*" first, inside and last after a fixed word, optional words and
    multi-token choices; indexed so that walks start from the second token on (0) or
    from a few large subtrees (3)."""
    default = parse._SUBTREE_PATHS
    parse._SUBTREE_PATHS = subtree_paths
    try:
        bank = PhraseBank(
            NLP,
            ["jargon", "blame"],
            {
                "jargon": [
                    "reboot the * router",
                    "the * team is closed",
                    "ok *",
                    "ok * *? yet",
                    "can't|cannot reboot",
                    "the router",
                ],
                "blame": ["reboot the router now", "the router is|was down", "ok ok"],
            },
        )
        bank.index()
        return bank
    finally:
        parse._SUBTREE_PATHS = default


DRAFT_LISTS = Linter()._banks()[0].labels
SHIPPED = PhraseBank(NLP, DRAFT_LISTS)
SHIPPED.index()
BANKS = [SHIPPED, _small_bank(0), _small_bank(3)]
PHRASES = (
    [
        [line.split("=>")[0] for name in bank.labels for line in load_phrase_list(name)]
        for bank in BANKS[:1]
    ]
    + [
        [p for ps in bank._extra.values() for p in ps]  # the small banks' own phrases
        for bank in BANKS[1:]
    ]
)
# What may stand where a walk starts: a word for "*", punctuation (which "*" does not
# read), separators (which a walk skips), several of them, or the end of the draft.
TAILS = ["ok", "router", "team", ".", ",", "!", "-", "/", "–", "--", "ok -", "- ok", "ok .", ""]


@st.composite
def _cut_phrase(draw: st.DrawFn, phrases: list[str]) -> str:
    """A phrase's first words (a choice each, "*" as a word), then a tail, then maybe
    the rest of the phrase and more words."""
    words: list[str] = []
    for raw in draw(st.sampled_from(phrases)).split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        if optional and draw(st.booleans()):
            continue
        words.append("ok" if word == "*" else draw(st.sampled_from(word.split("|"))))
    cut = draw(st.integers(0, len(words)))
    rest = words[cut:] if draw(st.booleans()) else []
    tail = draw(st.sampled_from(TAILS))
    more = draw(st.sampled_from(["", " ok", " the router", " .", " - team"]))
    return " ".join([*words[:cut], tail, *rest]).strip() + more


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_path_index_finds_what_walking_every_token_finds(data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(BANKS) - 1))
    text = data.draw(_cut_phrase(PHRASES[k]))
    if not plain_spacing(text):
        return
    doc = NLP(text)
    assert BANKS[k].find(doc, text) == BANKS[k].find(doc)


def _longest_first_by_key(matches: list[Match]) -> list[Match]:
    """The former implementation: sort by start, longest first, then drop overlaps."""
    matches = sorted(matches, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    last_end = -1
    for m in matches:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.integers(0, 30), st.tuples(st.integers(1, 6), st.sampled_from([None, "x"])), max_size=8
    )
)
def test_longest_first_keeps_what_the_keyed_sort_kept(
    hits: dict[int, tuple[int, str | None]],
) -> None:
    matches = [Match("lab", s, s + n, s, s + n, sug) for s, (n, sug) in hits.items()]
    if matches:
        assert _longest_first(list(matches)) == _longest_first_by_key(matches)
