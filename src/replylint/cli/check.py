"""``replylint check``: lint files, directories or standard input."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, fail, split_list

if TYPE_CHECKING:
    from ..config import Config
    from ..engine import Linter
    from ..formats import Result
    from ..loaders import Item, LoadProblem


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - for stdin")
    p.add_argument("--format", default="text", help="text (default), json, jsonl")
    p.add_argument("--select", action="append", metavar="RULES", help="only these rules")
    p.add_argument("--ignore", action="append", metavar="RULES", help="never these rules")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="exit 1 when a violation at or above this severity is found (default: warning)",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when violations are found")
    p.add_argument("--channel", help="channel of drafts that name none (default: twitter)")
    p.add_argument("--config", type=Path, help="replylint.toml or pyproject.toml to use")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--quiet", "-q", action="store_true", help="print violations only")
    p.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto", help="colour output"
    )


def build_config(args: argparse.Namespace) -> Config:
    """The configuration: file first, command-line flags on top."""
    from ..config import Config
    from ..config_file import load_config_file

    base = load_config_file(args.config) if args.config else Config()
    update: dict[str, Any] = {}
    if args.select:
        update["select"] = tuple(split_list(args.select))
    if args.ignore:
        update["ignore"] = (*base.ignore, *split_list(args.ignore))
    if args.channel:
        update["channel"] = args.channel
    if args.fail_on:
        update["fail_on"] = args.fail_on
    if not update:
        return base
    return Config.from_mapping(
        {**base.model_dump(exclude_unset=True, by_alias=False), **update},
        source="command line",
    )


def run(args: argparse.Namespace) -> int:
    from ..engine import Linter
    from ..errors import ConfigError
    from ..formats import FORMATTERS, summary

    if args.format not in FORMATTERS:
        return fail(f"unknown format {args.format!r} (choose from {', '.join(FORMATTERS)})")
    try:
        config = build_config(args)
        linter = Linter(config)
        if args.channel and config.channel not in config.channels:
            raise ConfigError(
                f"unknown channel {args.channel!r} (known: {', '.join(sorted(config.channels))})"
            )
    except ConfigError as exc:
        return fail(str(exc))
    if not args.paths:
        return fail("no input: give files, directories, or - for standard input")

    problems: list[LoadProblem] = []
    results: list[Result] = []
    for group in _groups(args.paths, problems):
        results.extend(lint_group(linter, group, problems, jobs=args.jobs))

    out = sys.stdout
    color = args.color == "always" or (args.color == "auto" and out.isatty())
    FORMATTERS[args.format](results, out, color=color)
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    if args.format == "text" and not args.quiet:
        print(summary(results), file=out)
        if problems:
            n = len(problems)
            print(f"{n} input problem{'s' if n != 1 else ''} (see above).", file=sys.stderr)
    if problems:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    floor = config.fail_on.rank
    if any(v.severity.rank >= floor for r in results for v in r.report.violations):
        return EXIT_VIOLATIONS
    return EXIT_OK


def _groups(paths: list[str], problems: list[LoadProblem]) -> Iterator[list[Item]]:
    """Items per input file (batch rules look across one file at a time)."""
    from ..loaders import LoadProblem, iter_files, load_path, load_stdin

    def split(loaded: Iterator[Item | LoadProblem]) -> list[Item]:
        items = []
        for thing in loaded:
            if isinstance(thing, LoadProblem):
                problems.append(thing)
            else:
                items.append(thing)
        return items

    for name in paths:
        if name == "-":
            yield split(load_stdin())
            continue
        for entry in iter_files([name]):
            if isinstance(entry, LoadProblem):
                problems.append(entry)
            else:
                yield split(load_path(entry))


def lint_group(
    linter: Linter, items: list[Item], problems: list[LoadProblem], *, jobs: int = 1
) -> list[Result]:
    """Lint the drafts of one input file; a draft the linter refuses becomes a problem."""
    from ..errors import InputError
    from ..formats import Result
    from ..loaders import LoadProblem

    valid: list[Item] = []
    for item in items:
        try:
            linter.validate(item.conversation)
        except InputError as exc:
            problems.append(LoadProblem(item.source, item.line, str(exc)))
            continue
        valid.append(item)
    if not valid:
        return []
    reports = linter.lint_many([i.conversation for i in valid], n_process=jobs)
    results = []
    for item, report in zip(valid, reports):
        if item.ignore:
            report.violations = [v for v in report.violations if v.rule not in item.ignore]
        results.append(Result(item, report))
    return results
