"""Behaviour of the tone, accountability and timeliness rules beyond their examples."""

from __future__ import annotations

from typing import Any

from replylint import Linter


def _conv(draft: str, **extra: Any) -> dict[str, Any]:
    conv: dict[str, Any] = {
        "channel": "email",
        "brand": "CloudDesk",
        "messages": [
            {
                "role": "customer",
                "author": "Maria Lopez",
                "text": "We were charged for 12 seats but have 9 users.",
                "timestamp": "2026-06-01T14:00:00Z",
            }
        ],
        "draft": {"text": draft, "timestamp": "2026-06-01T14:30:00Z"},
    }
    conv.update(extra)
    return conv


def test_generic_salutation_fix_uses_the_name() -> None:
    report = Linter(select=["generic-salutation"]).lint(_conv("Dear valued customer, done."))
    (violation,) = report.violations
    assert violation.span.text == "Dear valued customer"
    assert violation.fix is not None
    assert violation.fix.replacement == "Maria"
    text = "Dear valued customer, done."
    fixed = text[: violation.fix.start] + violation.fix.replacement + text[violation.fix.end :]
    assert fixed == "Dear Maria, done."


def test_slow_response_says_how_late() -> None:
    conv = _conv("Sorry Maria, fixed.")
    conv["draft"]["timestamp"] = "2026-06-03T15:00:00Z"
    (violation,) = Linter(select=["slow-response"]).lint(conv).violations
    assert "2 d 1 h" in violation.message
    assert "24 h" in violation.message


def test_slow_response_follows_channel_config() -> None:
    conv = _conv("Sorry Maria, fixed.")
    linter = Linter(
        select=["slow-response"], channels={"email": {"public": False, "response_minutes": 15}}
    )
    assert linter.lint(conv).rules == ["slow-response"]


def test_shouting_acronyms_can_be_extended() -> None:
    draft = "Your FIBREMAX router is on its way."
    assert Linter(select=["shouting"]).lint(draft).rules == ["shouting"]
    linter = Linter(select=["shouting"], phrases={"acronyms": ["FIBREMAX"]})
    assert linter.lint(draft).violations == []


def test_threat_needs_the_customer_behaviour_for_plain_sanctions() -> None:
    linter = Linter(select=["threatening-language"])
    assert linter.lint("We will suspend your line tonight as you asked.").violations == []
    report = linter.lint("Post that again and we will suspend your account.")
    assert report.rules == ["threatening-language"]
    report = linter.lint("If you keep posting that, we will suspend your account.")
    assert [v.span.text for v in report.violations] == ["we will suspend your account"]


def test_deflection_with_an_offer_passes() -> None:
    linter = Linter(select=["deflects-responsibility"])
    assert linter.lint("Please contact the manufacturer.").rules == ["deflects-responsibility"]
    assert (
        linter.lint("Please contact the manufacturer, or DM us and we'll do it.").violations == []
    )
