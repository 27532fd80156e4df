"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis dashboards.

The rules of the catalog are listed in ``tool.driver.rules`` with their documentation
(what, why, what to write instead); each violation is a result located in its file
(columns count Unicode code points, ``run.columnKind``); input problems are tool
execution notifications.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..loaders import LoadProblem
from ..models import Severity
from ..rules.base import Rule
from . import Result, relative_path

__all__ = ["LEVELS", "format_sarif", "rule_descriptors", "sarif_log"]

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

UNUSED_SUPPRESSION = {
    "id": "unused-suppression",
    "message": "A suppression comment that silences nothing",
    "what": (
        "Reports a `replylint: disable=...` comment or `noqa` field naming a rule that "
        "found nothing to silence in its template, or a rule that does not exist."
    ),
    "why": (
        "A stale suppression hides the next real problem in the template, and a "
        "misspelt rule name silences nothing at all."
    ),
    "instead": "Remove the rule from the suppression, or fix its name (`replylint rules`).",
    "severity": Severity.WARNING,
}


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def rule_descriptors(extra: Sequence[type[Rule]] = ()) -> list[dict[str, Any]]:
    """``reportingDescriptor`` objects for every rule of the catalog, the ``extra``
    ones (house rules from the configuration) and the ``unused-suppression``
    diagnostic, with their help text."""
    from ..rules import all_rules

    catalog = list(all_rules())
    known = {r.slug for r in catalog}
    catalog += [r for r in extra if r.slug not in known]
    descriptors = []
    for rule in catalog:
        docs = rule.docs
        failing = [e.draft for e in rule.failing][:2]
        passing = [e.draft for e in rule.passing][:2]
        seeds = ", ".join(docs.seeds)
        source = f" (guidance: seed {seeds})" if seeds else ""
        text = (
            f"{rule.message}.\n\nWhat it does: {docs.what}\n\nWhy it matters: {docs.why}"
            f"{source}\n\nInstead: {docs.instead}"
        )
        markdown = [
            f"**{rule.message}.**",
            "",
            "## What it does",
            docs.what,
            "",
            "## Why it matters",
            f"{docs.why} *(guidance: seed document {seeds})*" if seeds else docs.why,
            "",
            "## Instead",
            docs.instead,
        ]
        if failing:
            markdown += ["", "## Examples that fail", *[f"- {_quote_md(d)}" for d in failing]]
        if passing:
            markdown += ["", "## Examples that pass", *[f"- {_quote_md(d)}" for d in passing]]
        descriptors.append(
            {
                "id": rule.slug,
                "name": _camel(rule.slug),
                "shortDescription": {"text": rule.message},
                "fullDescription": {"text": docs.what},
                "help": {"text": text, "markdown": "\n".join(markdown)},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
                "properties": {
                    "tags": ["customer-care", *sorted(n.value for n in rule.needs)],
                    "seeds": list(docs.seeds),
                },
            }
        )
    u = UNUSED_SUPPRESSION
    descriptors.append(
        {
            "id": u["id"],
            "name": _camel(str(u["id"])),
            "shortDescription": {"text": u["message"]},
            "fullDescription": {"text": u["what"]},
            "help": {
                "text": f"{u['what']}\n\nWhy it matters: {u['why']}\n\nInstead: {u['instead']}",
                "markdown": (
                    f"## What it does\n{u['what']}\n\n## Why it matters\n{u['why']}\n\n"
                    f"## Instead\n{u['instead']}"
                ),
            },
            "defaultConfiguration": {"level": LEVELS[Severity.WARNING]},
            "properties": {"tags": ["suppression"]},
        }
    )
    return descriptors


def _quote_md(draft: str) -> str:
    flat = " ".join(draft.split())
    if len(flat) > 160:
        flat = flat[:157] + "..."
    return "`" + flat.replace("`", "'") + "`"


def _uri(source: str) -> dict[str, str]:
    if source == "<stdin>":
        return {"uri": "stdin"}
    rel = relative_path(source)
    if rel.startswith("/"):
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


def sarif_log(
    results: Sequence[Result],
    problems: Sequence[LoadProblem] = (),
    rules: Sequence[type[Rule]] = (),
) -> dict[str, Any]:
    """The SARIF log of one ``check`` run, as a JSON-ready dict."""
    descriptors = rule_descriptors(rules)
    index = {r["id"]: i for i, r in enumerate(descriptors)}
    sarif_results = []
    for result in results:
        for v in result.report.violations:
            line, column = result.position(v)
            end_line, end_column = result.end_position(v)
            if (end_line, end_column) <= (line, column):
                end_line, end_column = line, column + 1
            region: dict[str, Any] = {
                "startLine": line,
                "startColumn": column,
                "endLine": end_line,
                "endColumn": end_column,
            }
            if v.span.text:
                region["snippet"] = {"text": v.span.text}
            message = v.message if not v.suggestion else f"{v.message}. {v.suggestion}"
            entry: dict[str, Any] = {
                "ruleId": v.rule,
                "level": LEVELS[v.severity],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _uri(result.item.source),
                            "region": region,
                        },
                        "logicalLocations": [{"name": result.item.label, "kind": "object"}],
                    }
                ],
                "partialFingerprints": {
                    "replylintHash/v1": _fingerprint(result, v.rule, v.span.text)
                },
            }
            if v.rule in index:
                entry["ruleIndex"] = index[v.rule]
            sarif_results.append(entry)
    notifications = []
    for problem in problems:
        note: dict[str, Any] = {"level": "error", "message": {"text": problem.message}}
        location: dict[str, Any] = {"artifactLocation": _uri(problem.source)}
        if problem.line is not None:
            location["region"] = {"startLine": problem.line}
        note["locations"] = [{"physicalLocation": location}]
        notifications.append(note)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "replylint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": not problems,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": sarif_results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _fingerprint(result: Result, rule: str, text: str) -> str:
    key = "\x1f".join((relative_path(result.item.source), result.item.label, rule, text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def format_sarif(
    results: Sequence[Result],
    out: TextIO,
    *,
    problems: Sequence[LoadProblem] = (),
    rules: Sequence[type[Rule]] = (),
    **_: Any,
) -> None:
    """Write one SARIF 2.1.0 log (``rules``: house rules to list besides the catalog)."""
    json.dump(sarif_log(results, problems, rules), out, ensure_ascii=False, indent=2)
    out.write("\n")
