"""Linting a batch in several processes, with results identical to one process.

Each worker lints a contiguous chunk with the per-draft rules and returns what the
batch rules collected; the parent runs the batch rules over everything, in order.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config
    from .engine import Linter
    from .models import Conversation, Report

__all__ = ["lint_parallel"]

_worker: Linter | None = None


def _init(config: Config) -> None:
    global _worker
    from .engine import Linter

    _worker = Linter(config)


def _work(
    chunk: Sequence[Conversation], batch_size: int
) -> tuple[list[Report], list[str], list[list[Any]]]:
    assert _worker is not None
    return _worker._run(chunk, batch=True, batch_size=batch_size)


def lint_parallel(
    linter: Linter, convs: Sequence[Conversation], *, n_process: int, batch_size: int
) -> list[Report]:
    """``linter.lint_many`` over ``n_process`` worker processes."""
    size = -(-len(convs) // n_process)
    chunks = [convs[i : i + size] for i in range(0, len(convs), size)]
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    reports: list[Report] = []
    texts: list[str] = []
    collected: list[list[Any]] = [[] for _ in linter._batch_rules()]
    with ProcessPoolExecutor(
        max_workers=n_process, mp_context=ctx, initializer=_init, initargs=(linter.config,)
    ) as pool:
        for part_reports, part_texts, part_collected in pool.map(
            _work, chunks, [batch_size] * len(chunks)
        ):
            reports.extend(part_reports)
            texts.extend(part_texts)
            for mine, theirs in zip(collected, part_collected):
                mine.extend(theirs)
    return linter._finish(reports, texts, collected)
