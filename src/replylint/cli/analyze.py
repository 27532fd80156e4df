"""``replylint analyze``: the facts the rules read, for customer messages or
conversations; ``--eval complaint FILE.csv`` scores the complaint detector."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from . import EXIT_ERROR, EXIT_OK, fail


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="text (one customer message a line), conversation JSONL, or - for stdin",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--brand", help="the brand's handle, for addressed_to_brand on plain text")
    p.add_argument(
        "--eval",
        nargs=2,
        metavar=("FACT", "CSV"),
        help="score a detector on a labelled CSV (columns text,label): --eval complaint FILE.csv",
    )


def run(args: argparse.Namespace) -> int:
    if args.eval:
        return _evaluate(*args.eval)
    if not args.paths:
        return fail("no input: give files, - for standard input, or --eval complaint FILE.csv")
    from ..engine import Linter
    from ..errors import InputError

    linter = Linter()
    status = EXIT_OK
    for source, line, subject in _subjects(args.paths):
        if isinstance(subject, _Problem):
            where = f"{source}:{line}" if line is not None else source
            print(f"{where}: {subject.message}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        try:
            facts = linter.analyze(subject, brand=args.brand)  # type: ignore[arg-type]
        except InputError as exc:
            print(f"{source}:{line}: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if args.format == "json":
            print(json.dumps({"source": source, "line": line, **facts.model_dump()}))
        else:
            found = [k for k, v in facts.model_dump().items() if v is True]
            label = ", ".join(found) if found else "-"
            print(f"{source}:{line}: complaint_score={facts.complaint_score:.2f} {label}")
    return status


class _Problem:
    def __init__(self, message: str) -> None:
        self.message = message


def _subjects(paths: list[str]) -> Iterator[tuple[str, int | None, object]]:
    """(source, line, message text or conversation dict, or a problem)."""
    from ..loaders import decode

    for name in paths:
        if name == "-":
            text = sys.stdin.read()
            source = "<stdin>"
        else:
            try:
                data = Path(name).read_bytes()
            except OSError as exc:
                yield name, None, _Problem(f"cannot read: {exc.strerror or exc}")
                continue
            decoded = decode(data, name)
            if not isinstance(decoded, str):
                yield name, None, _Problem(decoded.message)
                continue
            text, source = decoded, name
        jsonl = name.endswith((".jsonl", ".ndjson")) or text.lstrip().startswith("{")
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            if not jsonl:
                yield source, number, raw
                continue
            try:
                yield source, number, json.loads(raw)
            except json.JSONDecodeError as exc:
                yield source, number, _Problem(f"invalid JSON: {exc.msg} (column {exc.colno})")


def _evaluate(fact: str, csv_path: str) -> int:
    if fact != "complaint":
        return fail(f"--eval supports 'complaint', not {fact!r}")
    from ..analysis.evaluate import evaluate_complaint_csv, format_eval

    try:
        result = evaluate_complaint_csv(csv_path)
    except (OSError, ValueError) as exc:
        return fail(str(exc))
    print(format_eval(result))
    return EXIT_OK
