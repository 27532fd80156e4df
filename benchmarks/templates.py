"""Folder benchmark: is start-up paid once when ``replylint check`` lints a folder?

Writes 1,000 template files (plain text, with a few Markdown and YAML ones) to a
temporary folder, then times

* ``replylint check one.txt`` in a subprocess (start-up + one template),
* ``replylint check folder/`` in a subprocess (start-up + 1,000 templates),
* the per-template lint cost in-process (a warm ``Linter.lint`` over the same texts),

and prints ``folder / (one file + 1000 × per template)``, which must stay below 2.

    python benchmarks/templates.py [--count 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPENINGS = [
    "Hi {{first_name}},",
    "Hello {name},",
    "Thanks for getting in touch, [Customer Name].",
    "Sorry for the trouble, %NAME%.",
    "Hi there,",
]
MIDDLES = [
    "your refund of £{amount} was sent today and should reach your card within 3 working days.",
    "an engineer can visit on Thursday between 8 and 12; reply YES to book the slot.",
    "we have reset your line from our side; please restart the router and it should sync.",
    "your new SIM is on its way by first-class post and should arrive tomorrow.",
    "the outage in {{ticket.city}} was fixed at 14:05, so your service is back.",
    "you people need to fill the web form first.",
    "have you seen our new Fibre 900 plan? Upgrade today and save 20%!",
    "we're looking into it.",
    "please DM us your account number and we'll take a look straight away.",
]
CLOSINGS = ["Thanks, Sam", "Best, the care team", "Kind regards", "^AB", ""]


def template(rng: random.Random) -> str:
    parts = [rng.choice(OPENINGS), rng.choice(MIDDLES)]
    if rng.random() < 0.5:
        parts.append(rng.choice(MIDDLES))
    parts.append(rng.choice(CLOSINGS))
    return " ".join(p for p in parts if p)


def write_templates(folder: Path, count: int, seed: int = 7) -> list[str]:
    """``count`` template files; returns their draft texts."""
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        text = template(rng)
        texts.append(text)
        kind = i % 20
        if kind == 18:
            (folder / f"t{i:04d}.md").write_text(f"# Template {i}\n\n{text}\n", encoding="utf-8")
        elif kind == 19:
            quoted = text.replace("'", "''")
            (folder / f"t{i:04d}.yaml").write_text(
                f"- id: t{i}\n  channel: twitter\n  text: '{quoted}'\n", encoding="utf-8"
            )
        else:
            (folder / f"t{i:04d}.txt").write_text(text + "\n", encoding="utf-8")
    return texts


def timed_cli(*args: str, repeat: int) -> float:
    """Median wall time of ``replylint check ARGS`` (exit codes 0 and 1 are fine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "replylint", "check", "--isolated", "--quiet", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"replylint check failed ({proc.returncode}):\n{proc.stderr}")
    return statistics.median(times)


def per_template_cost(texts: list[str], repeat: int) -> float:
    """Seconds per template for a warm in-process linter."""
    from replylint import Linter

    linter = Linter()
    for text in texts[:50]:
        linter.lint(text)  # warm-up: pipeline, phrase banks, lazy models
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            linter.lint(text)
        runs.append((time.perf_counter() - start) / len(texts))
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="replylint-bench-") as tmp:
        folder = Path(tmp) / "templates"
        folder.mkdir()
        texts = write_templates(folder, args.count)
        one = folder / "t0000.txt"
        t_one = timed_cli(str(one), repeat=args.repeat)
        t_folder = timed_cli(str(folder), repeat=args.repeat)
    per = per_template_cost(texts, args.repeat)
    budget = t_one + args.count * per
    ratio = t_folder / budget
    print(f"templates:            {args.count}")
    print(f"check one file:       {t_one:.3f} s")
    print(f"check the folder:     {t_folder:.3f} s")
    print(f"per template (warm):  {per * 1000:.3f} ms")
    print(f"one + {args.count} x per:     {budget:.3f} s")
    print(f"ratio:                {ratio:.2f} (must be < 2)")
    return 0 if ratio < 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
