"""Linting a batch in several processes, with results identical to one process.

Each worker lints a contiguous chunk with the per-draft rules and returns what the
batch rules collected; the parent runs the batch rules over everything, in order.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from ._gc import collection_paused

if TYPE_CHECKING:
    from .config import Config
    from .engine import Linter
    from .models import Conversation, Report

__all__ = ["lint_parallel"]

_worker: Linter | None = None
_batch: Sequence[Conversation] = ()
"""With ``fork``, the parent's linter and conversations, inherited by the workers:
nothing is rebuilt and only index ranges and reports cross process boundaries."""
_fork_lock = threading.Lock()
"""Two threads of one process may call ``lint_many(n_process=N)`` at once: each sets
the globals above for its own workers, so they take turns."""


def _init(config: Config) -> None:
    global _worker
    from .engine import Linter

    _worker = Linter(config)


def _work(
    chunk: Sequence[Conversation], batch_size: int
) -> tuple[list[Report], list[str], list[list[Any]]]:
    assert _worker is not None
    with collection_paused():
        return _worker._run(chunk, batch=True, batch_size=batch_size)


def _work_range(
    start: int, end: int, batch_size: int
) -> tuple[list[Report], list[str], list[list[Any]]]:
    assert _worker is not None
    with collection_paused():
        return _worker._run(_batch[start:end], batch=True, batch_size=batch_size)


def lint_parallel(
    linter: Linter, convs: Sequence[Conversation], *, n_process: int, batch_size: int
) -> list[Report]:
    """``linter.lint_many`` over ``n_process`` worker processes."""
    global _worker, _batch
    reports: list[Report] = []
    texts: list[str] = []
    collected: list[list[Any]] = [[] for _ in linter._batch_rules()]
    if sys.platform.startswith("linux"):
        # Build everything once here; forked workers share it copy-on-write.
        linter.warm_up()
        size = -(-len(convs) // (4 * n_process))
        starts = list(range(0, len(convs), size))
        ends = [min(len(convs), s + size) for s in starts]
        with _fork_lock:
            _worker, _batch = linter, convs
            try:
                with ProcessPoolExecutor(
                    max_workers=n_process, mp_context=multiprocessing.get_context("fork")
                ) as pool:
                    parts = list(
                        pool.map(_work_range, starts, ends, [batch_size] * len(starts))
                    )
            finally:
                _worker, _batch = None, ()
    else:
        size = -(-len(convs) // n_process)
        chunks = [convs[i : i + size] for i in range(0, len(convs), size)]
        with ProcessPoolExecutor(
            max_workers=n_process,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init,
            initargs=(linter.config,),
        ) as pool:
            parts = list(pool.map(_work, chunks, [batch_size] * len(chunks)))
    for part_reports, part_texts, part_collected in parts:
        reports.extend(part_reports)
        texts.extend(part_texts)
        for mine, theirs in zip(collected, part_collected):
            mine.extend(theirs)
    return linter._finish(reports, texts, collected)
