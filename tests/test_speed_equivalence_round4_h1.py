"""The phrase bank's cheaper ways to build its matches give what the plain ones give
(the search itself is checked against a walk of the trie in test_phrase_bank.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.parse import Match, Pipeline, _new_match

PIPELINE = Pipeline()

# Placeholders (merged into one token), emoji and joiners, combining marks, astral
# characters, a lone surrogate (made U+FFFD), separators, contractions and whitespace.
PIECES = ["Hi", "{{first_name}}", "{{ ticket.id }}", "%NAME%", "[Customer Name]", "${x}"]
PIECES += ["😀", "👍🏽", "👨\u200d👩\u200d👧", "e\u0301", "\u0301", "𝔘", "\ud800", "订单"]
PIECES += ["-", "/", "–", "--", "can't", "you-people", "a/b", " ", "  ", "\n", "\t", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_a_tokens_length_is_the_length_of_its_text(text: str) -> None:
    """A match ends at ``last.idx + len(last)``: the length of the token's text, read
    without making the string, for every kind of token a draft is made of."""
    for token in PIPELINE.make_doc(text):
        assert len(token) == len(token.text)


@settings(max_examples=50, deadline=None)
@given(
    st.text(max_size=5),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**3),
    st.integers(0, 10**3),
    st.none() | st.text(max_size=5),
)
def test_a_match_made_by_tuple_new_is_a_match(
    label: str, start: int, end: int, token_start: int, token_end: int, suggestion: str | None
) -> None:
    fields = (label, start, end, token_start, token_end, suggestion)
    made = _new_match(Match, fields)
    assert type(made) is Match
    assert made == Match(*fields)
    assert made.suggestion == suggestion and made.token_end == token_end
