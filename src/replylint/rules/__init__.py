"""The rule catalog. One module per rule, named after its slug (``you-people`` →
``you_people.py``)."""

from __future__ import annotations

import importlib
import pkgutil
import threading

from .base import BatchRule, DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import REGISTRY, get_rule, register

__all__ = [
    "CATALOG",
    "REGISTRY",
    "BatchRule",
    "DraftContext",
    "Example",
    "Finding",
    "Need",
    "Rule",
    "RuleDocs",
    "all_rules",
    "get_rule",
    "load_all",
    "register",
]

# Catalog order: the order of SPEC §4. Each slug's module is ``rules/<slug_with_underscores>.py``.
CATALOG: tuple[str, ...] = (
    "you-people",
    "condescending-language",
    "blames-customer",
    "profanity",
    "shouting",
    "threatening-language",
    "canned-greeting",
    "unsolicited-reply",
    "emoji-on-complaint",
    "unanswered-question",
    "vague-reply",
    "repeated-request",
    "duplicate-reply",
    "upsell-to-complainer",
    "ignored-sales-inquiry",
    "marketing-flood",
    "private-channel",
    "public-sensitive-request",
    "pii-in-reply",
    "too-long",
    "no-acknowledgement",
    "deflects-responsibility",
    "jargon",
    "generic-salutation",
    "slow-response",
    "office-hours-deferral",
)

_loaded = False
_lock = threading.Lock()


def _rule_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and info.name not in {"base", "registry"}
    )


def load_all() -> None:
    """Import every rule module once, filling :data:`REGISTRY` in catalog order."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        for name in _rule_modules():
            importlib.import_module(f"{__name__}.{name}")
        order = {slug: i for i, slug in enumerate(CATALOG)}
        ordered = sorted(REGISTRY.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        REGISTRY.clear()
        REGISTRY.update(ordered)
        _loaded = True


def all_rules() -> list[type[Rule]]:
    """Every rule class, in catalog order."""
    load_all()
    return list(REGISTRY.values())
