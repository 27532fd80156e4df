"""Template placeholders: ``{{first_name}}``, ``{{ticket.id}}``, ``{name}``, ``%NAME%``,
``[Customer Name]``.

A placeholder stands for text filled in when the reply is sent. It is parsed as one
token whose ``NORM`` is :data:`PLACEHOLDER_NORM`, so no word list ever matches inside
it, and spans keep pointing at the original characters.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDER_NORM", "find_placeholders"]

PLACEHOLDER_NORM = "<placeholder>"

_PLACEHOLDER = re.compile(
    r"""
      \{\{\s*[^{}\n]{1,80}?\s*\}\}                      # {{first_name}}, {{ ticket.id }}
    | \$?\{[A-Za-z_][\w.\-]{0,60}\}                      # {name}, ${name}
    | %[A-Za-z_][A-Za-z0-9_.]{0,60}%                     # %NAME%
    | \[[A-Z][A-Za-z0-9_]*(?:[ _.\-][A-Za-z0-9_]+){0,4}\]  # [Customer Name]
    """,
    re.VERBOSE,
)


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Start/end offsets of every placeholder in ``text``, left to right."""
    if "{" not in text and "%" not in text and "[" not in text:
        return []
    return [m.span() for m in _PLACEHOLDER.finditer(text)]
