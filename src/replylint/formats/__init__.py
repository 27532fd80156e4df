"""Output formats of ``replylint check``: the last step of the pipeline.

A formatter receives every :class:`Result` (a draft's report and where the draft came
from) and writes to a stream; it is called with keyword options ``color`` and
``problems`` (the input problems, for formats that report them) and ignores the ones
it has no use for. Register new ones in :data:`FORMATTERS`; their modules are imported
only when chosen.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..loaders import Item
from ..models import Report, Severity, Violation

__all__ = [
    "FORMATTERS",
    "Result",
    "format_json",
    "format_jsonl",
    "format_text",
    "relative_path",
    "summary",
]


@dataclass
class Result:
    """One draft's report and where the draft came from.

    ``diagnostic`` marks a result about the file rather than a draft (an unused
    suppression comment): it is reported like the others but not counted as a draft.
    """

    item: Item
    report: Report
    diagnostic: bool = False

    def position(self, violation: Violation) -> tuple[int, int]:
        """(line, column) of ``violation`` in the source file."""
        return self.item.position(violation.span.start)

    def end_position(self, violation: Violation) -> tuple[int, int]:
        """(line, column) just after ``violation`` in the source file (exclusive)."""
        if violation.span.end <= violation.span.start:
            return self.position(violation)
        return self.item.end_position(violation.span.end)

    def as_dict(self) -> dict[str, object]:
        """The report with ``source`` and ``line``; each violation gains a ``location``
        in the source file (``span`` stays relative to the draft)."""
        data: dict[str, object] = {"source": self.item.source, "line": self.item.line}
        if self.diagnostic:
            data["kind"] = "suppression"
        report = self.report.model_dump(mode="json")
        for violation, dumped in zip(self.report.violations, report["violations"]):
            line, column = self.position(violation)
            end_line, end_column = self.end_position(violation)
            dumped["location"] = {
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
            }
        data.update(report)
        return data


def relative_path(source: str, root: Path | None = None) -> str:
    """``source`` relative to ``root`` (the working directory), ``/``-separated; paths
    outside it stay absolute."""
    if source.startswith("<"):
        return source
    base = os.path.abspath(root or os.getcwd())
    absolute = os.path.abspath(source)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    if rel.startswith(".."):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def format_text(results: Sequence[Result], out: TextIO, *, color: bool = False, **_: Any) -> None:
    """``path:line:col: severity rule message`` — one violation a line, like ruff."""
    for result in results:
        for v in result.report.violations:
            line, col = result.position(v)
            where = f"{result.item.source}:{line}:{col}:"
            sev, rule = str(v.severity), v.rule
            if color:
                where = f"{_BOLD}{where}{_RESET}"
                sev = f"{_COLORS[v.severity]}{sev}{_RESET}"
                rule = f"{_DIM}{rule}{_RESET}"
            out.write(f"{where} {sev} {rule} {v.message}\n")


def summary(results: Sequence[Result], problems: int = 0) -> str:
    """One line: how many violations of each severity in how many drafts.

    With input ``problems`` (listed separately) a run without violations is not
    called all clear.
    """
    counts: Counter[Severity] = Counter(v.severity for r in results for v in r.report.violations)
    total = sum(counts.values())
    drafts = sum(1 for r in results if not r.diagnostic)
    plural = "s" if drafts != 1 else ""
    if not total:
        if problems:
            return f"No violations in {drafts} draft{plural} checked; some input was not read."
        return f"All clear: {drafts} draft{plural} checked, no violations."
    flagged = sum(1 for r in results if r.report.violations and not r.diagnostic)
    notes = sum(1 for r in results if r.diagnostic)
    parts = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s != Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    )
    where = f"in {flagged} of {drafts} draft{plural}"
    if notes:
        where += f" and {notes} suppression comment{'s' if notes != 1 else ''}"
    return f"Found {total} violation{'s' if total != 1 else ''} ({parts}) {where}."


def format_json(results: Sequence[Result], out: TextIO, *, color: bool = False, **_: Any) -> None:
    """A JSON array of reports, each with its ``source`` file and ``line``."""
    json.dump([r.as_dict() for r in results], out, ensure_ascii=False, indent=2)
    out.write("\n")


def format_jsonl(results: Sequence[Result], out: TextIO, *, color: bool = False, **_: Any) -> None:
    """One report per line."""
    for r in results:
        out.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")


Formatter = Callable[..., None]


def _lazy(module: str, name: str) -> Formatter:
    """A formatter of ``formats/<module>.py``, imported when it is used."""

    def formatter(results: Sequence[Result], out: TextIO, **options: Any) -> None:
        import importlib

        function: Formatter = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        function(results, out, **options)

    formatter.__name__ = name
    return formatter


FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "jsonl": format_jsonl,
    "sarif": _lazy("sarif", "format_sarif"),
    "github": _lazy("github", "format_github"),
    "junit": _lazy("junit", "format_junit"),
}
