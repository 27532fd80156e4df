#!/usr/bin/env python3
"""Train the complaint detector and write ``src/replylint/data/complaint_model.json.gz``.

Usage (from the repository root, with the ``dev`` extra installed)::

    python tools/train_complaint.py                  # CV report + write the model
    python tools/train_complaint.py --no-cv          # only refit and write
    python tools/train_complaint.py --csv FILE.csv --out /tmp/model.json.gz

The CSV has columns ``id,text,label,domain`` (``label`` 1 = complaint); rows whose
domain is ``random_reply`` or ``random_tweet`` are messages not addressed to a brand.

Method (see ``docs/complaint-model.md``): two logistic-regression heads over the
features of :mod:`replylint.analysis.complaint` -- an *addressee* head (brand-directed
or not, trained on every row) and a *complaint* head (trained on brand-directed rows,
plus the other rows as negatives with sample weight ``NOT_BRAND_WEIGHT``); score =
P(addressee) ** power * P(complaint). The complaint head's
regularisation strength ``C``, the exponent ``power`` and the decision threshold are
chosen by an inner cross-validation on the training rows only (maximising the mean of
the macro F1 over all rows and over brand-directed rows), so the outer 5-fold figures
are honest. Everything is seeded; running the script twice writes the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from replylint.analysis.complaint import (  # noqa: E402
    FORMAT_VERSION,
    ComplaintModel,
    char_features,
    dense_feature_names,
    dense_features,
    normalise,
    word_features,
)

DEFAULT_CSV = ROOT.parent / "shared" / "data" / "complaints-dev.csv"
DEFAULT_OUT = ROOT / "src" / "replylint" / "data" / "complaint_model.json.gz"
NOT_BRAND = {"random_reply", "random_tweet"}

SEED = 0
FOLDS = 5
C_GRID = (5.0, 10.0, 20.0)
POWERS = (0.5, 1.0)  # exponent of P(addressee) in the score
ADDRESSEE_C = 10.0
DENSE_WEIGHT = 0.5  # dense block scale relative to the L2-normalised TF-IDF blocks
MIN_DF = 1
NOT_BRAND_WEIGHT = 0.05  # sample weight of non-brand rows in the complaint head
THRESHOLDS = tuple(round(0.30 + 0.01 * i, 2) for i in range(41))  # 0.30 .. 0.70
SIG_DIGITS = 10  # significant digits kept for shipped floats


@dataclass(frozen=True)
class Data:
    texts: list[str]
    y: np.ndarray  # 1 = complaint
    brand: np.ndarray  # True = brand-directed
    words: list[list[str]]
    chars: list[list[str]]
    dense: np.ndarray


def read_csv(path: Path) -> tuple[list[str], list[int], list[bool]]:
    texts: list[str] = []
    labels: list[int] = []
    brand: list[bool] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["text"])
            labels.append(int(row["label"]))
            brand.append(row.get("domain", "") not in NOT_BRAND)
    return texts, labels, brand


def featurise(texts: list[str], labels: list[int], brand: list[bool]) -> Data:
    norms = [normalise(t) for t in texts]
    return Data(
        texts=texts,
        y=np.array(labels, dtype=np.int64),
        brand=np.array(brand, dtype=bool),
        words=[word_features(n) for n in norms],
        chars=[char_features(n) for n in norms],
        dense=np.array([dense_features(t, n) for t, n in zip(texts, norms)], dtype=np.float64),
    )


def _identity(grams: list[str]) -> list[str]:
    return grams


@dataclass
class Fitted:
    word: TfidfVectorizer
    char: TfidfVectorizer
    mean: np.ndarray
    scale: np.ndarray
    addressee: LogisticRegression
    complaint: LogisticRegression

    def matrix(self, data: Data, idx: np.ndarray) -> csr_matrix:
        w = self.word.transform([data.words[i] for i in idx])
        c = self.char.transform([data.chars[i] for i in idx])
        d = csr_matrix((data.dense[idx] - self.mean) * self.scale)
        return hstack([w, c, d]).tocsr()

    def heads(self, data: Data, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = self.matrix(data, idx)
        return self.addressee.predict_proba(x)[:, 1], self.complaint.predict_proba(x)[:, 1]

    def predict(self, data: Data, idx: np.ndarray, power: float) -> np.ndarray:
        pa, pc = self.heads(data, idx)
        return np.asarray(pa**power * pc)


def fit_many(data: Data, idx: np.ndarray, cs: tuple[float, ...]) -> list[Fitted]:
    """One model per complaint-head ``C``, sharing the vectorisers and the addressee head."""
    word = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DF, dtype=np.float64)
    char = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DF, dtype=np.float64)
    word.fit([data.words[i] for i in idx])
    char.fit([data.chars[i] for i in idx])
    dense = data.dense[idx]
    mean = dense.mean(axis=0)
    std = dense.std(axis=0)
    std[std == 0] = 1.0
    base = Fitted(word, char, mean, DENSE_WEIGHT / std, LogisticRegression(), LogisticRegression())
    x = base.matrix(data, idx)
    addressee = LogisticRegression(
        C=ADDRESSEE_C, solver="liblinear", max_iter=10_000, random_state=SEED
    ).fit(x, data.brand[idx])
    # The complaint head learns from brand-directed rows; the others (never complaints)
    # come in as negatives with a small weight, which teaches it that a gripe about the
    # weather or a football match is not a complaint without distorting the brand side.
    weights = np.where(data.brand[idx], 1.0, NOT_BRAND_WEIGHT)
    out = []
    for c in cs:
        complaint = LogisticRegression(
            C=c, solver="liblinear", max_iter=10_000, random_state=SEED
        ).fit(x, data.y[idx], sample_weight=weights)
        out.append(Fitted(word, char, mean, base.scale, addressee, complaint))
    return out


def fit(data: Data, idx: np.ndarray, c: float) -> Fitted:
    return fit_many(data, idx, (c,))[0]


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(y, pred, average="macro", zero_division=0))


def objective(y: np.ndarray, brand: np.ndarray, pred: np.ndarray) -> float:
    """Mean of macro F1 over all rows and over brand-directed rows (what replylint sees)."""
    return (macro_f1(y, pred) + macro_f1(y[brand], pred[brand])) / 2


def tune(data: Data, idx: np.ndarray) -> tuple[float, float, float, float]:
    """(C, power, threshold, inner objective) chosen by an inner stratified CV over ``idx``."""
    inner = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    y = data.y[idx]
    brand = data.brand[idx]
    best: tuple[float, float, float, float] | None = None
    pa = np.zeros((len(C_GRID), len(idx)))
    pc = np.zeros((len(C_GRID), len(idx)))
    for tr, te in inner.split(idx, y):
        for k, fitted in enumerate(fit_many(data, idx[tr], C_GRID)):
            pa[k, te], pc[k, te] = fitted.heads(data, idx[te])
    for k, c in enumerate(C_GRID):
        for power in POWERS:
            scores = pa[k] ** power * pc[k]
            for t in THRESHOLDS:
                f = objective(y, brand, (scores >= t).astype(int))
                if best is None or f > best[3] + 1e-12:
                    best = (c, power, t, f)
    assert best is not None
    return best


def cross_validate(data: Data) -> None:
    outer = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    all_idx = np.arange(len(data.y))
    pred = np.zeros(len(data.y), dtype=int)
    for k, (tr, te) in enumerate(outer.split(all_idx, data.y), 1):
        c, power, t, inner = tune(data, tr)
        scores = fit(data, tr, c).predict(data, te, power)
        pred[te] = (scores >= t).astype(int)
        fold_f1 = macro_f1(data.y[te], pred[te])
        print(
            f"fold {k}: C={c:g} power={power:g} threshold={t:.2f} "
            f"inner objective={inner:.4f} fold F1={fold_f1:.4f}",
            flush=True,
        )
    b = data.brand
    print(f"5-fold CV (seed {SEED}), {len(data.y)} messages, {int(b.sum())} brand-directed")
    print(f"macro F1 overall:         {macro_f1(data.y, pred):.4f}")
    print(f"macro F1 brand-directed:  {macro_f1(data.y[b], pred[b]):.4f}")
    print(f"complaint precision:      {precision_score(data.y, pred):.4f}", flush=True)
    print(f"complaint recall:         {recall_score(data.y, pred):.4f}")
    print(f"brand-directed precision: {precision_score(data.y[b], pred[b]):.4f}")
    print(f"brand-directed recall:    {recall_score(data.y[b], pred[b]):.4f}")


def _num(v: float) -> float:
    return float(f"{float(v):.{SIG_DIGITS}g}")


def export(fitted: Fitted, power: float, threshold: float) -> dict[str, Any]:
    def block(vec: TfidfVectorizer, offset: int) -> dict[str, Any]:
        vocab = sorted(vec.vocabulary_, key=lambda f: vec.vocabulary_[f])
        n = len(vocab)
        return {
            "vocabulary": vocab,
            "idf": [_num(v) for v in vec.idf_],
            "weights": [
                [_num(v) for v in fitted.addressee.coef_[0, offset : offset + n]],
                [_num(v) for v in fitted.complaint.coef_[0, offset : offset + n]],
            ],
        }

    nw = len(fitted.word.vocabulary_)
    nc = len(fitted.char.vocabulary_)
    nd = len(fitted.mean)
    return {
        "format": FORMAT_VERSION,
        "addressee_power": power,
        "heads": ["addressee", "complaint"],
        "threshold": threshold,
        "intercepts": [_num(fitted.addressee.intercept_[0]), _num(fitted.complaint.intercept_[0])],
        "word": block(fitted.word, 0),
        "char": block(fitted.char, nw),
        "dense": {
            "names": dense_feature_names(),
            "mean": [_num(v) for v in fitted.mean],
            "scale": [_num(v) for v in fitted.scale],
            "weights": [
                [_num(v) for v in fitted.addressee.coef_[0, nw + nc : nw + nc + nd]],
                [_num(v) for v in fitted.complaint.coef_[0, nw + nc : nw + nc + nd]],
            ],
        },
    }


def write(model: dict[str, Any], out: Path) -> bytes:
    text = json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    raw = buf.getvalue()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(raw)
    return raw


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="training CSV")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation report")
    args = ap.parse_args(argv)

    start = time.perf_counter()
    texts, labels, brand = read_csv(args.csv)
    data = featurise(texts, labels, brand)
    if not args.no_cv:
        cross_validate(data)

    all_idx = np.arange(len(data.y))
    c, power, threshold, inner = tune(data, all_idx)
    fitted = fit(data, all_idx, c)
    model = export(fitted, power, threshold)
    raw = write(model, args.out)

    # The shipped file must reproduce the fitted scikit-learn model.
    expected = fitted.predict(data, all_idx, power)
    got = np.array(ComplaintModel.load(args.out).score_many(texts))
    gap = float(np.max(np.abs(expected - got)))
    if gap > 1e-6:
        print(f"error: shipped model differs from the fitted one by {gap:.3g}", file=sys.stderr)
        return 1
    print(
        f"final model: C={c:g} power={power:g} threshold={threshold:.2f} "
        f"(inner CV objective {inner:.4f}); "
        f"{len(fitted.word.vocabulary_)} word + {len(fitted.char.vocabulary_)} char features; "
        f"max |shipped - fitted| = {gap:.2g}"
    )
    print(f"wrote {args.out} ({len(raw):,} bytes) in {time.perf_counter() - start:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
