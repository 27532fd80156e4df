"""pii-in-reply beyond its examples: what counts as the customer's data, exact spans."""

from __future__ import annotations

import pytest

from replylint import Linter
from replylint.rules.pii_in_reply import find_pii, luhn_valid


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=["pii-in-reply"])


def spans(text: str, brand: tuple[str, ...] = ("telcocare",)) -> list[tuple[str, str]]:
    return [(p.kind, text[p.start : p.end]) for p in find_pii(text, brand)]


def test_luhn() -> None:
    assert luhn_valid("4539148803436467")
    assert not luhn_valid("4539148803436468")


def test_archive_urls_and_handles_are_never_pii() -> None:
    text = (
        "@user4471234567 see https://web.archive.org/web/20200401224734/https://support."
        "example.com/answer/185111?id=07700900461 and www.example.com/4539148803436467"
    )
    assert spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Call our support team free on 0800 123 4567.",
        "Call us on 1-800-848-9136, 24/7.",
        "Our billing line is 0345 600 1234.",
        "Reach us on +44 20 7946 0018 any time.",
        "Please forward the text to abuse@chase.com.",
        "E-mail support@fibrenet.co.uk or help@telcocare.com for a copy.",
        "Write to jane.doe@telcocare.com in our press office.",
        "Visit our store at 12 High Street, Leeds LS1 4AB.",
        "Your order 20200401224734 ships today; ticket INC-448213.",
    ],
)
def test_brand_contact_details_are_not_pii(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll text 07700 900461 when it ships.", [("phone number", "07700 900461")]),
        ("We called (202) 555-0143 twice.", [("phone number", "(202) 555-0143")]),
        ("Updated to ann.morales84@example.net.", [("e-mail address", "ann.morales84@example.net")]),
        ("Credited account no. 40021877 today.", [("account number", "40021877")]),
        ("Card 4539-1488-0343-6467 is blocked.", [("card number", "4539-1488-0343-6467")]),
        ("Booked to 14 Elm Road, Cardiff CF10 3AT.", [("street address", "14 Elm Road, Cardiff CF10 3AT")]),
        ("Sent to 221B Baker Street.", [("street address", "221B Baker Street")]),
    ],
)
def test_customer_data_is_spanned_exactly(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


def test_only_public_channels(linter: Linter) -> None:
    draft = "We'll text 07700 900461 when it ships."
    assert linter.lint({"channel": "twitter", "draft": draft}).rules == ["pii-in-reply"]
    assert linter.lint({"channel": "email", "draft": draft}).ok
