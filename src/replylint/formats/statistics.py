"""``--statistics``: how many violations of each rule, most frequent first (like
ruff's)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from ..models import Severity
from . import _BOLD, _COLORS, _RESET, Result

__all__ = ["format_statistics", "statistics"]


def statistics(results: Sequence[Result]) -> list[dict[str, object]]:
    """``[{rule, count, severity, message}]``, most frequent first."""
    counts: Counter[str] = Counter()
    severity: dict[str, Severity] = {}
    message: dict[str, str] = {}
    for result in results:
        for v in result.report.violations:
            counts[v.rule] += 1
            severity.setdefault(v.rule, v.severity)
            message.setdefault(v.rule, v.message)
    return [
        {
            "rule": rule,
            "count": n,
            "severity": severity[rule].value,
            "message": _headline(rule, message[rule]),
        }
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _headline(rule: str, fallback: str) -> str:
    from ..rules import REGISTRY

    cls = REGISTRY.get(rule)
    return cls.message if cls is not None else fallback.split(":")[0]


def format_statistics(
    results: Sequence[Result], out: TextIO, *, color: bool = False, json_output: bool = False
) -> None:
    rows = statistics(results)
    if json_output:
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not rows:
        return
    width = max(len(str(r["rule"])) for r in rows)
    digits = max(len(str(r["count"])) for r in rows)
    for row in rows:
        count = f"{row['count']:>{digits}}"
        sev = f"{row['severity']:<7}"
        if color:
            count = f"{_BOLD}{count}{_RESET}"
            sev = f"{_COLORS[Severity(str(row['severity']))]}{sev}{_RESET}"
        out.write(f"{count}  {row['rule']!s:<{width}}  {sev}  {row['message']}\n")
