"""Patterns compiled on first use behave like compiled ones."""

from __future__ import annotations

import re

import regex

from replylint._lazy import lazy_re, lazy_regex


def test_lazy_regex_behaves_like_the_compiled_pattern() -> None:
    lazy = lazy_regex(r"\p{Lu}{2,}", regex.IGNORECASE)
    eager = regex.compile(r"\p{Lu}{2,}", regex.IGNORECASE)
    text = "Call the NOC or the SOC, then ok."
    assert "search" not in vars(lazy)  # nothing compiled yet
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert "search" in vars(lazy)  # compiled once; methods are now plain attributes
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.pattern == eager.pattern and lazy.flags == eager.flags


def test_lazy_re_behaves_like_the_compiled_pattern() -> None:
    lazy = lazy_re(r"(?P<num>\d+)")
    assert lazy.findall("a 12 b 3") == ["12", "3"]
    assert lazy.groupindex == {"num": 1}
    assert lazy.split("a1b") == re.split(r"(?P<num>\d+)", "a1b")
