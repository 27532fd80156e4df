from __future__ import annotations

import pytest

import replylint
from replylint.placeholders import find_placeholders


@pytest.mark.parametrize(
    "placeholder",
    ["{{first_name}}", "{{ ticket.id }}", "{name}", "${agent}", "%NAME%", "[Customer Name]"],
)
def test_placeholder_forms_are_recognised(placeholder: str) -> None:
    text = f"Hi {placeholder}, thanks for waiting."
    spans = find_placeholders(text)
    assert [text[a:b] for a, b in spans] == [placeholder]


@pytest.mark.parametrize("text", ["50% off and 20% more", "[sic]", "{ not one }", "a {} b"])
def test_non_placeholders(text: str) -> None:
    assert find_placeholders(text) == []


def test_placeholder_is_one_token(linter: replylint.Linter) -> None:
    doc = linter.pipeline.make_doc("Hi {{first_name}}, your ticket {{ticket.id}} is closed.")
    assert "{{first_name}}" in [t.text for t in doc]
    assert "{{ticket.id}}" in [t.text for t in doc]


def test_spans_stay_exact_around_placeholders() -> None:
    text = "Hi {{first_name}} {{last_name}}! You people should read %FAQ_LINK% first."
    report = replylint.lint(text)
    (v,) = [v for v in report.violations if v.rule == "you-people"]
    assert text[v.span.start : v.span.end] == v.span.text == "You people"


def test_placeholder_alone_is_never_flagged() -> None:
    for text in ["{{you_people}}", "[You People]", "%YOU_PEOPLE%", "{your_kind}"]:
        assert replylint.lint(text).violations == []
