"""``replylint check``: lint files, directories or standard input."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, fail, split_list

if TYPE_CHECKING:
    from ..config import Config
    from ..config_file import ConfigFinder, PerFileIgnores
    from ..engine import Linter
    from ..formats import Result
    from ..loaders import Item, LoadProblem, Suppression
    from ..models import Severity
    from ..rules import Rule

FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit")
UNUSED = "unused-suppression"


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - for stdin")
    p.add_argument("--format", default="text", help=f"{', '.join(FORMATS)} (default: text)")
    p.add_argument("--select", action="append", metavar="RULES", help="only these rules")
    p.add_argument("--ignore", action="append", metavar="RULES", help="never these rules")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="exit 1 when a violation at or above this severity is found (default: warning)",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when violations are found")
    p.add_argument("--channel", help="channel of drafts that name none (default: twitter)")
    p.add_argument(
        "--config",
        type=Path,
        help="replylint.toml or pyproject.toml to use for every file "
        "(default: the nearest one above each file)",
    )
    p.add_argument(
        "--isolated", action="store_true", help="ignore configuration files (defaults only)"
    )
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--quiet", "-q", action="store_true", help="print violations only")
    p.add_argument(
        "--statistics", action="store_true", help="print the number of violations per rule"
    )
    p.add_argument(
        "--output-file", "-o", type=Path, metavar="FILE", help="write the output to FILE"
    )
    p.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto", help="colour output"
    )


# -- configuration ----------------------------------------------------------------------


@dataclass
class Settings:
    """Everything that applies to the files under one configuration file."""

    config: Config
    linter: Linter
    per_file: PerFileIgnores
    unused: Severity | None
    """Severity of ``unused-suppression`` diagnostics; ``None`` when they are off."""

    def enabled(self) -> frozenset[str]:
        return frozenset(rule.slug for rule in self.linter.rules)


def build_config(args: argparse.Namespace, base: Config | None = None) -> Config:
    """The configuration: file first (or ``base``), command-line flags on top."""
    from ..config import Config
    from ..config_file import load_config_file

    if base is None:
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


class Resolver:
    """Settings per linted file: its configuration file (found by walking up, or
    ``--config``), with the command-line flags on top. One linter per configuration,
    all sharing one spaCy pipeline."""

    def __init__(self, args: argparse.Namespace) -> None:
        from ..config_file import ConfigFinder

        self.args = args
        self.finder: ConfigFinder | None = None
        if not args.config and not args.isolated:
            self.finder = ConfigFinder()
        self._settings: dict[Path | None, Settings] = {}
        self._pipeline: Any = None

    def for_path(self, path: Path) -> Settings:
        if self.args.config:
            key: Path | None = self.args.config
        elif self.finder is not None:
            key = self.finder.find(path)
        else:
            key = None
        if key not in self._settings:
            self._settings[key] = self._build(key)
        return self._settings[key]

    def rule_classes(self) -> list[type[Rule]]:
        """The rules of every configuration used so far (house rules included)."""
        seen: dict[str, type[Rule]] = {}
        for settings in self._settings.values():
            for rule in settings.linter.rules:
                seen.setdefault(rule.slug, type(rule))
        return list(seen.values())

    def _build(self, config_path: Path | None) -> Settings:
        from ..config import Config
        from ..config_file import PerFileIgnores, load_config_file
        from ..engine import Linter
        from ..errors import ConfigError
        from ..models import Severity

        base = load_config_file(config_path) if config_path is not None else Config()
        config = build_config(self.args, base)
        if self.args.select or self.args.ignore:
            from ..config_file import validate_rule_names

            validate_rule_names(config, "command line")
        unused: Severity | None = config.severity.get(UNUSED, Severity.WARNING)
        if (config.select is not None and UNUSED not in config.select) or UNUSED in config.ignore:
            unused = None
        rule_config = config.model_copy(
            update={
                "select": (
                    None
                    if config.select is None
                    else tuple(s for s in config.select if s != UNUSED)
                ),
                "ignore": tuple(s for s in config.ignore if s != UNUSED),
                "severity": {k: v for k, v in config.severity.items() if k != UNUSED},
            }
        )
        linter = Linter(rule_config)
        if self._pipeline is None:
            self._pipeline = linter.pipeline
        else:
            linter.pipeline = self._pipeline
        if config.channel not in config.channels:
            where = "--channel" if self.args.channel else f"{config_path}: channel"
            raise ConfigError(
                f"{where}: unknown channel {config.channel!r} "
                f"(known: {', '.join(sorted(config.channels))})"
            )
        root = config_path.parent if config_path is not None else Path.cwd()
        return Settings(config, linter, PerFileIgnores.from_config(config, root), unused)


# -- the command ------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..formats import FORMATTERS, summary
    from ..formats.statistics import format_statistics

    if args.format not in FORMATTERS:
        return fail(f"unknown format {args.format!r} (choose from {', '.join(FORMATTERS)})")
    if args.statistics and args.format not in ("text", "json"):
        return fail("--statistics prints text or json; use --format text or --format json")
    if not args.paths:
        return fail("no input: give files, directories, or - for standard input")
    resolver = Resolver(args)
    problems: list[LoadProblem] = []
    results: list[Result] = []
    failing = False
    try:
        if args.config is not None:  # a broken --config is reported even without input
            resolver.for_path(args.config)
        for path, group in _groups(args.paths, problems):
            settings = resolver.for_path(path)
            found = lint_group(settings.linter, group, problems, jobs=args.jobs, settings=settings)
            floor = settings.config.fail_on.rank
            failing = failing or any(
                v.severity.rank >= floor for r in found for v in r.report.violations
            )
            results.extend(found)
    except ConfigError as exc:
        return fail(str(exc))

    out: TextIO = sys.stdout
    handle = None
    if args.output_file is not None:
        try:
            handle = args.output_file.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            return fail(f"{args.output_file}: cannot write: {exc.strerror or exc}")
        out = handle
    try:
        color = _use_color(args.color, out)
        if args.statistics:
            format_statistics(results, out, color=color, json_output=args.format == "json")
        else:
            FORMATTERS[args.format](
                results, out, color=color, problems=problems, rules=resolver.rule_classes()
            )
        if args.format == "text" and not args.quiet and not args.statistics:
            print(summary(results, len(problems)), file=out)
    finally:
        if handle is not None:
            handle.close()
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    if problems and not args.quiet:
        n = len(problems)
        print(f"{n} input problem{'s' if n != 1 else ''} (see above).", file=sys.stderr)
    if problems:
        return EXIT_ERROR
    if args.exit_zero or not failing:
        return EXIT_OK
    return EXIT_VIOLATIONS


def _use_color(choice: str, out: TextIO) -> bool:
    """Colour when asked, or on a terminal unless ``NO_COLOR`` is set."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _groups(paths: list[str], problems: list[LoadProblem]) -> Iterator[tuple[Path, list[Item]]]:
    """Items per input file (batch rules look across one file at a time), with the
    path whose configuration applies (the working directory for stdin)."""
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
            yield Path.cwd(), split(load_stdin())
            continue
        for entry in iter_files([name]):
            if isinstance(entry, LoadProblem):
                problems.append(entry)
            else:
                yield entry, split(load_path(entry))


