"""Batch throughput of ``Linter.lint_many`` against the floor: the bare spaCy tokenizer.

The real agent replies of ../shared/data/twitter-care-dev.jsonl with their
conversations, repeated to 20,000+ drafts, are linted with all default rules. In the
same run the same texts go through ``spacy.blank("en")`` with ``nlp.pipe``: the drafts
alone, and the drafts with every message of their conversations. Prints drafts per
second, the ratios, the speed-up with 2 processes (and that its reports are identical)
and the peak memory of the process. The floor and replylint are timed in turns over
seven rounds in CPU time (wall time for the worker processes); the rates are each one's
best round. The ratio with context is the median of the rounds' own ratios: each round
times the floor and replylint back to back, so a machine whose speed drifts during the
run slows both alike, while the best rounds of each may come from different moments
(their ratio is printed too). Since the repeated batch flatters caches, the rate
on conversations the linter has not seen before is printed too (one pass over half of
the distinct conversations, after warming up on the other half).

    python benchmarks/throughput.py [--drafts 20000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
from functools import partial

import spacy
from _data import load_replies, repeated

from replylint import Conversation, Linter


def _best(fn: object, runs: int, clock: object = time.process_time) -> float:
    """Best of ``runs`` timings of ``fn``: CPU time of this process by default (on a
    shared machine it drifts far less than wall time), wall time for worker processes."""
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = clock()  # type: ignore[operator]
        fn()  # type: ignore[operator]
        times.append(clock() - t0)  # type: ignore[operator]
    return min(times)


def _drain(nlp: object, texts: list[str]) -> None:
    """Tokenize ``texts`` through ``nlp.pipe``, keeping nothing."""
    for _ in nlp.pipe(texts):  # type: ignore[attr-defined]
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7, help="rounds of the floor and replylint")
    args = parser.parse_args()

    distinct = load_replies()
    raw = repeated(distinct, args.drafts)
    convs = [Conversation.model_validate(c) for c in raw]
    n = len(convs)

    # The repeated batch holds each text ~40 times, which flatters anything cached per
    # word or text. So first: a linter warmed up on half of the distinct conversations
    # lints the other half, texts it has never seen, once.
    seen, unseen = convs[: len(distinct)][0::2], convs[: len(distinct)][1::2]
    fresh_linter = Linter()
    fresh_linter.warm_up()
    fresh_linter.lint_many(seen)
    fresh = _best(partial(fresh_linter.lint_many, unseen), 1)
    fresh_nlp = spacy.blank("en")
    [None for _ in fresh_nlp.pipe([c.draft.text for c in seen if c.draft])]
    unseen_texts = [c.draft.text for c in unseen if c.draft]
    fresh_floor = _best(partial(_drain, fresh_nlp, unseen_texts), 1)
    del fresh_linter, fresh_nlp  # the peak memory printed below is the batch's
    gc.collect()
    drafts = [c.draft.text for c in convs if c.draft]
    with_context = drafts + [m.text for c in convs for m in c.messages]

    nlp = spacy.blank("en")
    linter = Linter()
    linter.warm_up()
    linter.lint_many(convs[:500])  # warm-up
    reports = []

    def run() -> None:
        reports[:] = linter.lint_many(convs)

    # The floor and replylint take turns, round after round, so a machine whose speed
    # drifts during the run slows both alike: each round's ratio compares like with
    # like. The rates printed are each one's best round.
    rounds = [
        (
            _best(lambda: [None for _ in nlp.pipe(drafts, batch_size=256)], 1),
            _best(lambda: [None for _ in nlp.pipe(with_context, batch_size=256)], 1),
            _best(run, 1),
        )
        for _ in range(args.runs)
    ]
    floor, floor_ctx, lint = (min(times) for times in zip(*rounds))
    ratios = sorted(f_ctx / t for _, f_ctx, t in rounds)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"drafts: {n} ({len(with_context) - n} context messages)")
    print(f"tokenizer floor, drafts only: {n / floor:,.0f} drafts/s")
    print(f"tokenizer floor, drafts + context: {n / floor_ctx:,.0f} drafts/s")
    print(f"replylint lint_many: {n / lint:,.0f} drafts/s")
    print(
        f"replylint lint_many, {len(unseen)} conversations never seen before: "
        f"{len(unseen) / fresh:,.0f} drafts/s (tokenizer floor on them: "
        f"{len(unseen) / fresh_floor:,.0f} drafts/s, ratio {fresh_floor / fresh:.2f})"
    )
    print(f"ratio to floor (drafts only): {floor / lint:.2f}")
    print(
        f"ratio to floor (drafts + context): {ratios[len(ratios) // 2]:.2f}, the median round "
        f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}; best round of each: "
        f"{floor_ctx / lint:.2f})"
    )
    print(f"peak memory (process max RSS): {rss_mb:,.0f} MB")
    print(f"violations: {sum(len(r.violations) for r in reports)}")

    if args.jobs > 1:
        parallel: list[object] = []

        def run_parallel() -> None:
            parallel[:] = linter.lint_many(convs, n_process=args.jobs)

        t_par = _best(run_parallel, 1, time.perf_counter)
        t_one = _best(run, 1, time.perf_counter)
        same = parallel == reports
        print(f"lint_many n_process={args.jobs}: {n / t_par:,.0f} drafts/s")
        print(
            f"speed-up at {args.jobs} processes: {t_one / t_par:.2f}x (identical reports: {same})"
        )


if __name__ == "__main__":
    main()
