"""JUnit XML for CI dashboards: a test suite per file, a test case per draft, a
failure per violation; input problems are errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, TextIO

from ..loaders import LoadProblem
from . import Result, relative_path

__all__ = ["format_junit"]


def format_junit(
    results: Sequence[Result],
    out: TextIO,
    *,
    problems: Sequence[LoadProblem] = (),
    **_: Any,
) -> None:
    """Write one ``<testsuites>`` document."""
    suites: dict[str, ET.Element] = {}

    def suite(source: str) -> ET.Element:
        if source not in suites:
            suites[source] = ET.Element("testsuite", name=relative_path(source))
        return suites[source]

    for result in results:
        path = relative_path(result.item.source)
        case = ET.SubElement(
            suite(result.item.source),
            "testcase",
            name=result.item.label,
            classname=path,
            file=path,
            line=str(result.item.line),
        )
        for v in result.report.violations:
            line, col = result.position(v)
            failure = ET.SubElement(case, "failure", message=f"{v.rule}: {v.message}", type=v.rule)
            body = [f"{path}:{line}:{col}: {v.severity} {v.rule} {v.message}"]
            if v.span.text:
                body.append(f"  {v.span.text!r}")
            if v.suggestion:
                body.append(f"  Instead: {v.suggestion}")
            failure.text = "\n".join(body)
    for problem in problems:
        path = relative_path(problem.source)
        case = ET.SubElement(
            suite(problem.source),
            "testcase",
            name=f"{path}:{problem.line}" if problem.line else path,
            classname=path,
        )
        error = ET.SubElement(case, "error", message=problem.message, type="input-error")
        error.text = str(problem)
    root = ET.Element("testsuites", name="replylint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for element in suites.values():
        cases = list(element)
        counts = {
            "tests": len(cases),
            "failures": sum(len(c.findall("failure")) for c in cases),
            "errors": sum(len(c.findall("error")) for c in cases),
        }
        for key, value in counts.items():
            element.set(key, str(value))
            totals[key] += value
        element.set("skipped", "0")
        element.set("time", "0")
        root.append(element)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
