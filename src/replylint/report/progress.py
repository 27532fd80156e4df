"""A small progress bar for stderr, drawn only when stderr is a terminal.

Nothing is written when the stream is not a TTY (pipes, CI logs, tests), so reports
and their logs stay byte-identical.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """``with Progress("checking", total=n) as bar: bar.advance()``.

    Redraws at most ten times a second; ``total=None`` shows a count instead of a bar.
    """

    WIDTH = 28

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.done = 0
        self._started = time.monotonic()
        self._drawn = 0.0

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def _line(self) -> str:
        elapsed = time.monotonic() - self._started
        if self.total:
            frac = min(1.0, self.done / self.total)
            filled = int(self.WIDTH * frac)
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            return f"{self.label} {bar} {self.done:,}/{self.total:,} {frac:4.0%} {elapsed:5.1f}s"
        return f"{self.label} {self.done:,} {elapsed:5.1f}s"

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._drawn < 0.1 and self.done != self.total:
            return
        self._drawn = now
        self.stream.write("\r\x1b[2K" + self._line())
        self.stream.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        self._draw(force=True)
        self.stream.write("\n")
        self.stream.flush()
        self.enabled = False
