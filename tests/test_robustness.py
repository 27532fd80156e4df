"""Hostile and huge input: arbitrary Unicode, giant drafts and conversations, and
user phrases built to blow up the matcher.

The property tests here are the thorough versions of ``test_properties.py``: richer
text (every Unicode category, lone surrogates, 10,000-character words), whole
conversations with timestamps, aliases and supplied facts, and more examples
(2,000 per property under ``HYPOTHESIS_PROFILE=ci``).
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint import Config, ConfigError, Draft, InputTooLargeError, Linter, Report
from replylint.cli import main

from . import _hypothesis_profiles  # registers and loads the profile

BATCH_RULES = frozenset({"duplicate-reply", "marketing-flood"})
LINTER = Linter()
OTHER = Linter()  # a second instance: results must not depend on a linter's history

# -- strategies ---------------------------------------------------------------------------

_HOSTILE = [
    # words the rules look for, so that rules fire on hostile text too
    "you people",
    "YOU PEOPLE NEVER LISTEN",
    "u ppl",
    "How may I help you today?",
    "DM us your account number",
    "call 0800 123 4567",
    "john@example.com",
    "4111 1111 1111 1111",
    "Get 50% off FiberMax today!",
    "not our department",
    "obviously",
    "Dear customer",
    "APN",
    "£35/month",
    "https://x.co/a?b=1",
    "@brand",
    "#hashtag",
    "{{first_name}}",
    "[Customer Name]",
    "%NAME%",
    "{{ unclosed",
    "!!!",
    "?!?!",
    ":)",
    "☺",
    "😊",
    # emoji sequences: ZWJ families, skin tones, flags, keycaps, variation selectors
    "👩‍👩‍👧‍👦",
    "👍🏽",
    "🇬🇧🇺🇸",
    "1️⃣",
    "❤️",
    # right-to-left scripts and bidi controls
    "שלום עולם",
    "مرحبا بكم",
    "\u202eevil\u202c",
    "\u200f\u200e",
    # combining marks, stacked
    "e\u0301",
    "Z\u0351\u0352\u0357\u0358\u035b\u0300\u0301\u0302",
    "a" + "\u0301" * 50,
    # zero-width characters and BOM
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    # control characters and odd line breaks
    "\x00",
    "\x01\x1b[31m",
    "\t",
    "\x0b\x0c",
    "\r",
    "\r\n",
    "\n\n\n",
    "\u2028",
    "\u2029",
    "\x85",
    # lone surrogates (Python strings may hold them; UTF-8 cannot)
    "\ud800",
    "\udfff",
    "a\udc80b",
    # other scripts and full-width forms
    "订单号码",
    "こんにちは",
    "ＹＯＵ ＰＥＯＰＬＥ",
    "ﬁne",
    "İstanbul",
    "ß",
    "\U0001d54f\U0001d560\U0001d566",
    "\uffff",
    "\U0010ffff",
]

_pieces = st.sampled_from(_HOSTILE)
_any_char = st.characters(codec=None, exclude_categories=())  # every category, Cs included
# Long runs: spaCy's affix splitting used to be quadratic in runs of punctuation or emoji.
_long_word = st.builds(
    lambda unit, n: (unit * n)[:n],
    st.sampled_from(["a", "A", "é", "😊", "\u200b", "x\u0301", "ab1", "-", "!", "\ud800"]),
    st.integers(min_value=2_000, max_value=10_000),
)

_usual_texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=_any_char, max_size=200),
    st.lists(st.one_of(_pieces, st.text(alphabet=_any_char, max_size=12)), max_size=25).map(
        " ".join
    ),
    st.lists(_pieces, max_size=12).map("".join),
)
_huge_texts = st.lists(st.one_of(_pieces, _long_word), min_size=1, max_size=3).map(" ".join)
# One example in ten carries 10,000-character words (they cost the most to lint).
texts = st.integers(0, 9).flatmap(lambda i: _huge_texts if i == 0 else _usual_texts)
short_texts = st.one_of(
    st.text(alphabet=_any_char, max_size=80),
    st.lists(_pieces, max_size=8).map(" ".join),
)
channels = st.sampled_from(["twitter", "facebook", "sms", "chat", "email", "dm"])
_base_time = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
timestamps = st.one_of(
    st.none(),
    st.integers(min_value=-10_000, max_value=200_000).map(
        lambda m: (_base_time + timedelta(minutes=m)).isoformat()
    ),
)
handles = st.one_of(
    st.none(),
    st.sampled_from(["@brand", "@TelcoCare", "brand", "@", "", "@@", "@Brand\u200b"]),
    short_texts,
)
messages = st.lists(
    st.fixed_dictionaries(
        {"role": st.sampled_from(["customer", "agent", "other"]), "text": short_texts},
        optional={"author": handles, "timestamp": timestamps},
    ),
    max_size=4,
)
facts = st.fixed_dictionaries(
    {},
    optional={
        "complaint": st.booleans(),
        "complaint_score": st.floats(min_value=0.0, max_value=1.0),
        "question": st.booleans(),
        "sales_inquiry": st.booleans(),
        "churn": st.booleans(),
        "anger": st.booleans(),
        "addressed_to_brand": st.booleans(),
    },
)


@st.composite
def conversations(draw: st.DrawFn, draft: st.SearchStrategy[str] = texts) -> dict[str, Any]:
    conv: dict[str, Any] = {
        "channel": draw(channels),
        "messages": draw(messages),
        "draft": {"text": draw(draft), "timestamp": draw(timestamps)},
    }
    brand = draw(handles)
    if brand is not None:
        conv["brand"] = brand
    if draw(st.booleans()):
        conv["brand_aliases"] = draw(st.lists(short_texts, max_size=2))
    if draw(st.booleans()):
        conv["facts"] = draw(facts)
    if draw(st.booleans()):
        conv["id"] = draw(short_texts)
    return conv


# -- checks -------------------------------------------------------------------------------


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_report(report: Report, text: str) -> None:
    """Every span and fix lies inside the draft and quotes it exactly; the report
    survives a JSON round trip."""
    for v in report.violations:
        span = v.span
        assert 0 <= span.start <= span.end <= len(text), v
        assert text[span.start : span.end] == span.text, v
        assert span.line == text.count("\n", 0, span.start) + 1, v
        assert span.column == span.start - (text.rfind("\n", 0, span.start) + 1) + 1, v
        assert v.message and v.severity in ("error", "warning", "info")
        if v.fix is not None:
            assert 0 <= v.fix.start <= v.fix.end <= len(text), v
            fixed = text[: v.fix.start] + v.fix.replacement + text[v.fix.end :]
            assert isinstance(fixed, str)
    starts = [(v.span.start, v.span.end, v.rule) for v in report.violations]
    assert starts == sorted(starts)
    # JSON round trip. UTF-8 cannot hold surrogate code points: JSON output writes each
    # lone one as U+FFFD, one character for one. A report on text without them comes
    # back equal; one with them comes back with U+FFFD in their place, offsets unchanged.
    data = report.model_dump(mode="json")
    dumped = report.model_dump_json()
    assert json.loads(dumped) == data
    back = Report.model_validate_json(dumped)
    assert back.model_dump(mode="json") == data
    assert [(v.span.start, v.span.end) for v in back.violations] == [
        (v.span.start, v.span.end) for v in report.violations
    ]
    if _encodable(json.dumps(report.model_dump(), ensure_ascii=False)):
        assert back == report


def _no_batch(report: Report) -> list[Any]:
    return [v for v in report.violations if v.rule not in BATCH_RULES]


# -- properties -----------------------------------------------------------------------------


@given(text=texts, channel=channels)
def test_any_draft_alone(text: str, channel: str) -> None:
    conv = {"channel": channel, "brand": "@brand", "draft": text}
    report = LINTER.lint(conv)
    check_report(report, text)
    # deterministic: another linter (with another history) gives the same report
    assert OTHER.lint(text, {"channel": channel, "brand": "@brand"}) == report


@given(conv=conversations())
def test_any_conversation(conv: dict[str, Any]) -> None:
    text = conv["draft"]["text"]
    report = LINTER.lint(conv)
    check_report(report, text)
    assert OTHER.lint(conv) == report
    # the draft given apart from its conversation is the same draft
    context = {k: v for k, v in conv.items() if k != "draft"}
    draft = Draft.model_validate(conv["draft"])
    assert LINTER.lint(draft, context).violations == report.violations


@given(conv=conversations(draft=short_texts))
def test_any_conversation_analysis(conv: dict[str, Any]) -> None:
    first = LINTER.analyze(conv)
    assert 0.0 <= first.complaint_score <= 1.0
    assert OTHER.analyze(conv) == first
    supplied = conv.get("facts") or {}
    for name, value in supplied.items():
        if name != "complaint_score":
            assert getattr(first, name) == value, name


@given(text=texts)
def test_any_customer_message_analysis(text: str) -> None:
    facts = LINTER.analyze(text, brand="@brand")
    assert 0.0 <= facts.complaint_score <= 1.0
    assert OTHER.analyze(text, brand="@brand") == facts


@settings(max_examples=_hypothesis_profiles.examples(600, 20))
@given(convs=st.lists(conversations(draft=short_texts), min_size=1, max_size=6), seed=st.randoms())
def test_lint_many_equals_lint_one_by_one(convs: list[dict[str, Any]], seed: Any) -> None:
    many = LINTER.lint_many(convs)
    assert len(many) == len(convs)
    for conv, report in zip(convs, many):
        check_report(report, conv["draft"]["text"])
        assert _no_batch(report) == LINTER.lint(conv).violations
    # order of the batch does not change any draft's own findings
    order = list(range(len(convs)))
    seed.shuffle(order)
    shuffled = LINTER.lint_many([convs[i] for i in order], batch_size=2)
    for position, index in enumerate(order):
        assert _no_batch(shuffled[position]) == _no_batch(many[index])


# -- regressions found by the properties ----------------------------------------------------

LONE_SURROGATES = [
    "\ud800",
    "You people \ud800 never read",
    "a\udc80b " * 3,
    "\udfff" * 300,
]


@pytest.mark.parametrize("text", LONE_SURROGATES)
def test_lone_surrogates_in_draft(text: str) -> None:
    """Python strings may hold lone surrogates (JSON ``"\\ud800"`` decodes to one); the
    tokenizer must not crash on them, and spans still quote the draft as given."""
    report = LINTER.lint(text)
    check_report(report, text)


def test_lone_surrogate_in_customer_message() -> None:
    conv = {
        "channel": "twitter",
        "brand": "@brand",
        "messages": [{"role": "customer", "text": "@brand my bill \ud83d is wrong, why?"}],
        "draft": "Sorry, DM us and we'll fix it today.",
    }
    check_report(LINTER.lint(conv), conv["draft"])
    LINTER.analyze(conv)


# -- size limits --------------------------------------------------------------------------

PROSE = (
    "Hi Ann, so sorry your internet has been down since Monday! I have reset the line "
    "from our side; please restart the router and DM us your account number if it is "
    "still down tonight. YOU PEOPLE call 0800 123 4567 :) https://x.co/a?b=1 "
)


class Timeout(BaseException):
    """Raised by :func:`time_limit`; a BaseException, so no ``except Exception`` eats it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail with :class:`Timeout` instead of hanging (pure-Python loops see the alarm)."""

    def alarm(signum: int, frame: Any) -> None:
        raise Timeout(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _conversation(n: int) -> dict[str, Any]:
    msgs = [
        {"role": "customer", "text": f"@TelcoCare still no signal, day {i}, why?!"}
        if i % 3 != 2
        else {"role": "agent", "text": "Sorry to hear that, can you DM us?"}
        for i in range(n)
    ]
    return {"channel": "twitter", "brand": "@TelcoCare", "messages": msgs}


def test_default_limits() -> None:
    config = Config()
    assert config.max_draft_chars == 100_000
    assert config.max_messages == 10_000


def test_draft_over_the_limit_is_refused_from_the_api() -> None:
    linter = Linter(Config(max_draft_chars=50))
    linter.lint("x" * 50)  # at the limit: fine
    for call in (
        lambda: linter.lint("x" * 51),
        lambda: linter.lint({"draft": "x" * 51}),
        lambda: linter.lint_many([{"draft": "ok"}, {"draft": "x" * 51}]),
        lambda: linter.validate({"draft": "x" * 51}),
    ):
        with pytest.raises(InputTooLargeError, match="input-too-large") as info:
            call()
        assert "51" in str(info.value) and "50" in str(info.value)


def test_default_draft_limit_refuses_fast() -> None:
    text = PROSE * (1_000_000 // len(PROSE))
    t0 = time.perf_counter()
    with pytest.raises(InputTooLargeError, match="input-too-large"):
        LINTER.lint(text)
    assert time.perf_counter() - t0 < 1.0


def test_too_many_messages_is_refused_from_the_api() -> None:
    linter = Linter(Config(max_messages=3))
    linter.lint("ok", _conversation(3))
    with pytest.raises(InputTooLargeError, match="input-too-large") as info:
        linter.lint("ok", _conversation(4))
    assert "messages" in str(info.value)
    with pytest.raises(InputTooLargeError, match="input-too-large"):
        LINTER.lint("ok", _conversation(10_001))


def test_limits_are_config_keys() -> None:
    config = Config.from_mapping({"max-draft-chars": 10, "max-messages": 2})
    assert (config.max_draft_chars, config.max_messages) == (10, 2)
    for bad in ({"max-draft-chars": 0}, {"max-messages": -1}, {"max-draft-chars": "big"}):
        with pytest.raises(ConfigError):
            Config.from_mapping(bad)


def test_limits_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Oversized records are reported per record (file and line) and the rest is linted."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "replylint.toml").write_text("max-draft-chars = 40\nmax-messages = 2\n")
    log = tmp_path / "log.jsonl"
    records = [
        {"id": "ok", "draft": "You people never read the FAQ."},
        {"id": "big", "draft": "a " * 30},
        {"id": "long", "messages": _conversation(3)["messages"], "draft": "Sorry!"},
        {"id": "fine", "draft": "Sorry about that, DM us."},
    ]
    log.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code = main(["check", str(log), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{log}:2" in err and "input-too-large" in err and "60" in err
    assert f"{log}:3" in err and "messages" in err
    ids = {r["id"] for r in json.loads(out)}
    assert {"ok", "fine"} <= ids and not ids & {"big", "long"}
    assert "you-people" in out


# Generous bounds: the point is "finishes", not "is fast" (the benchmark measures that).
_HUGE = Config(max_draft_chars=2_000_000, max_messages=200_000)


@pytest.fixture(scope="module")
def huge_linter() -> Linter:
    linter = Linter(_HUGE)
    linter.lint("warm up", _conversation(3))
    return linter


def test_one_megabyte_draft_finishes(huge_linter: Linter) -> None:
    text = (PROSE * (1_000_000 // len(PROSE) + 1))[:1_000_000]
    with time_limit(45):
        report = huge_linter.lint(text)
    check_report(report, text)


def _best_of(runs: int, fn: Any) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def test_large_draft_with_context_finishes(huge_linter: Linter) -> None:
    """A draft answering a conversation runs the checks for specific content, sentence
    by sentence; 400,000 characters (4 times the default limit) take a few seconds."""
    text = (PROSE * (400_000 // len(PROSE) + 1))[:400_000]
    conv = {**_conversation(20), "channel": "email"}
    with time_limit(15):
        report = huge_linter.lint(text, conv)
    check_report(report, text)


@pytest.mark.parametrize(
    ("shape", "size"),
    [
        # spaCy's affix splitting rescanned a run of punctuation for every piece it cut
        pytest.param("!", 2_500, id="run-of-bangs"),
        pytest.param("?", 2_500, id="run-of-question-marks"),
        pytest.param(":)", 1_500, id="run-of-smileys"),
        pytest.param("😊", 1_500, id="run-of-emoji"),
        # rules that compared every sentence (or word) with every other span (fixed)
        pytest.param("ok\n", 6_000, id="short-lines"),
        pytest.param("https://x.co/a?b=1 ", 25_000, id="urls"),
        pytest.param("DM us your address. ", 25_000, id="detail-requests"),
        pytest.param("Sorry!! WE ARE ON IT. ", 12_000, id="shouted-sentences"),
    ],
)
def test_work_grows_linearly(huge_linter: Linter, shape: str, size: int) -> None:
    """Four times the text must take about four times as long, not sixteen: hostile
    shapes that were quadratic. (Ratio bound 10: generous for timing noise.)"""

    def text(n: int) -> str:
        return (shape * (n // len(shape) + 1))[:n]

    small, large = text(size), text(4 * size)
    t_small = max(_best_of(3, lambda: huge_linter.lint(small)), 0.05)  # noise floor
    with time_limit(max(2.0, 24 * t_small)):
        t_large = _best_of(2, lambda: huge_linter.lint(large))
    assert t_large < 10 * t_small, (t_small, t_large)
    check_report(huge_linter.lint(large), large)


def test_hundred_thousand_messages_finish(huge_linter: Linter) -> None:
    conv = _conversation(100_000)
    with time_limit(60):
        report = huge_linter.lint("Sorry about that, DM us your number.", conv)
        facts = huge_linter.analyze(conv)
    assert facts.complaint
    check_report(report, "Sorry about that, DM us your number.")


# -- user phrases ---------------------------------------------------------------------------


def test_pathological_user_phrase_is_bounded_or_refused() -> None:
    """``a? a? ... a`` (30 optional words) over 100,000 tokens of ``a``: a phrase
    matcher that tries every way to skip optional words takes 2**30 steps per token.
    The phrase must be refused with a ConfigError, or matched in bounded time."""
    phrase = " ".join(["a?"] * 30 + ["a"])
    text = " ".join(["a"] * 100_000)
    try:
        linter = Linter(Config(phrases={"you-people": (phrase,)}, max_draft_chars=len(text)))
        linter.lint("warm up")
    except ConfigError as exc:
        assert "phrase" in str(exc)
        return
    with time_limit(15):
        report = linter.lint(text)
    check_report(report, text)


def test_long_user_phrases_are_refused_or_cheap() -> None:
    """Even without optional words, a user phrase can be as long as the draft."""
    phrase = " ".join(["a"] * 500)
    text = " ".join(["a"] * 20_000)
    try:
        linter = Linter(Config(phrases={"you-people": (phrase,)}))
        linter.lint("warm up")
    except ConfigError:
        return
    with time_limit(20):
        report = linter.lint(text)
    check_report(report, text)
