"""Output formats of ``replylint check``: the last step of the pipeline.

A formatter receives every :class:`Result` (a draft's report and where the draft came
from) and writes to a stream. Register new ones in :data:`FORMATTERS`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..loaders import Item
from ..models import Report, Severity, Violation

__all__ = ["FORMATTERS", "Result", "format_json", "format_jsonl", "format_text", "summary"]


@dataclass
class Result:
    """One draft's report and where the draft came from."""

    item: Item
    report: Report

    def position(self, violation: Violation) -> tuple[int, int]:
        """(line, column) of ``violation`` in the source file."""
        return self.item.position(violation.span.start)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"source": self.item.source, "line": self.item.line}
        data.update(self.report.model_dump(mode="json"))
        return data


_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def format_text(results: Sequence[Result], out: TextIO, *, color: bool = False) -> None:
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


def summary(results: Sequence[Result]) -> str:
    """One line: how many violations of each severity in how many drafts."""
    counts: Counter[Severity] = Counter(v.severity for r in results for v in r.report.violations)
    total = sum(counts.values())
    drafts = len(results)
    plural = "s" if drafts != 1 else ""
    if not total:
        return f"All clear: {drafts} draft{plural} checked, no violations."
    flagged = sum(1 for r in results if r.report.violations)
    parts = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s != Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    )
    return (
        f"Found {total} violation{'s' if total != 1 else ''} ({parts}) "
        f"in {flagged} of {drafts} draft{plural}."
    )


def format_json(results: Sequence[Result], out: TextIO, *, color: bool = False) -> None:
    """A JSON array of reports, each with its ``source`` file and ``line``."""
    json.dump([r.as_dict() for r in results], out, ensure_ascii=False, indent=2)
    out.write("\n")


def format_jsonl(results: Sequence[Result], out: TextIO, *, color: bool = False) -> None:
    """One report per line."""
    for r in results:
        out.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")


Formatter = Callable[..., None]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "jsonl": format_jsonl,
}
