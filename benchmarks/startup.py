"""Start-up: wall time of ``replylint check one-template.txt`` against
``python -c "import spacy"``, median of several runs of each, in the same run.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("replylint") or ""
    replylint = [exe] if exe else [sys.executable, "-m", "replylint"]
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp, "one-template.txt")
        template.write_text(
            "Hi {{first_name}}, sorry about the outage. It's fixed now; DM us if it returns.",
            encoding="utf-8",
        )
        _median_time([sys.executable, "-c", "import spacy"], 2)  # warm the file cache
        spacy_time = _median_time([sys.executable, "-c", "import spacy"], args.runs)
        check_time = _median_time([*replylint, "check", str(template)], args.runs)
    print(f"python -c 'import spacy': {spacy_time * 1000:.0f} ms")
    print(f"replylint check one-template.txt: {check_time * 1000:.0f} ms")
    print(f"ratio: {check_time / spacy_time:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
