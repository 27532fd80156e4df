"""Regular expressions compiled on first use.

Compiling the rules' hundred-odd patterns with ``regex`` costs more CPU than the rest
of ``import replylint``; a command that checks one template uses a fraction of them.
:func:`lazy_regex` returns an object that behaves like the compiled pattern and
compiles on its first use. After that, its methods are plain attributes of the object,
so a call costs what a call on the compiled pattern costs.
"""

from __future__ import annotations

import re
from typing import Any, cast

import regex

__all__ = ["lazy_re", "lazy_regex"]

_FORWARDED = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    def __init__(self, compile: Any, pattern: str, flags: int) -> None:
        self._compile = compile
        self._pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not yet on the object: compile, then keep the
        # compiled pattern's methods as attributes so later lookups skip this method.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self._compile(self._pattern, self._flags)
        for attr in _FORWARDED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._pattern!r})"


def lazy_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("regex.Pattern[str]", _LazyPattern(regex.compile, pattern, flags))


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(re.compile, pattern, flags))
