"""The complaint detector: shipped model, robustness, exactness, evaluation command."""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.analysis.complaint import (
    ComplaintModel,
    _KeyTable,
    char_features,
    dense_feature_names,
    dense_features,
    normalise,
    word_features,
)
from replylint.analysis.evaluate import (
    ComplaintEval,
    evaluate_complaint_csv,
    format_eval,
    macro_f1,
)

from .conftest import shared_file

COMPLAINTS = [
    "@AcmeAir flight delayed 5 hours and still no update. worst airline ever!!",
    "@ShopCo_Help I ordered two weeks ago and my package still hasn't arrived. No reply to my emails either.",
    "@TelcoCare my broadband has been down again since Monday, this is ridiculous. Sort it out",
    "@BankHelp you charged me twice for the same payment and nobody will give me a refund. Disgraceful service",
    "@AppSupport the update broke everything, app crashes every time I open it. Useless",
    "@PizzaPlace waited 90 minutes for a cold pizza and the driver was rude. Never ordering again",
]
NOT_COMPLAINTS = [
    "Happy birthday to my amazing sister, love you so much!",
    "Just finished a 10k run this morning, feeling great",
    "@AcmeAir thank you for the upgrade today, the crew were wonderful!",
    "@ShopCo_Help hi, do you ship to Canada? thanks",
    "Who else is watching the game tonight? #superbowl",
    "Enter our giveaway for a chance to win a new phone! https://t.co/abc123",
]
WEIRD = [
    "",
    " ",
    "\x00",
    "\x00\x00 @brand \x00",
    "\ud800",
    "lone \udfff surrogate \ud83d",
    "😡😡😡 @brand 👎",
    "🏳️‍🌈👨‍👩‍👧‍👦",
    "e\u0301\u0301\u0301",
    "مرحبا @brand الخدمة سيئة",
    "\u202eoverride\u202c",
    "&amp;&lt;&gt;&quot;&#39;",
    "!!!???...",
    "\t\n\r\x0b\x0c",
    "a" * 100_000,
    "still waiting!! " * 7_000,
]


@pytest.fixture(scope="module")
def model() -> ComplaintModel:
    return ComplaintModel.default()


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    ref = resources.files("replylint").joinpath("data", "complaint_model.json.gz")
    data: dict[str, Any] = json.loads(gzip.decompress(ref.read_bytes()))
    return data


# -- the shipped model ----------------------------------------------------------------


def test_default_is_loaded_once(model: ComplaintModel) -> None:
    assert ComplaintModel.default() is model
    assert 0.2 < model.threshold < 0.8


def test_load_from_path_matches_default(
    model: ComplaintModel, shipped: dict[str, Any], tmp_path: Path
) -> None:
    plain = tmp_path / "model.json"
    plain.write_text(json.dumps(shipped), encoding="utf-8")
    other = ComplaintModel.load(plain)
    assert other is not model
    assert other.threshold == model.threshold
    texts = COMPLAINTS + NOT_COMPLAINTS
    assert other.score_many(texts) == model.score_many(texts)


def test_load_rejects_foreign_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="format"):
        ComplaintModel.load(bad)


def test_shipped_file_is_small() -> None:
    ref = resources.files("replylint").joinpath("data", "complaint_model.json.gz")
    assert len(ref.read_bytes()) < 3_000_000


@pytest.mark.parametrize("text", COMPLAINTS)
def test_obvious_complaints_are_flagged(model: ComplaintModel, text: str) -> None:
    score = model.score(text)
    assert model.is_complaint(score), (text, score)


@pytest.mark.parametrize("text", NOT_COMPLAINTS)
def test_obvious_non_complaints_are_not_flagged(model: ComplaintModel, text: str) -> None:
    score = model.score(text)
    assert not model.is_complaint(score), (text, score)


def test_complaints_outscore_non_complaints(model: ComplaintModel) -> None:
    assert min(model.score_many(COMPLAINTS)) > max(model.score_many(NOT_COMPLAINTS))


def test_is_complaint_uses_threshold(model: ComplaintModel) -> None:
    assert model.is_complaint(model.threshold)
    assert not model.is_complaint(math.nextafter(model.threshold, 0.0))
    assert model.is_complaint(1.0)
    assert not model.is_complaint(0.0)


# -- determinism and robustness -------------------------------------------------------


def test_scores_are_deterministic(model: ComplaintModel) -> None:
    texts = COMPLAINTS + NOT_COMPLAINTS + WEIRD
    first = model.score_many(texts)
    assert model.score_many(texts) == first
    assert [model.score(t) for t in texts] == first
    assert model.score_many([]) == []


