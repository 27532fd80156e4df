"""private-channel's IP/port pre-check against the scan it guards, on ASCII text (where
it reads the bytes) and on any text."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from replylint.rules.private_channel import _IP_OR_PORT, _may_hold_ip_or_port

_PIECES = [
    " ", " ", "\n", "\t", "\xa0", "\u3000", ".", "..", ",", ":", ":8", "!", "?", "-", "#",
    "/", "%", "$", "£", "€", "1", "7", "٣", "12345", "0.5", "10.10.1.1", "1.2.3", "a",
    "Z", "é", "İ", "K", "\u212a", "ſ", "k", "b", "B", "M", "m", "KB", "kB", "Mb", "mB",
    "GB", "61,440 KB", "per MB", "/kb", "INC", "INC-", "PRB#", "WO", "SR", "CHG", "RITM",
    "REQ448213", "INC-448213", "HT201269", "port", "PORT ", "port 8080", "Port ", "example.com",
    ":8002", "https://", "http://", "HTTPS://", "https:// x", "www.", "www.shop.example.com",
    "https://support.example.com/a", "https://x.co/HELP", "https://shop.example.com/p?id=3",
    "https://web.archive.org/web/2020/https://help.x.com", "http://amzn.to/Orders",
    "https://status.x.io", "https://x.com/faq", "£12/month", "$45 per month", "5 USD a day",
    "euros", "DM us", "Hi", "order", "Settings > Wi-Fi",
]  # fmt: skip


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14))) for _ in range(n)]


_texts_strategy = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=30).map("".join)


def _check(text: str) -> None:
    for variant in (text, text.encode("ascii", "ignore").decode("ascii")):
        if not _may_hold_ip_or_port(variant):
            assert _IP_OR_PORT.search(variant) is None, variant


def test_ip_or_port_precheck_agrees_with_the_scan() -> None:
    for text in _texts(5000, 12):
        _check(text)


@given(_texts_strategy)
def test_ip_or_port_precheck_agrees_on_any_text(text: str) -> None:
    _check(text)


def test_ip_or_port_precheck_sees_what_it_stands_for() -> None:
    assert _may_hold_ip_or_port("proxy 10.10.1.1") and _may_hold_ip_or_port("Port 8080")
    assert _may_hold_ip_or_port("mms.example.com:8002")
    assert not _may_hold_ip_or_port("v1.2 at 10:")
