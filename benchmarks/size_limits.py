"""Time to lint huge inputs, to show the work grows linearly with the input.

python benchmarks/size_limits.py [--quick] [--max-chars 1000000] [--max-messages 100000]

For each shape of hostile input (plain prose, one giant word, emoji, stacked "!!!",
ALL CAPS, digits, URLs, line breaks) the draft is linted at four sizes, each twice the
last, and so is a conversation with more and more messages. The ``x2`` column is the
ratio of each time to the one before it: about 2 means linear, about 4 quadratic.
The size limits (``max-draft-chars``, ``max-messages``) are raised for the run; by
default a draft over 100,000 characters or a conversation over 10,000 messages is
refused with ``input-too-large`` before any work is done.

The last table times one phrase-list hazard: a user phrase made of many optional
words (``a? a? ... a``) against a draft of ``a a a ...``, until the configuration
refuses the phrase.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from replylint import Config, ConfigError, Linter

PROSE = (
    "Hi Ann, so sorry your internet has been down since Monday. I have reset the line "
    "from our side; please restart the router and DM us your account number if it is "
    "still down tonight. "
)
SHAPES: dict[str, Callable[[int], str]] = {
    "prose": lambda n: (PROSE * (n // len(PROSE) + 1))[:n],
    "one word": lambda n: "a" * n,
    "emoji": lambda n: ("😊👩‍👩‍👧 " * n)[:n],
    "!!!": lambda n: "!" * n,
    "ALL CAPS": lambda n: ("WHY IS THIS NOT FIXED " * n)[:n],
    "digits": lambda n: ("call 0800 123 4567 or 4111 1111 1111 1111 " * n)[:n],
    "urls": lambda n: ("https://example.com/a?b=1 " * n)[:n],
    "newlines": lambda n: ("ok\n" * n)[:n],
    "no spaces": lambda n: ("you-people/DM-us!" * n)[:n],
}


class Timeout(BaseException):
    """Not an Exception, so no ``except Exception`` in the linter swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Timeout` in the main thread after ``seconds``."""

    def alarm(signum: int, frame: Any) -> None:
        raise Timeout

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def timed(fn: Callable[[], object], limit: float) -> float | None:
    t0 = time.perf_counter()
    try:
        with time_limit(limit):
            fn()
    except Timeout:
        return None
    return time.perf_counter() - t0


def row(label: str, sizes: list[int], times: list[float | None], unit: str) -> None:
    cells = []
    prev: float | None = None
    for size, t in zip(sizes, times):
        if t is None:
            cells.append(f"{size:>9,} {unit}: timed out")
            prev = None
            continue
        ratio = f" x2={t / prev:4.1f}" if prev else " " * 7
        cells.append(f"{size:>9,} {unit}: {t:7.3f} s{ratio}")
        prev = t
    print(f"{label:<12}" + " | ".join(cells))
    sys.stdout.flush()


def conversation(n: int) -> dict[str, Any]:
    messages = []
    for i in range(n):
        if i % 3 == 2:
            messages.append({"role": "agent", "text": "Sorry to hear that, can you DM us?"})
        else:
            messages.append(
                {
                    "role": "customer",
                    "text": f"@TelcoCare still no signal, day {i}, order 12345, why?!",
                }
            )
    return {"channel": "twitter", "brand": "@TelcoCare", "messages": messages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-chars", type=int, default=1_000_000)
    parser.add_argument("--max-messages", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="sizes / 8, for a smoke run")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per case")
    args = parser.parse_args()
    top_chars = args.max_chars // (8 if args.quick else 1)
    top_messages = args.max_messages // (8 if args.quick else 1)
    linter = Linter(Config(max_draft_chars=top_chars * 2, max_messages=top_messages * 2))
    t0 = time.perf_counter()
    linter.lint("warm up: build the pipeline")
    print(f"warm-up (pipeline, phrase banks): {time.perf_counter() - t0:.2f} s")

    sizes = [top_chars // 8, top_chars // 4, top_chars // 2, top_chars]
    print("\nDraft alone, by shape (channel twitter):")
    for name, make in SHAPES.items():
        drafts = [make(n) for n in sizes]
        times = [timed(lambda t=t: linter.lint(t), args.limit) for t in drafts]
        row(name, sizes, times, "chars")

    print("\nDraft with the conversation it answers (email, 20 messages):")
    context = {**conversation(20), "channel": "email"}
    t0 = time.perf_counter()
    linter.lint("warm up", context)
    print(f"warm-up (message analysis, complaint model): {time.perf_counter() - t0:.2f} s")
    times = [timed(lambda n=n: linter.lint(SHAPES["prose"](n), context), args.limit) for n in sizes]
    row("prose", sizes, times, "chars")

    counts = [top_messages // 8, top_messages // 4, top_messages // 2, top_messages]
    print("\nConversation, by number of messages (draft: one reply):")
    convs = {n: conversation(n) for n in counts}
    times = [
        timed(lambda n=n: linter.lint("Sorry about that, we are on it.", convs[n]), args.limit)
        for n in counts
    ]
    row("messages", counts, times, "msgs")
    times = [timed(lambda n=n: linter.analyze(convs[n]), args.limit) for n in counts]
    row("analyze", counts, times, "msgs")

    print("\nLimits at their defaults refuse before working:")
    default = Linter()
    for label, call in [
        ("draft", lambda: default.lint("a" * (top_chars + 1))),
        ("messages", lambda: default.lint("ok", convs[counts[-1]])),
    ]:
        t0 = time.perf_counter()
        try:
            call()
            outcome = "accepted"
        except Exception as exc:
            outcome = str(exc).split(": ", 1)[-1][:70]
        print(f"{label:<12}{time.perf_counter() - t0:7.3f} s  {outcome}")

    print("\nUser phrase 'a? a? ... a' (k optional words) on a draft of 200 'a' tokens:")
    for k in (6, 8, 10, 12, 14, 16):
        phrase = " ".join(["a?"] * k + ["a"])
        try:
            user = Linter(Config(phrases={"you-people": (phrase,)}, select=("you-people",)))
            user.lint("warm up")
        except ConfigError as exc:
            print(f"k={k:<3}refused: {str(exc)[:90]}")
            break
        t = timed(lambda u=user: u.lint(" ".join(["a"] * 200)), args.limit)
        print(f"k={k:<3}" + ("timed out" if t is None else f"{t:8.3f} s"))
        if t is None or t > args.limit / 4:
            print("(stopping: each extra optional word multiplies the time)")
            break


if __name__ == "__main__":
    main()
