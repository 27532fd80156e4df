"""Start-up: wall time of ``replylint check one-template.txt`` against
``python -c "import spacy"``, median of several alternating runs of each. The CPU
times are printed too: on a busy machine they drift less than wall time.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Both commands run as they do for a user: with the byte-code caches Python writes on
# the first (warm-up) run, even when this shell sets PYTHONDONTWRITEBYTECODE.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=_ENV
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


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
        spacy_cmd = [sys.executable, "-c", "import spacy"]
        check_cmd = [*replylint, "check", str(template)]
        _timed(spacy_cmd)  # warm the file and byte-code caches
        _timed(check_cmd)
        # Alternate the two commands so that a change in machine load hits both alike.
        spacy_runs, check_runs = [], []
        for _ in range(args.runs):
            spacy_runs.append(_timed(spacy_cmd))
            check_runs.append(_timed(check_cmd))
    spacy_wall = statistics.median(w for w, _ in spacy_runs)
    check_wall = statistics.median(w for w, _ in check_runs)
    spacy_cpu = statistics.median(c for _, c in spacy_runs)
    check_cpu = statistics.median(c for _, c in check_runs)
    print(f"python -c 'import spacy': {spacy_wall * 1000:.0f} ms ({spacy_cpu * 1000:.0f} ms CPU)")
    print(
        f"replylint check one-template.txt: {check_wall * 1000:.0f} ms "
        f"({check_cpu * 1000:.0f} ms CPU)"
    )
    print(f"ratio: {check_wall / spacy_wall:.2f} (target <= 1.5)")
    print(f"ratio of CPU times: {check_cpu / spacy_cpu:.2f}")


if __name__ == "__main__":
    main()
