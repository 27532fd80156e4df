"""The shortcuts of ``pii-in-reply``, ``private-channel`` and ``jargon`` (third round)
give what the computations they spare give.

* ``pii-in-reply``: :func:`_free_digit` tells, without blanking, whether a digit is left
  once links and handles are blanked; ``find_pii`` with it returns what it returns with
  the plain "any digit?" test it replaced.
* ``private-channel``: :func:`_may_hold_ip_or_port` never says "no" when the pattern
  finds something, on text with digits outside ASCII as well.
* ``jargon``: the one search for units and ticket prefixes, and the units looked for
  with the links blanked, give the findings of the straightforward scan.
"""

from __future__ import annotations

import random
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint.rules import pii_in_reply
from replylint.rules._draft import blank_spans, digit_count, has_digit, url_spans
from replylint.rules.base import Finding
from replylint.rules.jargon import (
    _BILLING_UNIT,
    _LABELLED,
    _TICKET,
    _TICKET_PREFIXES,
    _UNIT_OR_TICKET,
    _billing,
    _tickets,
)
from replylint.rules.pii_in_reply import _HANDLE, _free_digit, find_pii
from replylint.rules.private_channel import _IP_OR_PORT, _may_hold_ip_or_port

_PIECES = [
    # separators: the spaces "\s" matches, and ones it does not (0x1C: ``str.split``'s)
    " ", " ", "\n", "\t", "\r\n", "\x0b", "\x0c", "\xa0", "\u3000", "\x1c", "\x1f",
    # digits, in and outside ASCII
    "1", "7", "07700 900461", "10", "٣", "١٢", "۵", "１",
    # handles, and "@" that starts none
    "@", "@ann", "@user123", "@x_9", "@" + "a" * 29 + "1", "@" + "a" * 30 + "1",
    "@@1", "a@b1", "x@1", "é@1", "support@brand.com", "a.b+c@mail.example.org",
    # links, and what looks like the start of one
    "https://", "http://", "HtTpS://1", "http://x.co/HELP", "www.", "WWW.1", "www.Example.com/7",
    "https://web.archive.org/web/20200401224734/https://support.google.com/answer/185111",
    "https://help.yahoo.com/kb/SLN2051.html", "http", "s://", "http:/", "/1", "httpſ://1", "ſ",
    "İ", "https://a\x1c1",
    # IP addresses and ports
    ".", ":", "1.", ".1", "10.10.1.1", "١.١.١.١", "x.co:8080", "x.co:٨٠", "a.b.c", "port ",
    "PORT ", "Port\xa0", "port 8080", "port ١٢", "İport 80", "?", "’", "…", ":\xa0",
    # units billed and ticket codes
    "KB", "kb", "Kb", "kB", "MB", "Mb", "mb", "number", "5 KB", "61,440 KB", "$0.001/KB",
    "/kb/", "per MB", "each Mb", "every kb", "each", "per", "INC-448213", "SR12345",
    "RITMB", "WO#77777", "ref ", "reference is ", "ticket ",
    # words
    "a", "Z", "é", "x", "Call us on", "account", "14 Elm Road",
]  # fmt: skip


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(n)]


_texts_strategy = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=25).map(
    "".join
)


# -- pii-in-reply ---------------------------------------------------------------------


def _digits_left(text: str) -> bool:
    """The slow computation: blank the links and handles, count the digits left."""
    handles = [m.span() for m in _HANDLE.finditer(text)]
    return digit_count(blank_spans(text, [*url_spans(text), *handles])) > 0


def _check_free_digit(text: str, whole: bool = True) -> None:
    # ASCII text takes the bytes path: try the text made ASCII as well.
    for variant in (text, text.encode("ascii", "ignore").decode("ascii")):
        assert _free_digit(variant) == _digits_left(variant), variant
        if whole:
            with mock.patch.object(pii_in_reply, "_free_digit", has_digit):
                before = find_pii(variant, ("brand",))
            assert find_pii(variant, ("brand",)) == before, variant


