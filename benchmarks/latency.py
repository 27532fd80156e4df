"""Single-draft latency of ``Linter.lint`` with context: p50 and p99 over 5,000 calls.

A busy machine adds its own pauses to single calls. The script also prints each
conversation's fastest of seven calls, p50/p99 over the 525 conversations: the
linter's own cost per draft, without the machine's noise.

python benchmarks/latency.py [--calls 5000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from _data import load_replies

from replylint import Conversation, Linter


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    convs = [Conversation.model_validate(c) for c in load_replies()]
    linter = Linter()
    linter.warm_up()
    for conv in convs:  # warm-up
        linter.lint(conv)
    times = []
    for i in range(args.calls):
        conv = convs[i % len(convs)]
        t0 = time.perf_counter()
        linter.lint(conv)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p99 = times[int(len(times) * 0.99) - 1]
    print(f"calls: {args.calls}")
    print(f"p50: {p50:.3f} ms")
    print(f"p99: {p99:.3f} ms")
    print(f"max: {times[-1]:.3f} ms")
    print(f"p99 vs 2 ms target: {p99 / 2:.2f}")
    fastest = []
    for conv in convs:
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            linter.lint(conv)
            runs.append((time.perf_counter() - t0) * 1000)
        fastest.append(min(runs))
    fastest.sort()
    own_p99 = fastest[int(len(fastest) * 0.99) - 1]
    print(
        f"fastest of 7 per conversation: p50 {statistics.median(fastest):.3f} ms, "
        f"p99 {own_p99:.3f} ms, max {fastest[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main()
