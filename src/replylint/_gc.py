"""Pausing Python's cyclic garbage collector while a batch is linted.

Linting a draft makes short-lived objects (a spaCy ``Doc``, its hits, a report) that
reference counting frees; it makes hardly any reference cycles for the collector to
find (a few per thousand drafts, freed by the next collection after the batch).
Yet every few hundred of those allocations the collector runs, and now and then it
walks the whole heap, the caller's conversations included: on a batch of 20,000
drafts that is ~15 % of the time. :func:`collection_paused` switches automatic
collection off for the length of a batch and back on after, so the caller's heap is
walked when the caller allocates, not on every batch.

Several threads may lint batches at once: the first to pause records whether the
collector was on, the last to finish restores that.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]

_lock = threading.Lock()
_pauses = 0
"""Batches running now."""
_resume = False
"""Whether the collector was on when the first of them started."""


def _after_fork_in_child() -> None:
    """A worker forked mid-batch starts with a fresh lock (another thread of the
    parent may have held this one at the fork)."""
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic garbage collection off inside the block (unless it is off already),
    restored when the last block running in any thread ends."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