def lint_group(
    linter: Linter,
    items: list[Item],
    problems: list[LoadProblem],
    *,
    jobs: int = 1,
    settings: Settings | None = None,
) -> list[Result]:
    """Lint the drafts of one input file; a draft the linter refuses becomes a problem.

    Per-file ignores and inline suppressions are applied here; with ``settings``,
    suppressions that silenced nothing come back as ``unused-suppression`` results.
    """
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
    results = []
    if valid:
        reports = linter.lint_many([i.conversation for i in valid], n_process=jobs)
        for item, report in zip(valid, reports):
            ignored = settings.per_file.rules_for(item.source) if settings else frozenset()
            if ignored:
                report.violations = [v for v in report.violations if v.rule not in ignored]
            if item.ignore:
                kept = []
                for v in report.violations:
                    if v.rule not in item.ignore:
                        kept.append(v)
                        continue
                    for supp in item.suppressions:
                        if v.rule in supp.rules:
                            supp.used.add(v.rule)
                report.violations = kept
            results.append(Result(item, report))
    if settings is not None and settings.unused is not None:
        results.extend(_unused(items, settings))
    return results


def _unused(items: list[Item], settings: Settings) -> list[Result]:
    """``unused-suppression`` results: suppressions naming an unknown rule, or an
    enabled rule that found nothing to silence. Rules not enabled in this run are not
    judged (a ``--select`` run cannot tell)."""
    import difflib

    from ..config_file import PSEUDO_RULES
    from ..rules import REGISTRY, load_all

    load_all()
    enabled = settings.enabled()
    seen: dict[int, Suppression] = {}
    for item in items:
        for supp in item.suppressions:
            seen.setdefault(id(supp), supp)
    if seen and UNUSED in settings.per_file.rules_for(items[0].source):
        return []
    results = []
    house = settings.config.patterns
    for supp in seen.values():
        unknown, unused = [], []
        for rule in supp.rules:
            if rule not in REGISTRY and rule not in PSEUDO_RULES and rule not in house:
                close = difflib.get_close_matches(rule, list(REGISTRY), n=1)
                unknown.append(f"{rule} (did you mean {close[0]}?)" if close else rule)
            elif rule in enabled and rule not in supp.used:
                unused.append(rule)
        if unknown or unused:
            parts = []
            if unused:
                parts.append(f"nothing to suppress for {', '.join(unused)}")
            if unknown:
                parts.append(f"unknown rule {', '.join(unknown)}")
            assert settings.unused is not None
            results.append(_diagnostic(supp, settings.unused, "; ".join(parts)))
    return results


def _diagnostic(supp: Suppression, severity: Severity, detail: str) -> Result:
    """A result for a suppression comment itself, located in its file."""
    from ..formats import Result
    from ..loaders import Item, offset_locator
    from ..models import Conversation, Draft, Report, Span, Violation

    text = supp.text or ",".join(supp.rules)
    locate = offset_locator(text, supp.line, supp.column)
    violation = Violation(
        rule=UNUSED,
        severity=severity,
        message=f"Unused suppression: {detail}",
        span=Span(start=0, end=len(text), text=text, line=1, column=1),
        guidance="Suppressions that silence nothing hide future problems; keep them precise.",
        suggestion="Remove the rule from the suppression, or the whole comment.",
    )
    ident = f"{supp.source}:{supp.line}"
    item = Item(
        Conversation(id=ident, draft=Draft(text=text)),
        supp.source,
        supp.line,
        locate,
        name=f"suppression at line {supp.line}",
    )
    return Result(item, Report(id=ident, violations=[violation]), diagnostic=True)
