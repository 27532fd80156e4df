"""The third round of shortcuts of ``_draft`` and the conversation facts give what the
computation they stand for gives: the memo of ``url_spans``, the standard
library's copy of the mention pattern for ASCII text, the string tests that find the
brand's own handle opening a thread (``addressed_to_brand``) and the one-message turn
of ``latest``. Generated inputs hold the characters each shortcut judges: ASCII and
non-ASCII neighbours of an "@", combining marks, long handles, equal texts."""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint.analysis import facts
from replylint.analysis.facts import ConversationAnalysis
from replylint.models import Conversation, Message
from replylint.rules import _draft
from tests._reference import surely_mentions
from tests.test_speed_equivalence_context import _linter, _reference_addressed

# -- url_spans: remembered answers ------------------------------------------------------


def _reference_urls(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _draft._URL.finditer(text)]


_URL_PIECES = st.sampled_from(
    [
        "https://x.co/a", "HTTP://X.CO", "www.a.b", "WWW.", "http://", "https:", "//",
        "httpſ://x", "\u0130", " ", "\n", "a", ".", "/", "é",
    ]
)  # fmt: skip
_URL_TEXTS = st.lists(_URL_PIECES, max_size=8).map("".join)


@given(st.lists(_URL_TEXTS, min_size=1, max_size=6), st.lists(st.integers(0, 5), max_size=12))
def test_url_spans_with_its_memo_are_those_of_the_pattern(
    texts: list[str], order: list[int]
) -> None:
    # Texts asked for in any order, repeats and equal copies included: every answer is
    # the pattern's, whatever was asked before.
    for i in [*range(len(texts)), *order]:
        text = texts[i % len(texts)]
        for asked in (text, "".join(list(text))):  # the same text, another object
            assert _draft.url_spans(asked) == _reference_urls(text)


def test_url_spans_callers_cannot_change_the_memo() -> None:
    text = "see https://a.example.com/x and www.b.example.com"
    first = _draft.url_spans(text)
    expected = list(first)
    first.append((0, 1))
    first[0] = (5, 6)
    assert _draft.url_spans(text) == expected == _reference_urls(text)


