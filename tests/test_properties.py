"""Properties over arbitrary input: no exception, valid spans, deterministic output."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replylint import Linter, Report

LINTER = Linter()

# Text with the characters that break naive code: emoji, RTL, combining marks,
# zero-width joiners, NUL, lone surrogates, placeholders and the words rules look for.
_pieces = st.sampled_from(
    [
        "you people",
        "You  People",
        "u ppl",
        "{{first_name}}",
        "[Customer Name]",
        "%NAME%",
        "How may I help you today?",
        "😊",
        "👩‍👩‍👧",
        "☺",
        ":)",
        "שלום",
        "مرحبا",
        "e\u0301",
        "\u200b",
        "\u200d",
        "\x00",
        "\ud800",
        "\n",
        "\r\n",
        "  ",
        "!!!",
        "https://x.co/a?b=1",
        "@brand",
        "£35/month",
        "Get yours today",
        "DM us",
        "APN",
        "订单",
    ]
)
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_pieces, st.text(max_size=20)), max_size=30).map(" ".join),
)
channels = st.sampled_from(["twitter", "facebook", "sms", "chat", "email", "dm"])
messages = st.lists(
    st.fixed_dictionaries({"role": st.sampled_from(["customer", "agent", "other"]), "text": texts}),
    max_size=5,
)


def _check(report: Report, text: str) -> None:
    for v in report.violations:
        assert 0 <= v.span.start <= v.span.end <= len(text)
        assert text[v.span.start : v.span.end] == v.span.text
        assert v.span.line >= 1 and v.span.column >= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, channel=channels)
def test_any_draft(text: str, channel: str) -> None:
    conv = {"channel": channel, "brand": "@brand", "draft": text}
    report = LINTER.lint(conv)
    _check(report, text)
    assert LINTER.lint(conv) == report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, channel=channels, msgs=messages)
def test_any_conversation(text: str, channel: str, msgs: list[dict[str, Any]]) -> None:
    conv = {"channel": channel, "brand": "@brand", "messages": msgs, "draft": text}
    report = LINTER.lint(conv)
    _check(report, text)
    assert LINTER.lint_many([conv])[0].violations == report.violations


@settings(max_examples=50, deadline=None)
@given(drafts=st.lists(texts, min_size=1, max_size=6))
def test_lint_many_matches_lint(drafts: list[str]) -> None:
    convs = [{"channel": "twitter", "draft": d} for d in drafts]
    many = LINTER.lint_many(convs)
    single = Linter({"ignore": ["duplicate-reply", "marketing-flood"]})
    for conv, report in zip(convs, many):
        batchless = [
            v for v in report.violations if v.rule not in {"duplicate-reply", "marketing-flood"}
        ]
        assert batchless == single.lint(conv).violations
