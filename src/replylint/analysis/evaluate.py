"""Measure the complaint detector on a labelled CSV file.

The file needs a header with at least the columns ``text`` and ``label`` (``1`` =
complaint, ``0`` = not); other columns are ignored. Rows that cannot be read (a
missing field, a label other than 0/1) are skipped and reported with their line
number. Metrics are computed in plain Python.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .complaint import ComplaintModel

__all__ = ["ComplaintEval", "evaluate_complaint_csv", "format_eval", "macro_f1"]


@dataclass(frozen=True)
class ComplaintEval:
    """Figures for one labelled file."""

    n: int
    accuracy: float
    macro_f1: float
    precision: float  # of the complaint class
    recall: float  # of the complaint class
    messages_per_second: float
    skipped: tuple[str, ...] = field(default=())  # one message per malformed row


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> float:
    """Unweighted mean of the F1 of class 1 and class 0."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    tp = fp = fn = tn = 0
    for g, p in zip(gold, predicted):
        if p:
            if g:
                tp += 1
            else:
                fp += 1
        elif g:
            fn += 1
        else:
            tn += 1
    pos = _f1(_ratio(tp, tp + fp), _ratio(tp, tp + fn))
    neg = _f1(_ratio(tn, tn + fn), _ratio(tn, tn + fp))
    return (pos + neg) / 2


def _read(path: Path) -> tuple[list[str], list[int], list[str]]:
    texts: list[str] = []
    labels: list[int] = []
    skipped: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path}: empty file, expected a header with 'text' and 'label'")
        names = [h.strip().lower() for h in header]
        missing = [c for c in ("text", "label") if c not in names]
        if missing:
            raise ValueError(
                f"{path}: header lacks column(s) {', '.join(missing)} (found: {', '.join(header)})"
            )
        ti = names.index("text")
        li = names.index("label")
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= max(ti, li):
                skipped.append(
                    f"{path}:{line}: row has {len(row)} field(s), expected {len(header)}"
                )
                continue
            raw = row[li].strip()
            if raw not in ("0", "1"):
                skipped.append(f"{path}:{line}: label must be 0 or 1, got {raw!r}")
                continue
            texts.append(row[ti])
            labels.append(int(raw))
    return texts, labels, skipped


def evaluate_complaint_csv(
    path: str | os.PathLike[str], model: ComplaintModel | None = None
) -> ComplaintEval:
    """Score every row of a labelled CSV file and compare with its labels.

    Raises ``ValueError`` if the header lacks ``text`` or ``label`` or no row is
    usable; malformed rows are otherwise skipped and listed in ``skipped``.
    """
    file = Path(path)
    texts, gold, skipped = _read(file)
    if not texts:
        detail = f" ({len(skipped)} malformed)" if skipped else ""
        raise ValueError(f"{file}: no usable rows{detail}")
    model = (model or ComplaintModel.default()).prepare()
    start = time.perf_counter()
    scores = model.score_many(texts)
    elapsed = time.perf_counter() - start
    predicted = [1 if model.is_complaint(s) else 0 for s in scores]
    tp = sum(1 for g, p in zip(gold, predicted) if g and p)
    correct = sum(1 for g, p in zip(gold, predicted) if g == p)
    return ComplaintEval(
        n=len(texts),
        accuracy=correct / len(texts),
        macro_f1=macro_f1(gold, predicted),
        precision=_ratio(tp, sum(predicted)),
        recall=_ratio(tp, sum(gold)),
        messages_per_second=len(texts) / elapsed if elapsed > 0 else float("inf"),
        skipped=tuple(skipped),
    )


def format_eval(result: ComplaintEval) -> str:
    """One figure per line; skipped rows, if any, are listed after the figures."""
    speed = result.messages_per_second
    lines = [
        f"messages: {result.n}",
        f"accuracy: {result.accuracy:.3f}",
        f"macro F1: {result.macro_f1:.3f}",
        f"complaint precision: {result.precision:.3f}",
        f"complaint recall: {result.recall:.3f}",
        f"messages/s: {speed:.0f}" if speed != float("inf") else "messages/s: inf",
    ]
    if result.skipped:
        lines.append(f"skipped rows: {len(result.skipped)}")
        lines.extend(f"  {message}" for message in result.skipped)
    return "\n".join(lines)