@pytest.mark.parametrize("text", WEIRD, ids=range(len(WEIRD)))
def test_weird_unicode_is_scored(model: ComplaintModel, text: str) -> None:
    score = model.score(text)
    assert isinstance(score, float)
    assert 0.0 <= score <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=300))
def test_any_text_scores_in_unit_interval(text: str) -> None:
    score = ComplaintModel.default().score(text)
    assert 0.0 <= score <= 1.0


def test_normalise() -> None:
    assert normalise("  @KFC_UKI  Why&amp;HOW\u2019s  it\n\u201cbroken\u201d\u2026 ") == (
        '@kfc_uki why&how\'s it "broken"...'
    )
    assert normalise("") == ""
    assert word_features("still waiting !!") == [
        "still",
        "waiting",
        "!!",
        "still waiting",
        "waiting !!",
    ]
    assert char_features("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]
    assert len(dense_features("x", "x")) == len(dense_feature_names())


# -- the batch path: n-gram lookups in numpy ----------------------------------------

# Characters around the limits of the numpy path (U+0001..U+0FFF) and ordinary ones.
_EDGE = "ab ' @#!\x00\x01\u0fff\u1000\u00e9\U0001f600\ud800"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=_EDGE, min_size=1, max_size=12), min_size=1, max_size=40))
def test_bulk_char_lookup_equals_per_word_lookup(words: list[str]) -> None:
    model = ComplaintModel.default()
    eligible = [w for w in dict.fromkeys(words) if max(w) < "\u1000" and min(w) > "\x00"]
    if eligible:
        assert model._bulk_char_indices(eligible) == [model._char_indices(w) for w in eligible]
    found = model._lookup_chars(list(dict.fromkeys(words)))
    assert found == {w: model._char_indices(w) for w in words}


def test_batch_scores_equal_one_by_one_scores(
    model: ComplaintModel, shipped: dict[str, Any]
) -> None:
    # A fresh model, so the batch meets every word for the first time and takes the
    # numpy path (prepared: a batch this small would not build the table); one-by-one
    # scoring takes the per-word path.
    fresh = ComplaintModel(shipped).prepare()
    texts = (
        COMPLAINTS + NOT_COMPLAINTS + WEIRD[:-2] + [f"@brand{i} item{i} broke" for i in range(50)]
    )
    assert fresh.score_many(texts) == [ComplaintModel(shipped).score(t) for t in texts]


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=2**60), min_size=1, max_size=300), st.data())
def test_key_table_finds_exactly_its_keys(keys: set[int], data: st.DataObject) -> None:
    stored = sorted(keys)
    table = _KeyTable(np.array(stored, dtype=np.int64), np.arange(len(stored), dtype=np.int64) * 7)
    probes = stored + data.draw(st.lists(st.integers(min_value=0, max_value=2**60), max_size=300))
    where, values = table.lookup(np.array(probes, dtype=np.int64))
    expected = [(i, stored.index(p) * 7) for i, p in enumerate(probes) if p in keys]
    assert list(zip(where.tolist(), values.tolist())) == expected


def test_prepare_returns_the_model(model: ComplaintModel) -> None:
    assert model.prepare() is model


# -- exactness: an independent re-computation from the shipped numbers --------------


def _tfidf_dot(block: dict[str, Any], grams: list[str]) -> np.ndarray:
    vocab = {f: i for i, f in enumerate(block["vocabulary"])}
    x = np.zeros(len(vocab))
    for gram, count in Counter(grams).items():
        if gram in vocab:
            x[vocab[gram]] = count
    nz = x > 0
    x[nz] = (np.log(x[nz]) + 1.0) * np.asarray(block["idf"])[nz]
    norm = np.linalg.norm(x)
    if norm > 0:
        x /= norm
    result: np.ndarray = np.asarray(block["weights"]) @ x
    return result


def test_inference_equals_recomputation(model: ComplaintModel, shipped: dict[str, Any]) -> None:
    dense = shipped["dense"]
    texts = COMPLAINTS + NOT_COMPLAINTS + ["", "😡 @brand", "STILL WAITING!!! #fail"]
    for text in texts:
        norm = normalise(text)
        z = (
            _tfidf_dot(shipped["word"], word_features(norm))
            + _tfidf_dot(shipped["char"], char_features(norm))
            + np.asarray(dense["weights"])
            @ (
                (np.asarray(dense_features(text, norm)) - np.asarray(dense["mean"]))
                * np.asarray(dense["scale"])
            )
            + np.asarray(shipped["intercepts"])
        )
        p_addressee, p_complaint = 1.0 / (1.0 + np.exp(-z))
        expected = float(p_addressee ** shipped["addressee_power"] * p_complaint)
        assert model.score(text) == pytest.approx(expected, abs=1e-9)


# -- evaluation on a labelled CSV -----------------------------------------------------


