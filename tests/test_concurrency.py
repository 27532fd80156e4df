"""Concurrent use: one Linter shared by threads, and lint_many over worker processes,
give exactly the results of plain sequential use."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import replylint
from replylint import Linter, Report
from replylint.cli import main

from . import _hypothesis_profiles  # noqa: F401 - same settings as the other robustness tests

THREADS = 8

_CUSTOMER = [
    "@TelcoCare my internet has been down since Monday, third call today",
    "@TelcoCare how much is the unlimited plan? I want to switch to you",
    "@TelcoCare done with you, cancelling tomorrow!!! WORST SERVICE EVER",
    "lol @bob did you see the game last night",
    "@TelcoCare my order 12345 never arrived, email is ann@example.com",
    "@TelcoCare why is my bill £35 more this month?",
    "@TelcoCare thanks, all working now 😊",
]
_DRAFTS = [
    "How may I help you today?",
    "You people never read the FAQ. Obviously you should restart the router.",
    "Sorry about that! We've reset your line; it should be back within 2 hours. DM us if not.",
    "Check out our new FiberMax bundle, 50% off this week only! https://x.co/a",
    "Please post your account number and PIN here so we can check.",
    "Our office is closed, call us in the morning.",
    "Dear customer, we are looking into it.",
    "That's not our department, contact the manufacturer.",
    "Hi Ann, your APN needs provisioning by tier-2. Ticket INC-99812.",
    "YOU NEED TO CALL US!!!",
    "Sorry to hear that, can you send us your order number?",
    "Thanks for letting us know ☺",
]


def conversations(n: int) -> list[dict[str, Any]]:
    """``n`` varied conversations; drafts repeat across customers so that the batch rules
    (duplicate-reply, marketing-flood) have something to find."""
    channels = ["twitter", "facebook", "sms", "chat", "email", "dm"]
    out = []
    for i in range(n):
        messages = [
            {
                "role": "customer",
                "author": f"@cust{i % 97}",
                "text": _CUSTOMER[(i + k) % len(_CUSTOMER)],
                "timestamp": f"2026-11-02T09:{(i + k) % 60:02d}:00Z",
            }
            for k in range(i % 3)
        ]
        if i % 5 == 0:
            messages.append({"role": "agent", "text": "Can you DM us?", "author": "@TelcoCare"})
        conv: dict[str, Any] = {
            "id": f"case-{i}",
            "channel": channels[i % len(channels)],
            "brand": "@TelcoCare",
            "messages": messages,
            "draft": {
                "text": _DRAFTS[i % len(_DRAFTS)] + ("" if i % 4 else f" Ref {i}."),
                "author": f"agent-{i % 7}",
                "timestamp": f"2026-11-02T{10 + i % 12:02d}:00:00Z",
            },
        }
        if i % 11 == 0:
            conv["facts"] = {"complaint": bool(i % 2)}
        if i % 4 == 3:  # a brand that mostly markets: marketing-flood
            conv["brand"] = "@PromoCo"
            conv["draft"]["text"] = f"Get 50% off FiberMax this week only, {i} deals! Shop now"
        out.append(conv)
    return out


def dump(reports: list[Report]) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in reports]


@pytest.fixture(scope="module")
def sequential() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Conversations and their reports, linted one by one by a linter of their own."""
    convs = conversations(240)
    linter = Linter()
    return convs, dump([linter.lint(c) for c in convs])


def _race(fn: Callable[[int], Any], n: int = THREADS) -> list[Any]:
    """Run ``fn(i)`` for ``i`` in ``range(n)`` in ``n`` threads released together."""
    barrier = threading.Barrier(n)

    def start(i: int) -> Any:
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(start, range(n)))


def test_threads_share_one_linter(
    sequential: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    """A fresh linter (pipeline, phrase banks and complaint model not yet built) shared
    by 8 threads, each linting its own slice several times, in different orders."""
    convs, expected = sequential
    shared = Linter()

    def work(t: int) -> dict[int, list[dict[str, Any]]]:
        mine = list(range(t, len(convs), THREADS))
        seen: dict[int, list[dict[str, Any]]] = {}
        for round_ in range(3):
            order = mine if round_ % 2 == 0 else mine[::-1]
            for i in order:
                report = shared.lint(convs[i]).model_dump(mode="json")
                seen.setdefault(i, []).append(report)
        return seen

    results: dict[int, list[dict[str, Any]]] = {}
    for part in _race(work):
        results.update(part)
    assert sorted(results) == list(range(len(convs)))
    for i, reports in results.items():
        for report in reports:
            assert report == expected[i], convs[i]


def test_threads_share_lint_many_and_analyze(
    sequential: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    convs, _ = sequential
    reference = Linter()
    chunks = [convs[i::THREADS] for i in range(THREADS)]
    expected_many = [dump(reference.lint_many(chunk)) for chunk in chunks]
    expected_facts = [[reference.analyze(c).model_dump() for c in chunk] for chunk in chunks]
    shared = Linter()

    def work(t: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        many = dump(shared.lint_many(chunks[t], batch_size=7))
        facts = [shared.analyze(c).model_dump() for c in chunks[t]]
        return many, facts

    for t, (many, facts) in enumerate(_race(work)):
        assert many == expected_many[t]
        assert facts == expected_facts[t]


def test_module_level_lint_from_threads() -> None:
    """``replylint.lint`` builds its default linter on first use; racing threads must
    all get a working one."""
    replylint._default = None  # as if nothing had linted yet in this process
    drafts = [_DRAFTS[i % len(_DRAFTS)] for i in range(THREADS)]
    reports = _race(lambda i: replylint.lint(drafts[i]))
    fresh = Linter()
    assert dump(reports) == dump([fresh.lint(d) for d in drafts])


def test_lint_many_in_two_processes_equals_one() -> None:
    """More conversations than ``batch_size`` (256), so the parallel path is taken;
    batch rules see the whole batch either way."""
    convs = conversations(600)
    linter = Linter()
    one = dump(linter.lint_many(convs))
    two = dump(linter.lint_many(convs, n_process=2))
    assert two == one
    assert {v["rule"] for r in one for v in r["violations"]} >= {
        "duplicate-reply",
        "marketing-flood",
    }
    # a small batch size with an uneven split takes the same path
    three = dump(linter.lint_many(convs[:101], n_process=3, batch_size=16))
    assert three == dump(linter.lint_many(convs[:101]))


def test_two_threads_each_lint_many_in_processes() -> None:
    """Forked workers read the batch from a module global: two threads doing this at
    once must each get their own conversations back."""
    linter = Linter()
    first, second = conversations(300), conversations(400)[::-1]
    want = [dump(linter.lint_many(first)), dump(linter.lint_many(second))]
    batches = [first, second]
    got = _race(lambda i: linter.lint_many(batches[i % 2], n_process=2), n=4)
    assert [dump(r) for r in got] == [want[i % 2] for i in range(4)]


def test_check_with_jobs_equals_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(json.dumps(c) for c in conversations(300)) + "\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        code = main(["check", "--isolated", "--format", "json", "--jobs", jobs, str(log)])
        out, err = capsys.readouterr()
        outputs.append((code, json.loads(out), err))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1
