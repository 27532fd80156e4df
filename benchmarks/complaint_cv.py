"""Accuracy of the complaint detector's training recipe: the nested 5-fold
cross-validation of ``tools/train_complaint.py`` on ../shared/data/complaints-dev.csv,
without writing a model. Prints macro F1 over all rows and over the brand-directed
rows, and complaint precision/recall. Needs the ``dev`` extra (scikit-learn).

    python benchmarks/complaint_cv.py [--csv PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import train_complaint


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=Path, default=train_complaint.DEFAULT_CSV)
    args = parser.parse_args()
    if not args.csv.exists():
        sys.exit(f"not found: {args.csv} (the benchmark reads ../shared/data/)")
    data = train_complaint.featurise(*train_complaint.read_csv(args.csv))
    train_complaint.cross_validate(data)


if __name__ == "__main__":
    main()
