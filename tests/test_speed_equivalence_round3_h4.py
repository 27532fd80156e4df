"""The cheaper paths of ``duplicate-reply`` and ``marketing-flood`` give what the full
computations they stand for give:

* shingle hashes are no longer made distinct: a MinHash sketch (a minimum per
  permutation) is the same over the hashes with or without their repeats;
* ``collect`` finds the time of the last message in its pass over the messages;
* ``finish`` works on the collected drafts directly (no :class:`Signature` per draft),
  shares one finding between drafts of the same length, asks whether a draft engages
  with its customer only in bursts of two or more drafts of its group, and stops asking
  once fewer than two pasted drafts could still be found;
* ``marketing-flood`` reads the phrase-list hits from ``ctx.matches`` directly.
"""

from __future__ import annotations

import random
import zlib
from array import array
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint import Conversation, Linter
from replylint.rules import duplicate_reply as dup
from replylint.rules._draft import _topic_words, marketing_score, promotion_spans, shares_stem
from replylint.rules.base import DraftContext, Finding
from replylint.rules.marketing_flood import MarketingFlood, Outbound, brand_key

# -- shingles and sketches ----------------------------------------------------------------

_VOCAB = ["we", "are", "sorry", "#", "für", "订单", "l'été", "dm", "us", "a"]


def _reference_sketch(words: Sequence[str]) -> tuple[int, ...]:
    """The sketch of the distinct shingle hashes, as ``_shingles`` made them before."""
    encoded = [w.encode("utf-8") for w in words]
    triples = zip(*(encoded[i:] for i in range(dup.SHINGLE)))
    distinct = set(map(zlib.crc32, map(b" ".join, triples)))
    (sketch,) = dup._sketches([array("I", distinct).tobytes()])
    return sketch


@settings(deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), min_size=dup.MIN_WORDS, max_size=320))
def test_sketch_of_shingles_with_repeats_is_that_of_the_distinct_ones(words: list[str]) -> None:
    # A small vocabulary: shingles repeat, and long lists take the path where the
    # sketch is made in ``collect`` (more than _DEFERRED_SHINGLES shingles).
    expected = _reference_sketch(words)
    encoded = [w.encode("utf-8") for w in words]
    assert len(dup._shingles(encoded)) == dup._ITEM * (len(words) - dup.SHINGLE + 1)
    assert dup._sketches([dup._shingles(encoded)]) == [expected]
    _, shingles, sketch = dup._reduce(words)
    assert (sketch if sketch is not None else dup._sketches([shingles])[0]) == expected
    sig = dup.signature(words, "c")
    assert sig is not None and sig.sketch == expected


# -- find_duplicates -----------------------------------------------------------------------


def _reference_find(items: Sequence[dup.Signature | None]) -> dup.DuplicateStats:
    """``find_duplicates`` as it was, reading each draft's signature."""
    stats = dup.DuplicateStats(drafts=len(items))
    by_exact: dict[bytes, list[int]] = {}
    for index, sig in enumerate(items):
        if sig is not None:
            by_exact.setdefault(sig.exact, []).append(index)
    reps = [members[0] for members in by_exact.values()]
    stats.distinct = len(reps)
    parent = {r: r for r in reps}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(dup.BANDS):
        buckets: dict[tuple[int, ...], int] = {}
        lo, hi = band * dup.ROWS, (band + 1) * dup.ROWS
        for r in reps:
            sig = items[r]
            assert sig is not None
            first = buckets.setdefault(sig.sketch[lo:hi], r)
            if first == r or root(first) == root(r):
                continue
            stats.comparisons += 1
            other = items[first]
            assert other is not None
            same = sum(x == y for x, y in zip(sig.sketch, other.sketch)) / dup.PERMUTATIONS
            if same >= dup.THRESHOLD:
                parent[root(r)] = root(first)
    clusters: dict[int, list[int]] = {}
    for r in reps:
        sig = items[r]
        assert sig is not None
        clusters.setdefault(root(r), []).extend(by_exact[sig.exact])
    stats.groups = [sorted(m) for m in clusters.values() if len(m) >= 2]
    return stats