def test_url_spans_in_threads_are_each_texts_own() -> None:
    texts = [f"link {i}: https://example.com/{'p' * i} end www.x{i}.org" for i in range(8)]
    wrong: list[str] = []

    def work(text: str) -> None:
        expected = _reference_urls(text)
        for _ in range(2000):
            if _draft.url_spans(text) != expected:
                wrong.append(text)
                return

    threads = [threading.Thread(target=work, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


# -- mentions: the standard library's pattern in ASCII text ---------------------------


def test_mention_patterns_agree_on_every_ascii_character() -> None:
    # ``\w`` of both modules, alone and before and after an "@": the only characters the
    # pattern reads besides "@".
    for code in range(128):
        ch = chr(code)
        for text in (ch, f"{ch}@a", f"@{ch}", f"@a{ch}", f"x{ch}@{ch}{ch}"):
            expected = [(m.span(), m.group(1)) for m in facts._MENTION.finditer(text)]
            found = [(m.span(), m.group(1)) for m in facts._ASCII_MENTION.finditer(text)]
            assert found == expected, repr(text)


_MENTION_PIECES = st.sampled_from(
    ["@", "@@", "@kim", "@Kim_R", "x@y", "_@z", "1@2", "@" + "a" * 35, "a", "_", "9", " ",
     "\n", ".", "-", "é", "\u0130", "\x1c", "e\u0301", "\u200d", "\u0660"]
)  # fmt: skip


@given(
    st.one_of(
        st.lists(_MENTION_PIECES, max_size=12).map("".join),
        st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
    )
)
def test_handles_are_those_the_pattern_finds(text: str) -> None:
    assert facts._handles_in(text) == {h.lower() for h in facts._MENTION.findall(text)}


# -- addressed_to_brand: the brand's handle as written, found with string tests --------

_HANDLE_CHOICES = st.sampled_from(
    ["OrbitCare", "Orbit_Care", "HP", "a" * 30, "a" * 31, "Bränd", "Orbit-Care", "", "_", "9"]
)
_AROUND_PIECES = st.sampled_from(
    ["@", "@@", "x", "_", "1", " ", "\n", ".", "-", "é", "\u0301", "\u200d", "\u0660",
     "\u0130", "Care", "care", "a"]
)  # fmt: skip


@given(
    _HANDLE_CHOICES,
    st.lists(_AROUND_PIECES, max_size=4).map("".join),
    st.lists(_AROUND_PIECES, max_size=4).map("".join),
    st.booleans(),
)
def test_surely_mentions_says_yes_only_for_a_mention(
    handle: str, before: str, after: str, lower: bool
) -> None:
    written = handle.lower() if lower else handle
    text = f"{before}@{written}{after}"
    if surely_mentions(text, handle):
        assert handle in facts._MENTION.findall(text)


def test_surely_mentions_finds_the_common_openings() -> None:
    # Not only "no": the fast path is taken for the usual first message.
    assert surely_mentions("@OrbitCare my wifi is down", "OrbitCare")
    assert surely_mentions("hey @Orbit_Care: help", "Orbit_Care")
    assert surely_mentions("@" + "a" * 30, "a" * 30)
    assert not surely_mentions("@OrbitCareX hi", "OrbitCare")
    assert not surely_mentions("x@OrbitCare hi", "OrbitCare")
    assert not surely_mentions("@OrbitCare\u0301 hi", "OrbitCare")
    assert not surely_mentions("@" + "a" * 31, "a" * 31)


_TALK_TEXTS = st.lists(
    st.sampled_from(
        ["@OrbitCare", "@orbitcare", "@OrbitCare\u0301", "@OrbitCareX", "x@OrbitCare",
         "@@OrbitCare", "é@OrbitCare", "@Orbit", "@jess", "hi", "orbit care", "\u0130"]
    ),
    max_size=4,
).map(" ".join)  # fmt: skip


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "role": st.sampled_from(["customer", "customer", "other", "agent"]),
                "author": st.sampled_from([None, "@jess", "@OrbitCare"]),
                "text": _TALK_TEXTS,
            }
        ),
        max_size=3,
    ),
    st.sampled_from([None, "", "@OrbitCare", "OrbitCare", "@Orbit Care", "@Bränd"]),
    st.sampled_from([None, "twitter", "facebook"]),
    st.booleans(),
)
def test_addressed_to_brand_with_the_fast_path_is_the_full_computation(
    messages: list[dict[str, Any]], brand: str | None, channel: str | None, public: bool
) -> None:
    conv = Conversation.model_validate(
        {"brand": brand, "channel": channel, "messages": messages, "draft": "Hi"}
    )
    linter = _linter()
    _, bank = linter._banks()
    analysis = ConversationAnalysis(conv, linter.pipeline, bank, public=public)
    assert analysis.addressed_to_brand == _reference_addressed(conv, public)


# -- latest: one message ---------------------------------------------------------------


def _reference_latest(conv: Conversation) -> list[Message]:
    turn: list[Message] = []
    for message in reversed(conv.messages):
        if message.role == "agent":
            break
        if message.role == "customer":
            turn.append(message)
    if not turn:
        turn = conv.customer_messages[-1:]
    turn.reverse()
    return turn[-5:]


@given(st.lists(st.sampled_from(["customer", "other", "agent"]), max_size=8))
def test_latest_is_the_turn_of_the_loop(roles: list[str]) -> None:
    conv = Conversation.model_validate(
        {"messages": [{"role": r, "text": f"m{i}"} for i, r in enumerate(roles)], "draft": "Hi"}
    )
    analysis = ConversationAnalysis(conv, None, None)  # type: ignore[arg-type]
    assert [id(m) for m in analysis.latest] == [id(m) for m in _reference_latest(conv)]


def test_url_spans_memo_stays_small() -> None:
    for i in range(3 * _draft._URLS_KEPT):
        assert _draft.url_spans(f"see www.x{i}.org") == [(4, 4 + len(f"www.x{i}.org"))]
    assert 0 < len(_draft._URLS) <= _draft._URLS_KEPT
