"""Throughput of the complaint detector: ``ComplaintModel.score_many`` on one core.

Three figures from the texts of ../shared/data/complaints-dev.csv:

* ``unseen``: a freshly loaded model is warmed on one half of the texts and then
  times the other half, whose words it has mostly never seen (then the halves swap).
  This is the headline ``messages/s`` and the figure the target is about.
* ``cold``: a freshly loaded model scores every text once with no warm-up, as
  ``replylint analyze --eval complaint`` does (like loading, building the model's
  lookup table, ``ComplaintModel.prepare``, is not timed).
* ``repeated``: the texts repeated to at least 20,000 messages, after a warm-up run;
  every word's n-grams are then cached, so this is the best case.

Each figure is the best of ``--runs`` runs.

    python benchmarks/complaint_speed.py [--min-messages N] [--csv PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from importlib import resources
from pathlib import Path

from replylint.analysis import complaint
from replylint.analysis.complaint import ComplaintModel

DEV_CSV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "complaints-dev.csv"


def _fresh_model() -> ComplaintModel:
    """A model with empty caches, as a new process would have."""
    complaint._word_groups_cache.clear()  # word-list lookups are cached per process
    with resources.as_file(resources.files("replylint") / "data" / "complaint_model.json.gz") as f:
        return ComplaintModel.load(f).prepare()


def _timed(model: ComplaintModel, texts: list[str]) -> float:
    start = time.perf_counter()
    model.score_many(texts)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="complaint detector throughput")
    ap.add_argument("--csv", type=Path, default=DEV_CSV)
    ap.add_argument("--min-messages", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.csv.exists():
        sys.exit(f"not found: {args.csv} (the benchmark reads ../shared/data/)")
    with args.csv.open(encoding="utf-8", newline="") as fh:
        base = [row["text"] for row in csv.DictReader(fh)]
    half = len(base) // 2
    halves = (base[:half], base[half:])

    start = time.perf_counter()
    model = ComplaintModel.default().prepare()
    load = time.perf_counter() - start

    unseen = 0.0
    cold = 0.0
    for _ in range(args.runs):
        elapsed = 0.0
        for warm, timed in (halves, halves[::-1]):
            fresh = _fresh_model()
            fresh.score_many(warm)
            elapsed += _timed(fresh, timed)
        unseen = max(unseen, len(base) / elapsed)
        cold = max(cold, len(base) / _timed(_fresh_model(), base))

    texts: list[str] = []
    while len(texts) < args.min_messages:
        texts.extend(base)
    model.score_many(base)  # warm-up
    repeated = max(len(texts) / _timed(model, texts) for _ in range(args.runs))

    print(f"model load and prepare: {load * 1000:.0f} ms")
    print(f"unseen messages: {len(base)} (two halves, each after warming on the other)")
    print(f"cold messages/s: {cold:.0f}")
    print(f"repeated messages: {len(texts)}")
    print(f"repeated messages/s: {repeated:.0f}")
    print(f"messages/s: {unseen:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
