"""The complaint model's small-batch path (``ComplaintModel._small_logits``, used for
batches of up to ``_SMALL_BATCH`` texts) gives bitwise the logits and scores of the
numpy batch path (``_batch_decisions``, the original computation): thresholds decide
rule results, so the comparison is ``==``, never approximate."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.analysis import complaint
from replylint.analysis.complaint import ComplaintModel

from .conftest import shared_file

# Pieces that hit the edge cases: vocabulary words and grams, punctuation runs,
# entities, typographic characters, handles, links, emoticons, capitals, characters
# outside the 12-bit gram keys, and characters no gram holds (rows with a zero norm).
_PIECES = [
    "my order",
    "still",
    "not",
    "working",
    "WORST",
    "service",
    "thanks",
    "refund",
    "@AcmeHelp",
    "@bank_care2",
    "#giveaway",
    "rt",
    "http://t.co/AbC123",
    "https://web.archive.org/web/2017/https://x.com/a?b=c",
    "!!",
    "?",
    "...",
    "\u2026",
    "&amp;",
    "&lt;3",
    ":)",
    ":(",
    "\u2019s",
    "don't",
    "why is",
    "on hold",
    "2 hours",
    "\u00e9t\u00e9",
    "\U0001f621",
    "\u4e2d\u6587",
    "\u0416\u0416",
    "\x00",
    "\u3000",
    "a",
    "I",
    "",
]

_texts = st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join) | st.text(max_size=60)


@pytest.fixture(scope="module")
def model() -> ComplaintModel:
    return ComplaintModel.default()


def _batch_scores(model: ComplaintModel, texts: list[str]) -> list[float]:
    """Scores from the numpy batch path, whatever the batch size."""
    a, c = model._batch_decisions(texts).tolist()
    return [complaint._sigmoid(x) ** model._power * complaint._sigmoid(y) for x, y in zip(a, c)]


def _assert_same(model: ComplaintModel, texts: list[str]) -> None:
    small = model._small_logits(texts)
    batch = model._batch_decisions(texts)
    assert [a for a, _ in small] == batch[0].tolist()
    assert [c for _, c in small] == batch[1].tolist()
    assert model.score_many(texts) == _batch_scores(model, texts)
    assert (model.decisions(texts) == batch).all()


@settings(max_examples=150, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=complaint._SMALL_BATCH))
def test_small_batches_match_the_batch_path(model: ComplaintModel, texts: list[str]) -> None:
    _assert_same(model, texts)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["sorry", "!", "ab", "\u00e9\u00e9"]), st.integers(250, 300))
def test_counts_past_the_sublinear_table(model: ComplaintModel, word: str, times: int) -> None:
    # A gram seen 256 times or more takes 1 + math.log(count), not the table.
    _assert_same(model, [" ".join([word] * times), "my order is late"])


def test_empty_and_featureless_rows(model: ComplaintModel) -> None:
    _assert_same(model, [""])
    _assert_same(model, ["", "\U0001f621", "late again"])
    assert model.score_many([]) == []


def test_dev_set_one_at_a_time_and_in_small_batches(model: ComplaintModel) -> None:
    path = shared_file("data", "complaints-dev.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    assert len(texts) > complaint._SMALL_BATCH
    whole = model.score_many(texts)  # one large batch: the numpy path
    assert whole == _batch_scores(model, texts)
    for size in (1, 2, 3, 5, complaint._SMALL_BATCH):
        # A fresh instance sees each text's words for the first time.
        with resources.as_file(
            resources.files("replylint") / "data" / "complaint_model.json.gz"
        ) as f:
            fresh = ComplaintModel.load(f)
        got: list[float] = []
        for start in range(0, len(texts), size):
            got.extend(fresh.score_many(texts[start : start + size]))
        assert got == whole, size
        # And again, now that every word is cached.
        again = [
            s for i in range(0, len(texts), size) for s in fresh.score_many(texts[i : i + size])
        ]
        assert again == whole, size
    logits = model.decisions(texts[:4])
    assert logits.shape == (2, 4) and logits.dtype == np.float64
