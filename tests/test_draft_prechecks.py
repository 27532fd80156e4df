"""The exact pre-checks and fast paths of the draft rules agree with the patterns they
spare: a pre-check may say "maybe" wrongly, never "no" wrongly, and a fast path finds
what the pattern finds."""

from __future__ import annotations

import random

import pytest

from replylint.lengths import _SCHEME_URL, _url_to_end, _urls
from replylint.rules._draft import blank_spans as _blank
from replylint.rules.private_channel import _IP_OR_PORT, _may_hold_ip_or_port
from replylint.rules.shouting import _CAPITALS_CHUNK, _capitals_chunks

_PIECES = [
    "10.10.1.1",
    "x.com:8080",
    "PORT 8080",
    "Port 22",
    "support",
    "passport 12345",
    "port x",
    "a:1",
    ":",
    "1.",
    ".1",
    "١.١.١.١",
    "x.co:٨٠",
    "port ١٢",
    "İport 80",
    "DM",
    "^JR",
    "*SR",
    "ID.^AS",
    "WI-FI",
    "DON'T",
    "NEVER EVER",
    "Wi-Fi",
    "iOS",
    "AT&amp;T",
    "https://web.archive.org/web/2020/https://Example.com/HT208108",
    "www.Example.com",
    "HTTP://x.co",
    "http://",
    "www.",
    "www..",
    "https://a<b",
    "(www.a.co)",
    "example.co.uk/help",
    "help.",
    "etc.)",
    "\x1c",
    "\t",
    "\r\n",
    "\xa0",
    "ÀÉ",
    "ß",
    "é",
    "07700 900461",
    "@TeamYouTube",
    " ",
    " ",
    "a",
    "Z",
    "1",
    "!",
]


def _texts(n: int = 3000) -> list[str]:
    rng = random.Random(11)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_ip_or_port_precheck_never_misses() -> None:
    for text in _texts():
        if _IP_OR_PORT.search(text):
            assert _may_hold_ip_or_port(text), text


def test_capitals_chunks_match_the_pattern() -> None:
    for text in _texts():
        expected = [(m.start(), m.group()) for m in _CAPITALS_CHUNK.finditer(text)]
        assert list(_capitals_chunks(text)) == expected, text


def test_url_fast_path_matches_the_search() -> None:
    for text in _texts():
        for word in text.split():
            if _url_to_end(word):
                m = _SCHEME_URL.search(word)
                assert m is not None and m.span() == (0, len(word)), word


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("https://x.co @ann 07700", [(0, 12), (13, 17)]),
        ("https://medium.com/@ann x", [(0, 23), (19, 23)]),
        ("abcdef", [(1, 4), (2, 3), (3, 5)]),
        ("abc", [(1, 1)]),
    ],
)
def test_blank_handles_overlapping_spans(text: str, spans: list[tuple[int, int]]) -> None:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    assert _blank(text, spans) == "".join(chars)


def test_urls_of_scheme_words() -> None:
    text = "See https://example.com/help. and www.Example.com, or HTTP://x.co!"
    assert [text[a:b] for a, b in _urls(text)] == [
        "https://example.com/help",
        "www.Example.com",
        "HTTP://x.co",
    ]