def test_free_digit_agrees_with_blanking() -> None:
    for i, text in enumerate(_texts(5000, 31)):
        _check_free_digit(text, whole=i % 8 == 0)


@given(_texts_strategy)
def test_free_digit_agrees_on_any_text(text: str) -> None:
    _check_free_digit(text)


def test_free_digit_sees_what_it_stands_for() -> None:
    assert not _free_digit("@user123 see https://web.archive.org/web/2020/x.co/185111")
    assert _free_digit("@user123 call 07700 900461")
    assert _free_digit("@" + "a" * 30 + "1")  # the 31st word character is no handle's
    assert not _free_digit("@" + "a" * 29 + "1")
    assert _free_digit("x.co/1")  # no link without "http" or "www."
    assert _free_digit("https://a\x1c1 2")
    assert not _free_digit("see:https://x.co/1\x1c2")  # 0x1C does not end a link
    assert _free_digit("٣ days") and not _free_digit("www.x.co/٣")


# -- private-channel ------------------------------------------------------------------


def _check_ip_or_port(text: str) -> None:
    for variant in (text, text.encode("ascii", "ignore").decode("ascii")):
        if not _may_hold_ip_or_port(variant):
            assert _IP_OR_PORT.search(variant) is None, variant


def test_ip_or_port_precheck_agrees_with_the_scan() -> None:
    for text in _texts(6000, 32):
        _check_ip_or_port(text)


@given(_texts_strategy)
def test_ip_or_port_precheck_agrees_on_any_text(text: str) -> None:
    _check_ip_or_port(text)


def test_ip_or_port_precheck_reads_digits_outside_ascii() -> None:
    assert _may_hold_ip_or_port("mms.example.com:٨٠٠٢ ’")
    assert _may_hold_ip_or_port("proxy ١٠.١٠.١.١ ’") and _may_hold_ip_or_port("Port ١٢ ’")
    assert not _may_hold_ip_or_port("help:\xa0https://x.co/a ’")
    assert not _may_hold_ip_or_port("v1.2 at 10: ’")


# -- jargon ---------------------------------------------------------------------------


def _scan(text: str) -> list[Finding]:
    """Units billed and ticket codes as the rule found them before its pre-checks."""
    findings: list[Finding] = []
    urls = url_spans(text)
    for found in _BILLING_UNIT.finditer(text):
        if any(a <= found.start() < b for a, b in urls):
            continue
        suggestion = "Give the amount in GB or as a price, and say what it paid for."
        findings.append(Finding(found.start(), found.end(), suggestion=suggestion))
        break
    for found in _TICKET.finditer(text):
        if not _LABELLED.search(text[max(0, found.start() - 30) : found.start()]):
            suggestion = 'Introduce it as a reference: "your reference is ...".'
            findings.append(Finding(found.start(), found.end(), suggestion=suggestion))
    return findings


def _check_jargon(text: str) -> None:
    fast = _billing(text) + _tickets(text) if _UNIT_OR_TICKET.search(text) else []
    assert fast == _scan(text), text


def test_jargon_prechecks_agree_with_the_scan() -> None:
    for text in _texts(4000, 33):
        _check_jargon(text)


@given(_texts_strategy)
def test_jargon_prechecks_agree_on_any_text(text: str) -> None:
    _check_jargon(text)


def test_jargon_prechecks_see_what_they_stand_for() -> None:
    assert _billing("Rated at $0.001/KB, see https://help.yahoo.com/kb/x")
    assert not _billing("See https://help.yahoo.com/kb/x and https://x.co/per kb")
    assert _UNIT_OR_TICKET.search("RITMB") is not None
    assert all(_UNIT_OR_TICKET.search(f"{p}-12345") for p in _TICKET_PREFIXES)
    assert _tickets("I've logged INC-448213.") and not _tickets("Your reference is INC-448213.")
