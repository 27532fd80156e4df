"""The hand-written dev cases of ../shared/cases/dev-cases.jsonl: every ``expect`` fires,
no ``forbid`` fires. Cases sharing a ``batch`` value are linted in one ``lint_many``."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from replylint import Linter
from replylint.rules import REGISTRY, all_rules

from .conftest import SHARED

CASES_PATH = SHARED / "cases" / "dev-cases.jsonl"

# Cases judged mislabelled, with the reason: (case id, rule) -> reason.
MISLABELLED: dict[tuple[str, str], str] = {}


def _load() -> list[dict[str, Any]]:
    if not CASES_PATH.exists():
        return []
    return [
        json.loads(line)
        for line in CASES_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


CASES = _load()
all_rules()


def _results() -> dict[str, set[str]]:
    linter = Linter()
    fired: dict[str, set[str]] = {}
    batches: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in CASES:
        if "batch" in case:
            batches[case["batch"]].append(case)
        else:
            report = linter.lint(case)
            fired[case["id"]] = set(report.rules)
    for cases in batches.values():
        for case, report in zip(cases, linter.lint_many(cases)):
            fired[case["id"]] = set(report.rules)
    return fired


@pytest.fixture(scope="module")
def fired() -> dict[str, set[str]]:
    if not CASES:
        pytest.skip(f"dev cases not found: {CASES_PATH}")
    return _results()


def _params(key: str) -> list[Any]:
    out = []
    for case in CASES:
        for rule in case[key]:
            if rule not in REGISTRY:
                continue  # rules not in the catalog yet are not judged
            marks = []
            reason = MISLABELLED.get((case["id"], rule))
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            out.append(pytest.param(case["id"], rule, id=f"{case['id']}-{rule}", marks=marks))
    return out


@pytest.mark.parametrize(("case_id", "rule"), _params("expect"))
def test_expected_rule_fires(fired: dict[str, set[str]], case_id: str, rule: str) -> None:
    assert rule in fired[case_id], f"{case_id}: expected {rule}, got {sorted(fired[case_id])}"


@pytest.mark.parametrize(("case_id", "rule"), _params("forbid"))
def test_forbidden_rule_is_silent(fired: dict[str, set[str]], case_id: str, rule: str) -> None:
    assert rule not in fired[case_id], f"{case_id}: {rule} must not fire"
