"""``replylint report``: a training report over an exported conversation log."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from datetime import date, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import EXIT_OK, fail

if TYPE_CHECKING:
    from ..engine import Linter
    from ..loaders import Item
    from ..models import Conversation, Report
    from ..report.progress import Progress

LOG_FORMATS = ("jsonl", "twitter-csv", "cdp-json")


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    p.description = (
        "Lint every reply in a conversation log and write a training report: summary, "
        "per-rule and per-agent counts, a trend, and the worst real examples of each rule "
        "with the problem highlighted, why it matters and what to write instead. "
        "Logs: conversation JSONL, the Customer Support on Twitter CSV, or the IBM "
        "Twitter CDP JSON (.gz accepted)."
    )
    p.add_argument("log", metavar="LOG", help="the exported conversation log")
    p.add_argument("--html", metavar="FILE", help="write the HTML report here (- for stdout)")
    p.add_argument("--md", metavar="FILE", help="write the Markdown report here (- for stdout)")
    p.add_argument(
        "--agent-field",
        default="author",
        metavar="FIELD",
        help="who a reply is credited to: author (default), id, brand, channel, or "
        "signoff (the ^AB / *AB initials at the end of a reply)",
    )
    p.add_argument("--title", default="Reply quality report", help="the report's title")
    p.add_argument(
        "--examples", type=int, default=3, metavar="N", help="examples per rule (default: 3)"
    )
    p.add_argument(
        "--generated-at",
        metavar="TEXT",
        help="a date to print as the report's date (default: none, so reruns are identical)",
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only replies sent on or after this day (YYYY-MM-DD, UTC)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        help="only replies sent on or before this day (YYYY-MM-DD, UTC)",
    )
    p.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        help="the log's layout (default: from the file's suffix and content)",
    )
    p.add_argument("--select", action="append", metavar="RULES", help="only these rules")
    p.add_argument("--ignore", action="append", metavar="RULES", help="never these rules")
    p.add_argument("--channel", help="channel of replies whose log names none (default: twitter)")
    p.add_argument("--config", type=Path, help="replylint.toml or pyproject.toml to use")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default: 1)")
    p.set_defaults(fail_on=None)


def _with_progress(linter: Linter, bar: Progress) -> None:
    """Advance ``bar`` as the linter's tokenizer hands each draft to the rules."""
    pipeline = linter.pipeline
    original = pipeline.pipe

    def pipe(texts: Sequence[str], batch_size: int = 256) -> Iterator[Any]:
        for doc in original(texts, batch_size=batch_size):
            bar.advance()
            yield doc

    setattr(pipeline, "pipe", pipe)  # noqa: B010 - instance attribute, this linter only


def _within(conv: Conversation, since: date | None, until: date | None) -> bool:
    """Whether the reply was sent within the days ``since``..``until`` (UTC); a reply
    without a time of its own is dated by the latest message it answers."""
    when = conv.draft.timestamp if conv.draft is not None else None
    if when is None:
        stamps = [m.timestamp for m in conv.messages if m.timestamp is not None]
        when = max(stamps) if stamps else None
    if when is None:
        return False
    day = when.astimezone(timezone.utc).date()
    return (since is None or day >= since) and (until is None or day <= until)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError, InputError
    from ..loaders import LoadProblem
    from ..logs import read_log
    from ..models import Draft
    from ..report import AGENT_FIELDS, build_report, render_html, render_markdown
    from ..report.progress import Progress
    from .check import build_config

    if args.agent_field not in AGENT_FIELDS and args.agent_field not in Draft.model_fields:
        known = ", ".join(dict.fromkeys([*AGENT_FIELDS, *Draft.model_fields]))
        return fail(f"unknown --agent-field {args.agent_field!r} (choose from {known})")
    if args.examples < 1:
        return fail("--examples must be at least 1")
    if args.html == "-" and args.md == "-":
        return fail("only one of --html and --md can go to standard output")
    try:
        since = date.fromisoformat(args.since) if args.since else None
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError as exc:
        return fail(f"--since/--until: {exc} (write dates as YYYY-MM-DD)")
    try:
        from ..engine import Linter

        config = build_config(args)
        linter = Linter(config)
        if args.channel and config.channel not in config.channels:
            raise ConfigError(
                f"unknown channel {args.channel!r} (known: {', '.join(sorted(config.channels))})"
            )
    except ConfigError as exc:
        return fail(str(exc))

    log = Path(args.log)
    problems: list[LoadProblem] = []
    items: list[Item] = []
    with Progress(f"reading {log.name}") as bar:
        for thing in read_log(log, format=args.log_format):
            if isinstance(thing, LoadProblem):
                problems.append(thing)
                continue
            try:
                linter.validate(thing.conversation)
            except InputError as exc:
                problems.append(LoadProblem(thing.source, thing.line, str(exc)))
                continue
            items.append(thing)
            bar.advance()
    for problem in problems:
        print(problem, file=sys.stderr)
    outside = 0
    if since or until:
        kept = [i for i in items if _within(i.conversation, since, until)]
        outside = len(items) - len(kept)
        items = kept
    if not items:
        period = " in that period" if outside else ""
        return fail(f"{log}: no replies to report on{period}")

    reports: list[Report]
    with Progress("checking replies", total=len(items)) as bar:
        if bar.enabled:
            _with_progress(linter, bar)
        reports = linter.lint_many([i.conversation for i in items], n_process=max(1, args.jobs))
    linted: list[tuple[Conversation, Report]] = []
    for item, report in zip(items, reports):
        if item.ignore:
            report.violations = [v for v in report.violations if v.rule not in item.ignore]
        linted.append((item.conversation, report))

    training = build_report(
        linted,
        title=args.title,
        source=log.name,
        agent_field=args.agent_field,
        examples_per_rule=args.examples,
        generated_at=args.generated_at,
        problems=[str(p).replace(str(log), log.name, 1) for p in problems],
        checked_rules=[rule.slug for rule in linter.rules],
        linter=linter,
    )
    outputs: list[tuple[str, str]] = []
    if args.html:
        outputs.append((args.html, render_html(training)))
    if args.md:
        outputs.append((args.md, render_markdown(training)))
    if not outputs:
        outputs.append(("-", render_markdown(training)))
    for target, text in outputs:
        if target == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        try:
            Path(target).write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            return fail(f"{target}: cannot write: {exc.strerror or exc}")
        print(f"wrote {target}", file=sys.stderr)
    flagged = training.errors + training.warnings
    skipped = f"; {len(problems):,} rows not checked (listed above)" if problems else ""
    if outside:
        skipped += f"; {outside:,} outside --since/--until (or undated) left out"
    print(
        f"{training.replies:,} replies checked, {flagged:,} flagged "
        f"({training.share(flagged):.0%}){skipped}",
        file=sys.stderr,
    )
    return EXIT_OK