_BASE_WORDS = [
    *["we", "are", "sorry", "for", "any", "inconvenience", "caused", "please", "dm", "us"],
    *["your", "details", "and", "a", "member", "of", "our", "team", "will", "look", "into"],
    *["this", "for", "you", "today"],
]


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 8)), min_size=1, max_size=40))
def test_find_duplicates_is_the_reference(edits: list[tuple[int, int]]) -> None:
    # Drafts made from one stock reply with 0-8 words changed: some the same, some near
    # and some far; every tenth draft is too short to judge.
    rng = random.Random(len(edits))
    sigs: list[dup.Signature | None] = []
    for seed, changes in edits:
        words = list(_BASE_WORDS)
        for _ in range(changes):
            words[rng.randrange(len(words))] = rng.choice(_VOCAB) + str(seed)
        sigs.append(None if seed == 9 else dup.signature(words, "c"))
    got, expected = dup.find_duplicates(sigs), _reference_find(sigs)
    assert (got.groups, got.comparisons, got.distinct) == (
        expected.groups,
        expected.comparisons,
        expected.distinct,
    )


# -- collect and finish ---------------------------------------------------------------------

_STOCKS = [
    "We're sorry for any inconvenience caused. Please DM us your details and a member of "
    "our team will look into this for you.",
    "Thanks for reaching out! Please follow this link so we can help you one-on-one: "
    "https://support.example.com/a?step=1 ^TB",
    "Hi Ola, refunds for cancelled bookings take 7-10 days; please check the app for the "
    "latest information about your order.",
]
_EXTRA = ["Ola", "Kim", "refund", "wifi", "order", "12", "{name}", "^TB", "@kim_r", "team"]
_AUTHORS = ["@ola_n", "Ola", "Kim R", "team", None]
# Some share words with the stocks (the draft engages), some do not.
_SAID = [
    "@Brand my refund is late",
    "wifi down again",
    "Ola here, where is my order?",
    "can't log in to my account",
    "your team never replied",
    "hello?",
]
_BASE_TIME = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)

# Times near the 24-hour window's edges: drafts 20 hours apart bridge others 40 apart.
_hours = st.one_of(st.none(), st.sampled_from([0, 1, 20, 23, 24, 25, 40, 47, 48, 49, 90]))
_message = st.fixed_dictionaries(
    {
        "role": st.sampled_from(["customer", "customer", "agent", "other"]),
        "author": st.sampled_from(_AUTHORS),
        "text": st.sampled_from(_SAID),
        "hours": _hours,
    }
)
_draft = st.fixed_dictionaries(
    {
        "stock": st.integers(0, len(_STOCKS) - 1),
        "extra": st.lists(st.tuples(st.integers(0, 40), st.sampled_from(_EXTRA)), max_size=3),
        "cut": st.sampled_from([0, 0, 0, 4, 14]),
        "hours": _hours,
        "messages": st.lists(_message, min_size=0, max_size=3),
    }
)


def _at(hours: int | None) -> str | None:
    return None if hours is None else (_BASE_TIME + timedelta(hours=hours)).isoformat()


def _conversation(i: int, d: dict[str, Any]) -> Conversation:
    words = _STOCKS[d["stock"]].split()
    for at, word in d["extra"]:
        words.insert(min(at, len(words)), word)
    if d["cut"]:
        words = words[: max(2, len(words) - d["cut"])]
    messages = [
        {"role": m["role"], "author": m["author"], "text": m["text"], "timestamp": _at(m["hours"])}
        for m in d["messages"]
    ]
    draft = {"text": " ".join(words), "timestamp": _at(d["hours"])}
    data = {"id": f"c{i}", "brand": "@Brand", "messages": messages, "draft": draft}
    return Conversation.model_validate(data)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=["duplicate-reply"])


