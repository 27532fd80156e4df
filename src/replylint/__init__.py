"""replylint — lint customer-care reply drafts before they are sent.

>>> import replylint
>>> replylint.lint("You people need to fill the web form first.").rules
['you-people']
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .config import ChannelConfig, Config
from .errors import ConfigError, InputError, InputTooLargeError, ReplylintError, UnknownRuleError
from .models import (
    Conversation,
    Draft,
    Facts,
    Fix,
    Message,
    Report,
    Severity,
    Span,
    Violation,
)

if TYPE_CHECKING:
    from .engine import ConversationLike, Linter

__version__ = "0.1.0"

__all__ = [
    "ChannelConfig",
    "Config",
    "ConfigError",
    "Conversation",
    "Draft",
    "Facts",
    "Fix",
    "InputError",
    "InputTooLargeError",
    "Linter",
    "Message",
    "ReplylintError",
    "Report",
    "Severity",
    "Span",
    "UnknownRuleError",
    "Violation",
    "__version__",
    "analyze",
    "lint",
]

_default: Linter | None = None
_default_lock = threading.Lock()


def _default_linter() -> Linter:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from .engine import Linter

                _default = Linter()
    return _default


def lint(
    draft: str | Draft | ConversationLike,
    conversation: ConversationLike | None = None,
    *,
    config: Config | dict[str, Any] | None = None,
) -> Report:
    """Check one draft with the default rules (or ``config``).

    Reuse a :class:`Linter` when checking many drafts: it builds its pipeline once.
    """
    linter = _default_linter() if config is None else _make_linter(config)
    return linter.lint(draft, conversation)


def analyze(conversation: str | ConversationLike, *, brand: str | None = None) -> Facts:
    """Facts about the customer's state: complaint, question, sales inquiry, churn..."""
    return _default_linter().analyze(conversation, brand=brand)


def _make_linter(config: Config | dict[str, Any]) -> Linter:
    from .engine import Linter

    return Linter(config)


def __getattr__(name: str) -> Any:
    if name == "Linter":
        from .engine import Linter

        return Linter
    raise AttributeError(f"module 'replylint' has no attribute {name!r}")
