"""Round 5 (h1): duplicate-reply's topic words put together chunk by chunk are those of
``_draft._topic_words``; the engine's validated construction of spans, violations and
reports gives the models ``model_construct`` gave."""

from __future__ import annotations

import json

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint import Conversation, Linter
from replylint.models import Report, Span, Violation
from replylint.rules import _draft
from replylint.rules import duplicate_reply as dup

# URLs (any case, mid-chunk, a bare prefix with nothing after it, one after another),
# handles (opening a chunk, after a letter or "@", over 30 characters, with "'s"), the
# four characters ``str.split`` parts at and ``\s`` does not, other spaces, "İ" (two
# characters once lower-cased), stop words, curly apostrophes, hyphens, numbers.
PIECES = ["https://a.co/x", "HTTP://B.org", "www.", "WwW.site", "http://", "https:/x", "x:"]
PIECES += ["see:https://t.co/q", "www.a@b", "@kim_r", "a@b", "@@x", "@" + "y" * 35, "'s", "@"]
PIECES += ["\x1c", "\x1d", "\x1e", "\x1f", " ", "  ", "\n", "\t", "\xa0", "\u2028", "\u3000"]
PIECES += ["İ", "refund", "Refunded", "the", "your", "don’t", "wi-fi", "it's", "12", "2", "ok"]
PIECES += ["order.", "you!", "(call)", "é", "订单", "e\u0301", "-", "'", "’", "#", "_"]

TEXTS = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_topic_words_by_chunk_are_the_topic_words(text: str) -> None:
    expected = _draft._topic_words.__wrapped__(text)  # type: ignore[attr-defined]
    assert dup.topic_words_by_chunk(text) == expected
    # Again, the chunks now remembered.
    assert dup.topic_words_by_chunk(text) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_topic_words_by_chunk_while_the_memo_is_emptied(
    texts: list[str],
) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dup, "_TOPIC_CHUNKS_SIZE", 3)
        for text in texts:
            expected = _draft._topic_words.__wrapped__(text)  # type: ignore[attr-defined]
            assert dup.topic_words_by_chunk(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "a", "b.", "/"]), max_size=8).map("".join))
def test_url_start_is_where_the_first_url_of_a_chunk_starts(text: str) -> None:
    for chunk in text.split():
        if "\x1c" in chunk or "\x1d" in chunk or "\x1e" in chunk or "\x1f" in chunk:
            continue  # such texts take the long way
        spans = _draft.url_spans(chunk)
        m = dup._URL_START.search(chunk)
        assert (m is None) == (not spans)
        if m is not None:
            # The first URL runs from here to the end of the chunk.
            assert spans[0] == (m.start(), len(chunk))


def test_the_patterns_copied_are_the_drafts() -> None:
    assert _draft._URL.pattern == r"(?:https?://|www\.)\S+"
    assert _draft._URL.flags & regex.IGNORECASE
    assert dup._HANDLE.pattern == _draft._HANDLE.pattern
    assert dup._HANDLE.flags == _draft._HANDLE.flags


# -- the engine's models ---------------------------------------------------------------


def _constructed(report: Report) -> Report:
    """What the engine built before: the same values through ``model_construct``."""
    violations = []
    for v in report.violations:
        span = Span.model_construct(**{f: getattr(v.span, f) for f in Span.model_fields})
        fields = {f: getattr(v, f) for f in Violation.model_fields if f != "span"}
        violations.append(Violation.model_construct(span=span, **fields))
    return Report.model_construct(id=report.id, violations=violations)


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    stock = (
        "We're sorry for any inconvenience caused. Please DM us your details and a "
        "member of our team will look into this for you."
    )
    convs = []
    for i, draft in enumerate(
        [stock, stock, "You people never read the FAQ!!! 😀 " + stock, "Thanks, all sorted.", stock]
    ):
        convs.append(
            Conversation.model_validate(
                {
                    "id": f"c{i}",
                    "brand": "@Brand",
                    "messages": [{"role": "customer", "text": f"@Brand my order {i} is late"}],
                    "draft": draft,
                }
            )
        )
    return Linter().lint_many(convs)


def test_reports_are_what_model_construct_made(reports: list[Report]) -> None:
    assert sum(len(r.violations) for r in reports) >= 4
    assert any(len(r.violations) > 1 for r in reports)
    for report in reports:
        before = _constructed(report)
        assert report == before
        assert report.model_fields_set == before.model_fields_set == {"id", "violations"}
        for v, w in zip(report.violations, before.violations):
            assert v.model_fields_set == w.model_fields_set == set(Violation.model_fields)
            assert v.span.model_fields_set == w.span.model_fields_set == set(Span.model_fields)
        assert report.model_dump_json() == before.model_dump_json()
        assert json.loads(report.model_dump_json(exclude_unset=True)) == json.loads(
            before.model_dump_json(exclude_unset=True)
        )
        positions = [(v.span.start, v.span.end, v.rule) for v in report.violations]
        assert positions == sorted(positions)
