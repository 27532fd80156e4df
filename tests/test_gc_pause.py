"""``lint_many`` pauses automatic garbage collection for its batch and restores it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator

import pytest

from replylint import InputError, Linter
from replylint._gc import collection_paused
from replylint.rules import DraftContext, Finding


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _spy(linter: Linter) -> list[bool]:
    """The collector's state each time a rule that reads every draft checks one."""
    seen: list[bool] = []
    rule = next(r for r in linter.rules if not r.triggers and not r.is_batch)
    check = rule.check

    def spying(ctx: DraftContext) -> Iterable[Finding]:
        seen.append(gc.isenabled())
        return check(ctx)

    rule.check = spying  # type: ignore[method-assign]
    return seen


def test_lint_many_pauses_and_restores(collector_on: None) -> None:
    linter = Linter()
    seen = _spy(linter)
    linter.lint_many([{"draft": {"text": f"Reply {i}"}} for i in range(3)])
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_single_lint_leaves_the_collector_alone(collector_on: None) -> None:
    linter = Linter()
    seen = _spy(linter)
    linter.lint("Thanks, Sam!")
    assert seen == [True]


def test_restored_when_the_batch_fails(collector_on: None) -> None:
    with pytest.raises(InputError):
        Linter().lint_many([{"draft": {"text": "fine"}}, {"messages": []}])
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        Linter().lint_many([{"draft": {"text": "Thanks!"}}])
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_overlapping_batches_in_threads_restore_once_all_end(collector_on: None) -> None:
    first_in, second_done = threading.Event(), threading.Event()
    states: list[bool] = []

    def first() -> None:
        with collection_paused():
            first_in.set()
            second_done.wait(5)
            states.append(gc.isenabled())  # the other batch ended: still paused

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collection_paused():
        states.append(gc.isenabled())
    second_done.set()
    thread.join(5)
    assert states == [False, False]
    assert gc.isenabled()
