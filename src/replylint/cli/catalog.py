"""``replylint rules`` and ``replylint explain RULE``."""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Any

from . import EXIT_OK, fail


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    if name == "explain":
        p.add_argument("rule", metavar="RULE", help="rule slug, e.g. you-people")
    else:
        p.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    if args.command == "explain":
        return explain(args.rule)
    return list_rules(args.format)


def list_rules(fmt: str) -> int:
    from ..rules import all_rules

    rules = all_rules()
    if fmt == "json":
        data = [
            {
                "rule": r.slug,
                "severity": r.severity.value,
                "message": r.message,
                "needs": sorted(n.value for n in r.needs),
            }
            for r in rules
        ]
        print(json.dumps(data, indent=2))
        return EXIT_OK
    width = max(len(r.slug) for r in rules)
    for r in rules:
        print(f"{r.slug:<{width}}  {r.severity.value:<7}  {r.message}")
    return EXIT_OK


def explain(slug: str) -> int:
    from ..errors import UnknownRuleError
    from ..formats.sarif import UNUSED_SUPPRESSION
    from ..rules import get_rule

    if slug == UNUSED_SUPPRESSION["id"]:
        print(render_diagnostic(UNUSED_SUPPRESSION))
        return EXIT_OK
    try:
        rule = get_rule(slug)
    except UnknownRuleError as exc:
        return fail(str(exc))
    print(render_explanation(rule))
    return EXIT_OK


def render_diagnostic(info: dict[str, Any]) -> str:
    """A diagnostic that is not a rule of the catalog (``unused-suppression``)."""
    return "\n".join(
        [
            f"{info['id']} ({info['severity'].value})",
            "",
            f"{info['message']}.",
            "",
            "What it does",
            _wrap(info["what"]),
            "",
            "Why it matters",
            _wrap(info["why"]),
            "",
            "Use instead",
            _wrap(info["instead"]),
            "",
            _wrap(
                "Reported by `replylint check` on template files. Name it in `select`, "
                "`ignore`, `severity` and `per-file-ignores` like a rule."
            ),
        ]
    )


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=88)


def render_explanation(rule: type) -> str:
    """A rule's documentation as plain text for the terminal."""
    from ..rules import Rule

    assert issubclass(rule, Rule)
    docs = rule.docs
    lines = [
        f"{rule.slug} ({rule.severity.value})",
        "",
        rule.message + ".",
        "",
        "What it does",
        _wrap(docs.what),
        "",
        "Why it matters",
        _wrap(docs.why),
        f"Guidance: seed document{'s' if len(docs.seeds) > 1 else ''} {', '.join(docs.seeds)}.",
        "",
        "Example (flagged)",
    ]
    for ex in rule.failing[:3]:
        if isinstance(ex.context, str):
            lines.append(f"  customer: {ex.context}")
        lines.append(f"  draft:    {ex.draft}")
        lines.append("")
    lines += ["Use instead", _wrap(docs.instead), ""]
    for ex in rule.passing[:3]:
        if isinstance(ex.context, str):
            lines.append(f"  customer: {ex.context}")
        lines.append(f"  draft:    {ex.draft}")
        lines.append("")
    needs = ", ".join(sorted(n.value for n in rule.needs))
    lines.append(f"Reads: {needs}.")
    if rule.phrase_lists:
        lists = ", ".join(rule.phrase_lists)
        lines.append(f"Phrase lists: {lists} (extend them with [tool.replylint.phrases]).")
    return "\n".join(lines)
