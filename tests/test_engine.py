from __future__ import annotations

import pytest

import replylint
from replylint import Config, ConfigError, Linter, Severity
from replylint.rules import all_rules


def test_select_and_ignore() -> None:
    text = "You people need to fill the web form first. " * 8
    assert Linter(select=["too-long"]).lint(text).rules == ["too-long"]
    assert "you-people" not in Linter(ignore=["you-people"]).lint(text).rules


def test_severity_override() -> None:
    report = Linter(severity={"you-people": "info"}).lint("You people again.")
    assert report.violations[0].severity is Severity.INFO


def test_unknown_rule_in_config_suggests_close_match() -> None:
    with pytest.raises(ConfigError, match="did you mean you-people"):
        Linter(select=["you-peopl"])


def test_unknown_config_key_is_rejected() -> None:
    with pytest.raises(ConfigError, match="selct: unknown key"):
        Linter({"selct": ["you-people"]})


def test_config_accepts_kebab_case_keys() -> None:
    cfg = Config.from_mapping({"per-file-ignores": {"*.md": ["too-long"]}, "fail-on": "error"})
    assert cfg.per_file_ignores == {"*.md": ("too-long",)} and cfg.fail_on is Severity.ERROR


def test_channel_limits_are_configurable() -> None:
    text = "Your engineer is booked for Tuesday between 9 and 12, see you then."
    assert Linter().lint({"channel": "sms", "draft": text}).ok
    tight = Linter(channels={"sms": {"public": False, "limit": 40, "length": "sms"}})
    assert tight.lint({"channel": "sms", "draft": text}).rules == ["too-long"]


def test_violations_sorted_by_position() -> None:
    text = "Thanks! You people... and people like you. " * 8
    report = replylint.lint(text)
    starts = [v.span.start for v in report.violations]
    assert starts == sorted(starts) and len(starts) >= 3


def test_conversation_draft_or_separate_draft() -> None:
    conv = {"channel": "twitter", "messages": [], "draft": "You people again."}
    a = replylint.lint(conv)
    b = replylint.lint("You people again.", conversation={"channel": "twitter"})
    assert a.violations == b.violations


def test_lint_many_equals_lint_one_by_one(linter: Linter) -> None:
    convs = [
        {"id": str(i), "channel": ch, "draft": text}
        for i, (ch, text) in enumerate(
            [("twitter", "You people!"), ("sms", "ok " * 90), ("email", "Thanks, Ann.")]
        )
    ]
    many = linter.lint_many(convs)
    assert [r.id for r in many] == ["0", "1", "2"]
    assert [r.violations for r in many] == [linter.lint(c).violations for c in convs]


def test_lint_many_over_several_chunks_equals_lint_one_by_one() -> None:
    """Rules run over a chunk of drafts at a time; each report is still its draft's own
    (per-draft rules only, as batch rules see the whole batch)."""
    from replylint.engine import _CHUNK
    from replylint.rules import all_rules

    linter = Linter(select=[r.slug for r in all_rules() if not r.is_batch])
    examples = [ex for rule in all_rules() for ex in (*rule.failing, *rule.passing)]
    convs = [ex.conversation() for ex in examples if not ex.batch]
    assert len(convs) > 2 * _CHUNK
    many = linter.lint_many(convs)
    assert sum(len(r.violations) for r in many) > _CHUNK
    assert [r.violations for r in many] == [linter.lint(c).violations for c in convs]


def test_input_too_large() -> None:
    with pytest.raises(replylint.InputTooLargeError, match="input-too-large"):
        Linter(max_draft_chars=10).lint("This draft is longer than ten characters.")


def test_spans_have_line_and_column() -> None:
    report = replylint.lint("Hello Ann,\nyou people again.")
    (v,) = report.violations
    assert (v.span.line, v.span.column) == (2, 1)


def test_every_rule_in_catalog_has_unique_slug() -> None:
    slugs = [r.slug for r in all_rules()]
    assert len(slugs) == len(set(slugs))


def test_analyze_string_returns_facts() -> None:
    facts = replylint.analyze("@TelcoCare third outage this week, I'm switching")
    assert facts.churn and facts.addressed_to_brand
    assert 0.0 <= facts.complaint_score <= 1.0


def test_supplied_facts_win() -> None:
    conv = {
        "channel": "twitter",
        "brand": "@Brand",
        "messages": [{"role": "customer", "text": "@Brand what time do you open?"}],
        "facts": {"complaint": True, "churn": True},
    }
    facts = Linter().analyze(conv)
    assert facts.complaint and facts.churn and facts.complaint_score == 1.0
