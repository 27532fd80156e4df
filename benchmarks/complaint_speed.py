"""Throughput of the complaint detector: ``ComplaintModel.score_many`` on one core.

Scores the texts of ../shared/data/complaints-dev.csv, repeated to at least 20,000
messages, and prints messages per second (best of three runs, after one warm-up run
that also fills the word-list cache).

    python benchmarks/complaint_speed.py [--min-messages N] [--csv PATH]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from replylint.analysis.complaint import ComplaintModel

DEV_CSV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "complaints-dev.csv"


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
    texts: list[str] = []
    while len(texts) < args.min_messages:
        texts.extend(base)

    start = time.perf_counter()
    model = ComplaintModel.default()
    load = time.perf_counter() - start
    model.score_many(base)  # warm-up

    best = 0.0
    for _ in range(args.runs):
        start = time.perf_counter()
        model.score_many(texts)
        best = max(best, len(texts) / (time.perf_counter() - start))
    print(f"model load: {load * 1000:.0f} ms")
    print(f"messages: {len(texts)}")
    print(f"messages/s: {best:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
