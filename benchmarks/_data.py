"""Shared loading for the benchmarks: the real replies of ../shared/data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REPLIES = SHARED / "data" / "twitter-care-dev.jsonl"


def load_replies() -> list[dict[str, Any]]:
    """The 525 real conversations, each ending with the agent's reply as ``draft``."""
    if not REPLIES.exists():
        sys.exit(f"not found: {REPLIES} (benchmarks read ../shared/data/)")
    return [json.loads(line) for line in REPLIES.read_text(encoding="utf-8").splitlines() if line]


def repeated(convs: list[dict[str, Any]], at_least: int) -> list[dict[str, Any]]:
    """``convs`` repeated until there are ``at_least``, each copy with its own id."""
    out: list[dict[str, Any]] = []
    copy = 0
    while len(out) < at_least:
        out.extend({**c, "id": f"{c['id']}#{copy}"} for c in convs)
        copy += 1
    return out