FIXTURE = """id,text,label,domain
1,"@AcmeAir flight delayed 5 hours and still no update. worst airline ever!!",1,transport
2,"Happy birthday to my amazing sister, love you so much!",0,random_tweet
3,"@TelcoCare my broadband has been down again since Monday, this is ridiculous",1,services
4,"@ShopCo_Help hi, do you ship to Canada? thanks",0,retail
5,"a row with a bad label",2,retail
6,"@BankHelp you charged me twice and nobody will give me a refund. Disgraceful",1,services
7
8,"Just finished a 10k run this morning, feeling great",0,random_tweet
"""


def test_evaluate_csv(tmp_path: Path, model: ComplaintModel) -> None:
    path = tmp_path / "held-out.csv"
    path.write_text(FIXTURE, encoding="utf-8")
    result = evaluate_complaint_csv(path)
    assert isinstance(result, ComplaintEval)
    assert result.n == 6
    assert len(result.skipped) == 2
    assert f"{path}:6:" in result.skipped[0] and "label must be 0 or 1" in result.skipped[0]
    assert f"{path}:8:" in result.skipped[1]
    # Recompute the figures from the model's own decisions.
    texts = [
        "@AcmeAir flight delayed 5 hours and still no update. worst airline ever!!",
        "Happy birthday to my amazing sister, love you so much!",
        "@TelcoCare my broadband has been down again since Monday, this is ridiculous",
        "@ShopCo_Help hi, do you ship to Canada? thanks",
        "@BankHelp you charged me twice and nobody will give me a refund. Disgraceful",
        "Just finished a 10k run this morning, feeling great",
    ]
    gold = [1, 0, 1, 0, 1, 0]
    pred = [int(model.is_complaint(s)) for s in model.score_many(texts)]
    assert result.accuracy == sum(g == p for g, p in zip(gold, pred)) / 6
    assert result.macro_f1 == macro_f1(gold, pred)
    assert pred == gold  # these examples are unambiguous
    assert result.accuracy == 1.0 and result.precision == 1.0 and result.recall == 1.0
    assert result.messages_per_second > 0

    lines = format_eval(result).splitlines()
    assert lines[:6] == [
        "messages: 6",
        "accuracy: 1.000",
        "macro F1: 1.000",
        "complaint precision: 1.000",
        "complaint recall: 1.000",
        lines[5],
    ]
    assert lines[5].startswith("messages/s: ") and lines[5].split(": ")[1].isdigit()
    assert lines[6] == "skipped rows: 2"


def test_format_eval_layout() -> None:
    result = ComplaintEval(
        n=2070,
        accuracy=0.8714,
        macro_f1=0.8531,
        precision=0.8123,
        recall=0.8011,
        messages_per_second=18400.4,
    )
    assert format_eval(result) == (
        "messages: 2070\naccuracy: 0.871\nmacro F1: 0.853\n"
        "complaint precision: 0.812\ncomplaint recall: 0.801\nmessages/s: 18400"
    )


def test_evaluate_csv_needs_text_and_label(tmp_path: Path) -> None:
    path = tmp_path / "no-label.csv"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no-label\.csv.*label"):
        evaluate_complaint_csv(path)
    empty = tmp_path / "only-bad.csv"
    empty.write_text("text,label\nhello,yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no usable rows"):
        evaluate_complaint_csv(empty)


def test_macro_f1() -> None:
    assert macro_f1([1, 0, 1, 0], [1, 0, 1, 0]) == 1.0
    assert macro_f1([1, 0, 1, 0], [0, 1, 0, 1]) == 0.0
    # class 1: P=1/2 R=1/2 F=0.5; class 0: P=1/2 R=1/2 F=0.5
    assert macro_f1([1, 1, 0, 0], [1, 0, 1, 0]) == pytest.approx(0.5)
    # class 1: P=2/3 R=1 F=0.8; class 0: P=1 R=1/2 F=2/3
    assert macro_f1([1, 1, 0, 0], [1, 1, 1, 0]) == pytest.approx((0.8 + 2 / 3) / 2)
    with pytest.raises(ValueError):
        macro_f1([1], [])


def test_training_set_fit_on_dev_csv() -> None:
    path = shared_file("data", "complaints-dev.csv")
    result = evaluate_complaint_csv(path)
    assert result.n > 2000
    assert not result.skipped
    assert result.macro_f1 > 0.85, format_eval(result)


def test_small_batches_do_not_build_the_table(shipped: dict[str, Any]) -> None:
    fresh = ComplaintModel(shipped)
    fresh.score_many([f"@brand{i} my order {i} never arrived" for i in range(40)])
    assert fresh._table is None  # one conversation at a time never pays for the table
    fresh.score_many([f"word{i} other{i} thing{i}" for i in range(400)])
    assert fresh._table is not None
