"""Every rule's own failing and passing examples, run like ESLint's RuleTester."""

from __future__ import annotations

import pytest

from replylint import Linter
from replylint.rules import Example, Rule, all_rules

RULES = all_rules()


def _cases(kind: str) -> list[tuple[type[Rule], Example]]:
    return [(rule, ex) for rule in RULES for ex in getattr(rule, kind)]


def _id(case: tuple[type[Rule], Example]) -> str:
    rule, ex = case
    return f"{rule.slug}:{ex.draft[:40]}"


_linters: dict[str, Linter] = {}


def _lint(rule: type[Rule], ex: Example) -> list[str]:
    linter = _linters.setdefault(rule.slug, Linter(select=[rule.slug]))
    if ex.batch:
        reports = linter.lint_many(ex.conversations())
        return [v.span.text for v in reports[0].violations if v.rule == rule.slug]
    report = linter.lint(ex.conversation())
    for v in report.violations:
        assert ex.draft[v.span.start : v.span.end] == v.span.text
    return [v.span.text for v in report.violations if v.rule == rule.slug]


@pytest.mark.parametrize("case", _cases("failing"), ids=_id)
def test_failing_example_fires(case: tuple[type[Rule], Example]) -> None:
    rule, ex = case
    flagged = _lint(rule, ex)
    assert flagged, f"{rule.slug} should fire on: {ex.draft!r}"
    if ex.flagged is not None:
        assert flagged[0] == ex.flagged


@pytest.mark.parametrize("case", _cases("passing"), ids=_id)
def test_passing_example_is_clean(case: tuple[type[Rule], Example]) -> None:
    rule, ex = case
    assert _lint(rule, ex) == [], f"{rule.slug} should not fire on: {ex.draft!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.slug)
def test_rule_is_complete(rule: type[Rule]) -> None:
    assert len(rule.failing) >= 3, "at least three failing examples"
    assert len(rule.passing) >= 3, "at least three passing examples"
    docs = rule.docs
    assert docs.what and docs.why and docs.instead and docs.guidance and docs.seeds
    assert rule.message and rule.message[0].isupper() and not rule.message.endswith(".")
    assert rule.slug == rule.slug.lower() and " " not in rule.slug
    module = rule.__module__.rsplit(".", 1)[-1]
    assert module == rule.slug.replace("-", "_"), "a rule lives in the module named after it"