def _reference_stamp(conv: Conversation) -> datetime | None:
    stamp = conv.draft.timestamp if conv.draft is not None else None
    if stamp is None:
        stamp = next((m.timestamp for m in reversed(conv.messages) if m.timestamp), None)
    return stamp


def _reference_bursts(
    indexes: list[int], items: Sequence[dup.Signature | None]
) -> list[list[int]]:
    def time(i: int) -> float | None:
        sig = items[i]
        assert sig is not None
        return sig.time

    untimed = [i for i in indexes if time(i) is None]
    timed = sorted((t, i) for i in indexes if (t := time(i)) is not None)
    runs: list[list[int]] = [untimed] if untimed else []
    last: float | None = None
    for t, i in timed:
        if last is None or t - last > dup.WINDOW_SECONDS:
            runs.append([])
        runs[-1].append(i)
        last = t
    return [sorted(r) for r in runs]


def _reference_finish(items: Sequence[Any]) -> dict[int, list[Finding]]:
    """``finish`` as it was: a signature per draft (its own sketch, its time in seconds),
    every member of a group asked whether it engages, a finding per draft."""
    sigs: list[dup.Signature | None] = []
    for d in items:
        if d is None:
            sigs.append(None)
            continue
        sketch = d.sketch if d.sketch is not None else dup._sketches([d.shingles])[0]
        sigs.append(dup.Signature(d.customer, d.length, d.exact, sketch, d.time))
    out: dict[int, list[Finding]] = {}
    for found in _reference_find(sigs).groups:
        pasted = [
            i
            for i in found
            if not shares_stem(_topic_words(items[i].text), _topic_words(items[i].said))
        ]
        for group in _reference_bursts(pasted, sigs):
            if len(group) < 2:
                continue
            customers = {items[i].customer for i in group}
            who = f"{len(customers)} customers" if len(customers) > 1 else "the same customer"
            message = f"Same or nearly the same reply sent {len(group)} times in this run, to {who}"
            for index in group:
                out[index] = [Finding(0, items[index].length, message=message)]
    return out


def _check_batch(linter: Linter, convs: list[Conversation]) -> dict[int, list[Finding]]:
    (rule,) = linter._batch_rules()
    items = []
    for conv, ctx in zip(convs, linter._contexts(convs)):
        item = rule.collect(ctx)
        if item is not None:
            stamp = _reference_stamp(conv)
            assert item.time == (None if stamp is None else stamp.timestamp())
        items.append(item)
    got = rule.finish(items)
    assert got == _reference_finish(items)
    return got


@settings(max_examples=60, deadline=None)
@given(st.lists(_draft, min_size=2, max_size=10))
def test_finish_is_the_full_computation(linter: Linter, drafts: list[dict[str, Any]]) -> None:
    _check_batch(linter, [_conversation(i, d) for i, d in enumerate(drafts)])


def test_a_draft_that_engages_can_part_a_burst(linter: Linter) -> None:
    # Three copies 20 hours apart are one burst; the middle one takes up its customer's
    # words, and the other two, 40 hours apart, are two bursts of one: no report.
    def draft(hours: int, said: str) -> dict[str, Any]:
        message = {"role": "customer", "author": None, "text": said, "hours": hours}
        return {"stock": 2, "extra": [], "cut": 0, "hours": None, "messages": [message]}

    pasted = "can't log in to my account"
    convs = [
        _conversation(i, d)
        for i, d in enumerate([draft(0, pasted), draft(20, "my refunds?"), draft(40, pasted)])
    ]
    assert _check_batch(linter, convs) == {}
    convs[1] = _conversation(1, draft(20, pasted))
    assert len(_check_batch(linter, convs)) == 3
    # Exactly 24 hours apart is one burst; a second more is two.
    assert len(_check_batch(linter, [convs[0], _conversation(1, draft(24, pasted))])) == 2
    assert _check_batch(linter, [convs[0], _conversation(1, draft(25, pasted))]) == {}


