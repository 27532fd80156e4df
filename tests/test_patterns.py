"""House rules from ``Config.patterns``: regular expressions with a time limit."""

from __future__ import annotations

import time

import pytest

from replylint import ConfigError, Linter, Severity
from replylint.patterns import PatternTimeoutError

COMPETITOR = {"pattern": r"\bacme ?tel\b", "message": "Names a competitor", "severity": "error"}


def test_pattern_rule_fires_with_exact_span() -> None:
    linter = Linter(patterns={"competitor-name": COMPETITOR}, select=["competitor-name"])
    text = "Unlike AcmeTel, we answer within the hour."
    (v,) = linter.lint(text).violations
    assert (v.rule, v.severity, v.span.text) == ("competitor-name", Severity.ERROR, "AcmeTel")
    assert text[v.span.start : v.span.end] == v.span.text


def test_pattern_rules_obey_ignore_and_severity() -> None:
    linter = Linter(patterns={"competitor-name": COMPETITOR}, severity={"competitor-name": "info"})
    assert linter.lint("acme tel is slower").at_least("info")[0].severity is Severity.INFO
    quiet = Linter(patterns={"competitor-name": COMPETITOR}, ignore=["competitor-name"])
    assert quiet.lint("acme tel is slower").ok


def test_pattern_never_flags_inside_a_placeholder() -> None:
    linter = Linter(patterns={"competitor-name": COMPETITOR}, select=["competitor-name"])
    assert linter.lint("Hi {{acmetel}}").ok


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [("(unclosed", "invalid regular expression"), ("x*", "matches the empty string")],
)
def test_bad_pattern_is_a_config_error(pattern: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=rf"patterns\.bad\.pattern: {problem}"):
        Linter(patterns={"bad": {"pattern": pattern, "message": "m"}})


def test_pattern_may_not_reuse_a_builtin_slug() -> None:
    with pytest.raises(ConfigError, match="built-in rule"):
        Linter(patterns={"you-people": {"pattern": "x", "message": "m"}})


def test_catastrophic_pattern_is_reported_not_a_hang() -> None:
    linter = Linter(patterns={"slow": {"pattern": r"(a+)+$", "message": "m"}}, select=["slow"])
    start = time.perf_counter()
    with pytest.raises(PatternTimeoutError, match=r"patterns\.slow: the pattern took more than"):
        linter.lint("a" * 30_000 + "!")
    assert time.perf_counter() - start < 10  # bounded: the search gives up, it never hangs
