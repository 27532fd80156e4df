"""House rules from the configuration: regular expressions a draft must not contain.

Each ``[tool.replylint.patterns.SLUG]`` entry becomes a rule like the built-in ones
(it can be selected, ignored, given a severity). Patterns are compiled with the
``regex`` module when the linter is built — a bad pattern is a :class:`ConfigError`
naming the key — and every search runs with a time limit: a pattern such as
``(a+)+$`` that backtracks catastrophically on a long draft raises
:class:`PatternTimeoutError` instead of hanging.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import regex

from .config import PatternConfig
from .errors import ConfigError
from .models import Severity
from .rules.base import DraftContext, Finding, Rule, RuleDocs

__all__ = ["SEARCH_TIMEOUT", "PatternRule", "PatternTimeoutError", "pattern_rules"]

SEARCH_TIMEOUT = 0.25
"""Seconds one pattern may spend on one draft."""


class PatternTimeoutError(ConfigError):
    """A configured pattern took longer than :data:`SEARCH_TIMEOUT` on a draft."""


class PatternRule(Rule):
    """Base of the rules made from ``Config.patterns``."""

    compiled: ClassVar[Any]
    public_only: ClassVar[bool] = False

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        if self.public_only and not ctx.public:
            return []
        try:
            found = [m.span() for m in self.compiled.finditer(ctx.text, timeout=SEARCH_TIMEOUT)]
        except TimeoutError:
            raise PatternTimeoutError(
                f"patterns.{self.slug}: the pattern took more than {SEARCH_TIMEOUT}s on a "
                f"{len(ctx.text):,}-character draft (catastrophic backtracking?); simplify it"
            ) from None
        return [Finding(a, b) for a, b in found if b > a and not _in_placeholder(ctx, a, b)]


def _in_placeholder(ctx: DraftContext, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ctx.placeholders)


def pattern_rules(patterns: dict[str, PatternConfig]) -> list[type[PatternRule]]:
    """One rule class per configured pattern; invalid patterns raise ConfigError."""
    rules: list[type[PatternRule]] = []
    for slug, cfg in patterns.items():
        flags = regex.IGNORECASE if cfg.ignore_case else 0
        try:
            compiled = regex.compile(cfg.pattern, flags | regex.VERSION1)
        except regex.error as exc:
            raise ConfigError(
                f"patterns.{slug}.pattern: invalid regular expression: {exc}"
            ) from None
        if compiled.search("") is not None:
            raise ConfigError(f"patterns.{slug}.pattern: matches the empty string")
        attrs: dict[str, Any] = {
            "slug": slug,
            "severity": Severity(cfg.severity),
            "message": cfg.message,
            "suggestion": cfg.suggestion,
            "compiled": compiled,
            "public_only": cfg.public_only,
            "docs": RuleDocs(
                what=f"House rule: flags text matching {cfg.pattern!r}.",
                why=cfg.message,
                seeds=(),
                instead=cfg.suggestion or "",
                guidance=cfg.message,
            ),
        }
        rules.append(type(f"PatternRule_{slug}", (PatternRule,), attrs))
    return rules