def test_some_drafts_of_a_group_are_never_asked_and_the_reports_stay(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seeded batches (each checked against the full computation): in some, fewer drafts
    # are asked whether they engage than there are drafts in groups (days apart, or past
    # the early stop); some report. The counts check that both happened.
    asked: list[int] = []
    calls = dup._Engages.__call__

    def counting(self: dup._Engages, draft: Any) -> bool:
        asked.append(1)
        return calls(self, draft)

    monkeypatch.setattr(dup._Engages, "__call__", counting)
    rng = random.Random(4)
    skipped = reported = 0
    for _ in range(12):
        drafts = []
        for _ in range(rng.randint(2, 8)):
            messages = [
                {
                    "role": "customer",
                    "author": rng.choice(_AUTHORS),
                    "text": rng.choice(_SAID),
                    "hours": rng.choice([None, 1, 2, 60]),
                }
            ]
            drafts.append(
                {
                    "stock": rng.randrange(len(_STOCKS)),
                    "extra": [],
                    "cut": 0,
                    "hours": None,
                    "messages": messages,
                }
            )
        convs = [_conversation(i, d) for i, d in enumerate(drafts)]
        asked.clear()
        got = _check_batch(linter, convs)
        (rule,) = linter._batch_rules()
        items = [rule.collect(ctx) for ctx in linter._contexts(convs)]
        exacts = [None if d is None else d.exact for d in items]
        members = sum(len(g) for g in dup._find(exacts, dup._sketch_of(items)).groups)
        skipped += members > len(asked)
        reported += bool(got)
    assert skipped and reported


# -- marketing-flood ------------------------------------------------------------------------

_PROMO = [
    "Every match of the season, live on Sports+ for just €9.99/month. Sign up today!",
    "Refer a friend and you both get €20 credit!",
    "Upgrade to Ultra 4K and get 3 months half price! Offer ends Sunday.",
    "The April change is £2.50 a month on every plan; it's on page 2 of your letter.",
    "Sorry about the outage in Leeds; engineers expect it fixed by 6pm.",
    "Pre-orders for the new Galaxy S26 are open! Order by Thursday and get free earbuds.",
]


@pytest.fixture(scope="module")
def flood() -> Linter:
    return Linter(select=["marketing-flood"])


def _reference_collect(ctx: DraftContext) -> Outbound:
    brand, ratio = ctx.conversation.brand, ctx.config.marketing_ratio
    if bool(ctx.hits("promotion") or ctx.hits("marketing")) and marketing_score(ctx) >= 4:
        promo = promotion_spans(ctx) or (0, len(ctx.text))
        return Outbound(brand_key(brand), promo, ratio)
    return Outbound(brand_key(brand), None, ratio)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(_PROMO), min_size=1, max_size=3),
    st.sampled_from(["@Brand", " @BRAND ", None, "other"]),
)
def test_marketing_collect_reads_the_hits_as_ctx_hits_does(
    flood: Linter, parts: list[str], brand: str | None
) -> None:
    (rule,) = flood._batch_rules()
    assert isinstance(rule, MarketingFlood)
    conv = Conversation.model_validate({"brand": brand, "draft": " ".join(parts)})
    (ctx,) = flood._contexts([conv])
    assert rule.collect(ctx) == _reference_collect(ctx)


def test_marketing_examples_take_both_paths(flood: Linter) -> None:
    convs = [Conversation.model_validate({"brand": "@B", "draft": p}) for p in _PROMO]
    (rule,) = flood._batch_rules()
    got = [rule.collect(ctx) for ctx in flood._contexts(convs)]
    assert got == [_reference_collect(ctx) for ctx in flood._contexts(convs)]
    assert {o.promo is None for o in got} == {True, False}
