"""GitHub Actions workflow commands: each violation becomes an annotation on the pull
request (``::error file=...,line=...,col=...::message``). ``warning`` maps to
``::warning`` and ``info`` to ``::notice``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..loaders import LoadProblem
from ..models import Severity
from . import Result, relative_path

__all__ = ["format_github"]

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(
    results: Sequence[Result],
    out: TextIO,
    *,
    problems: Sequence[LoadProblem] = (),
    **_: Any,
) -> None:
    """One workflow command a line."""
    for result in results:
        path = _property(relative_path(result.item.source))
        for v in result.report.violations:
            line, col = result.position(v)
            end_line, end_col = result.end_position(v)
            props = f"file={path},line={line},col={col},endLine={end_line},endColumn={end_col}"
            message = v.message if not v.suggestion else f"{v.message}. {v.suggestion}"
            out.write(
                f"::{COMMANDS[v.severity]} {props},title={_property(v.rule)}::{_data(message)}\n"
            )
    for problem in problems:
        props = f"file={_property(relative_path(problem.source))}"
        if problem.line is not None:
            props += f",line={problem.line}"
        out.write(f"::error {props},title=input error::{_data(problem.message)}\n")
