from __future__ import annotations

import json

import pytest

import replylint
from replylint import Conversation, InputError, Linter, Severity


def test_draft_may_be_a_plain_string() -> None:
    conv = Conversation.model_validate({"channel": "sms", "draft": "Hello"})
    assert conv.draft is not None and conv.draft.text == "Hello"


def test_naive_timestamps_are_utc() -> None:
    conv = Conversation.model_validate(
        {"messages": [{"role": "customer", "text": "hi", "timestamp": "2026-11-02T09:14:00"}]}
    )
    ts = conv.messages[0].timestamp
    assert ts is not None and ts.utcoffset() is not None and ts.utcoffset().total_seconds() == 0


def test_invalid_conversation_names_the_field() -> None:
    bad = {"channel": "twitter", "messages": [{"role": "robot", "text": "hi"}], "draft": "x"}
    with pytest.raises(InputError) as info:
        replylint.lint("Thanks!", conversation=bad)
    assert "messages.0.role" in str(info.value)


def test_unknown_channel_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown channel 'telegraph'"):
        replylint.lint({"channel": "telegraph", "draft": "Hello"})


def test_missing_draft_is_an_input_error(linter: Linter) -> None:
    with pytest.raises(InputError, match="no draft"):
        linter.lint({"channel": "sms", "messages": []})


def test_report_round_trips_through_json() -> None:
    report = replylint.lint("You people need to fill the web form first.")
    data = json.loads(report.model_dump_json())
    assert data["violations"][0]["rule"] == "you-people"
    assert set(data["violations"][0]) == {
        "rule",
        "severity",
        "message",
        "span",
        "guidance",
        "suggestion",
        "fix",
    }
    assert set(data["violations"][0]["span"]) == {"start", "end", "text", "line", "column"}
    assert replylint.Report.model_validate(data) == report


def test_severity_order() -> None:
    assert Severity.ERROR.rank > Severity.WARNING.rank > Severity.INFO.rank
    report = replylint.lint("You people need to fill the web form first.")
    assert report.at_least("error") and report.at_least(Severity.INFO)


def test_supplied_facts_are_validated() -> None:
    with pytest.raises(InputError, match=r"facts\.complaints"):
        replylint.lint({"draft": "x", "facts": {"complaints": True}})


def test_reports_with_lone_surrogates_serialise(linter: Linter) -> None:
    # "\ud800" is what the JSON escape "\\ud800" decodes to; UTF-8 cannot encode it.
    conv = Conversation.model_validate(
        {
            "id": "t\udc00",
            "brand": "Acme",
            "messages": [{"role": "customer", "text": "@Acme where is \ud800 my order"}],
            "draft": "YOU PEOPLE never read \ud800 anything!!!",
        }
    )
    report = linter.lint(conv)
    spans = [v.span for v in report.violations]
    assert any("\ud800" in s.text for s in spans)  # the Python objects keep the text as given
    dumped = json.loads(report.model_dump_json())
    assert dumped["id"] == "t\ufffd"
    for got, span in zip(dumped["violations"], spans):
        assert got["span"]["text"] == span.text.replace("\ud800", "\ufffd")
        assert len(got["span"]["text"]) == span.end - span.start  # offsets still hold
    assert report.model_dump(mode="json")["violations"] == dumped["violations"]
    assert "\ufffd" in json.loads(conv.model_dump_json())["messages"][0]["text"]
    assert Conversation.model_validate_json(conv.model_dump_json()).draft is not None
