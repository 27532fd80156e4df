"""The rule catalog: slug → rule class."""

from __future__ import annotations

from typing import TypeVar

from ..errors import UnknownRuleError
from .base import Rule

__all__ = ["REGISTRY", "get_rule", "register"]

REGISTRY: dict[str, type[Rule]] = {}

R = TypeVar("R", bound=type[Rule])


def register(cls: R) -> R:
    """Class decorator adding a rule to the catalog (slugs are unique)."""
    slug = cls.slug
    if slug in REGISTRY and REGISTRY[slug] is not cls:
        raise ValueError(f"two rules share the slug {slug!r}")
    REGISTRY[slug] = cls
    return cls


def get_rule(slug: str) -> type[Rule]:
    """The rule class for ``slug``; unknown slugs raise with close matches."""
    from . import load_all

    load_all()
    try:
        return REGISTRY[slug]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(slug, REGISTRY, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownRuleError(f"unknown rule {slug!r}{hint}") from None
