"""The fifth round of shortcuts in the shared draft detectors and the rules that lean on
them give what the computation they stand for gives: topic words of one-word chunks
without the word pattern, sentence ends found by a pattern that skips ahead, requests
for personal details with the request-verb test first (and remembered for the draft),
the price pre-check of ASCII text lower-cased instead of case-folded, and
``private-channel``'s check with its hits read straight from the dict. Generated inputs
hold what each shortcut judges: marks, apostrophes, hyphens and non-ASCII letters
around words; sentence ends next to closers, line breaks, URLs and the whitespace the
two pattern modules disagree on; details asked for, negated, sent somewhere, or
mentioned without a verb."""

from __future__ import annotations

from collections.abc import Iterable

import regex
from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint.models import Conversation
from replylint.rules import _draft, jargon
from replylint.rules import private_channel as pc
from replylint.rules.base import DraftContext, Finding
from tests.test_speed_equivalence_context import _contexts

# -- topic words: one-word chunks -------------------------------------------------------


def _reference_topic_list(text: str) -> tuple[str, ...]:
    """``_topic_list`` as it was: every word the pattern finds."""
    _draft._topic_list("x")  # loads the stop words
    stop = _draft._STOP
    assert stop is not None
    out: list[str] = []
    for raw in _draft._WORD.findall(text):
        word = raw.lower().replace("’", "'")
        if word in stop or len(word) < 2:
            continue
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.replace("-", ""))
    return tuple(out)


_CHUNK_PIECES = [
    "order", "Order", "THE", "the", "a", "x", "42", "wifi", "Wi", "fi", "it", "s", "é",
    "É", "ß", "٣", "İ", ".", ",", "!", "?", "(", ")", "'", "’", "-", "--", "#", "@", "…",
    "\u0301", "_",
]  # fmt: skip
_CHUNKS = st.lists(st.sampled_from(_CHUNK_PIECES), min_size=0, max_size=5).map("".join)


@given(_CHUNKS)
def test_topic_list_of_a_chunk_is_the_words_the_pattern_finds(chunk: str) -> None:
    assert _draft._topic_list(chunk) == _reference_topic_list(chunk)


def test_topic_list_fast_path_cases() -> None:
    # The fast path's own cases, each once: a bare word, a mark after or before it,
    # an apostrophe after it (left to the pattern), a stop word, a short word.
    for chunk, words in [
        ("Refund", ("refund",)),
        ("refund.", ("refund",)),
        ("(refund", ("refund",)),
        ("refund-", ("refund",)),
        ("refunds'", ("refunds'",)),
        ("The", ()),
        ("x.", ()),
        ("", ()),
        (".", ()),
    ]:
        assert _draft._topic_list(chunk) == words == _reference_topic_list(chunk), chunk


# -- sentences: ends found by a pattern that skips ahead --------------------------------

_REFERENCE_END = regex.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")


def _reference_sentences(text: str) -> list[tuple[int, int, str]]:
    """``split_sentences`` as it was, with the look-behind pattern."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    protected = _draft.url_spans(text)

    def add(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end, text[start:end]))

    for m in _REFERENCE_END.finditer(text):
        if protected and any(a <= m.start() < b for a, b in protected):
            continue
        add(pos, m.start())
        pos = m.end()
    add(pos, len(text))
    return out


_SENTENCE_PIECES = [
    "Hi", "there", "a", ".", "!", "?", "…", "?!", '"', "'", ")", "]", " ", "  ", "\n",
    "\n\n", "\t", "\r\n", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000",
    "https://x.co/a.)", "www.example.com/faq.", "http://", "é",
]  # fmt: skip
_SENTENCE_TEXTS = st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=12).map("".join)


@given(_SENTENCE_TEXTS)
def test_split_sentences_is_the_look_behind_split(text: str) -> None:
    got = [(s.start, s.end, s.text) for s in _draft.split_sentences(text)]
    assert got == _reference_sentences(text)


def test_split_sentences_whitespace_the_modules_disagree_on() -> None:
    # ``re``'s \s takes "\x1c", ``regex``'s does not: no sentence ends there.
    for text in ["One.\x1cTwo", "One.\x1c Two", "One. \x1cTwo", "One.)\x85Two", "a?\u2028b"]:
        got = [(s.start, s.end, s.text) for s in _draft.split_sentences(text)]
        assert got == _reference_sentences(text), repr(text)


# -- requests for personal details ------------------------------------------------------


def _reference_detail_requests(ctx: DraftContext) -> list[tuple[str, int, int, int, int]]:
    """``detail_requests`` as it was: every hit through every test, in that order."""
    found: list[tuple[str, int, int, int, int]] = []
    for match in ctx.hits("personal-detail"):
        phrase = ctx.text[match.start : match.end]
        kind = next((k for k, rx in _draft._DETAIL_KINDS if rx.search(phrase)), None)
        if kind is None:
            continue
        before = [t.norm_ for t in ctx.doc[max(0, match.token_start - 1) : match.token_start]]
        if phrase.lower() == "address" and (
            not before or before[0] not in _draft._DETAIL_DETERMINERS
        ):
            continue
        if phrase.lower() in {"email", "e-mail"} and (
            not before or before[0] not in {"your", "the"}
        ):
            continue
        sentence = _draft.sentence_of(ctx, match.start)
        if sentence is None:
            continue
        lead = ctx.text[sentence.start : match.start]
        if _draft._NEGATION.search(lead) or _draft._DESTINATION.search(lead):
            continue
        if not _draft._REQUEST_CUE.search(lead[-70:]):
            continue
        found.append((kind, match.start, match.end, sentence.start, sentence.end))
    return found


def _names_a_detail(ctx: DraftContext, phrase: str, token_start: int) -> bool:
    """The word-before tests of ``detail_requests`` as they were."""
    before = [t.norm_ for t in ctx.doc[max(0, token_start - 1) : token_start]]
    if phrase.lower() == "address" and (not before or before[0] not in _draft._DETAIL_DETERMINERS):
        return False
    return not (
        phrase.lower() in {"email", "e-mail"} and (not before or before[0] not in {"your", "the"})
    )


def _reference_request_kinds(ctx: DraftContext, wanted: Iterable[str]) -> set[str]:
    """The kinds of the hits through the cheap tests of ``detail_requests``: a kind, the
    word before, a request verb."""
    text = ctx.text
    return {
        kind
        for m in ctx.hits("personal-detail")
        if (kind := _draft.detail_kind(text[m.start : m.end])) is not None
        and kind in wanted
        and _names_a_detail(ctx, text[m.start : m.end], m.token_start)
        and _draft.may_be_request(text, m.start)
    }


_DETAIL_PIECES = [
    "Please DM us your account number", "Could you tell me the email address",
    "What's your date of birth?", "reply here with your current address",
    "never share your PIN", "we'll text a code to your phone number",
    "send us an email at help@example.com", "We'll address this today.", "address",
    "Email us.", "your email", "the card ending 1234", "Thanks!", "Sorry about that.",
    "Which phone model are you using?", "order number", "and your postcode", "\n",
    "https://x.co/account?send=your+pin", "(your booking reference)", "İ", "Send",
]  # fmt: skip
_DETAIL_DRAFTS = st.lists(st.sampled_from(_DETAIL_PIECES), min_size=1, max_size=5).map(" ".join)
_KIND_SETS = st.sampled_from(
    [
        frozenset({"email", "phone", "order", "account", "card", "address", "postcode",
                   "device", "dob"}),
        _draft.SENSITIVE_KINDS,
        frozenset({"password"}),
        frozenset(),
    ]
)  # fmt: skip


def _conversation(draft: str, channel: str = "twitter") -> Conversation:
    return Conversation.model_validate(
        {
            "brand": "@Brand",
            "channel": channel,
            "messages": [{"role": "customer", "text": "@Brand my card was declined"}],
            "draft": draft,
        }
    )


@given(_DETAIL_DRAFTS, st.lists(_KIND_SETS, max_size=3))
def test_detail_requests_and_request_kinds_are_the_full_tests(
    draft: str, asked: list[frozenset[str]]
) -> None:
    ctx, other = _contexts(_conversation(draft))
    # The kinds asked for first (in any order, filling the draft's memo), then the
    # requests, then the kinds again from the memo.
    for wanted in asked:
        assert _draft.request_kinds(ctx, wanted) == _reference_request_kinds(other, wanted)
    requests = _reference_detail_requests(other)
    for wanted in asked:
        # Every request's kind is among them: a rule may skip the search without them.
        assert {r[0] for r in requests} & wanted <= _draft.request_kinds(ctx, wanted)
    got = [
        (r.kind, r.start, r.end, r.sentence.start, r.sentence.end)
        for r in _draft.detail_requests(ctx)
    ]
    assert got == requests
    for wanted in asked:
        assert _draft.request_kinds(ctx, wanted) == _reference_request_kinds(other, wanted)


def test_detail_requests_finds_requests_and_skips_the_rest() -> None:
    # The test above must be able to fail: these drafts hold requests and non-requests.
    ctx, _ = _contexts(_conversation("Please DM us your account number. We'll address this."))
    assert [r.kind for r in _draft.detail_requests(ctx)] == ["account"]
    ctx, _ = _contexts(_conversation("Never share your PIN. Email us."))
    assert _draft.detail_requests(ctx) == []
    # "send us an email": a channel, no kind to look for; "your email": the detail.
    ctx, _ = _contexts(_conversation("Please send us an email at help@example.com."))
    assert _draft.request_kinds(ctx, {"email"}) == set()
    ctx, _ = _contexts(_conversation("Please send us your email."))
    assert _draft.request_kinds(ctx, {"email"}) == {"email"}


# -- the price pre-check of ASCII text --------------------------------------------------

_PRICE_PIECES = ["USD", "usd", "Eur", "GBP", "Dollars", "POUNDS", "$", "£", "€", "¥", "₹",
                 "5", " ", "a month", "é", "ſ", "K", "x"]  # fmt: skip


@given(st.lists(st.sampled_from(_PRICE_PIECES), max_size=8).map("".join))
def test_may_price_per_period_is_the_case_folded_test(text: str) -> None:
    folded = text.casefold()
    expected = any(sign in text for sign in "$£€¥₹") or any(
        word in folded for word in ("usd", "eur", "gbp", "dollars", "pounds")
    )
    assert _draft.may_price_per_period(text) == expected


# -- private-channel --------------------------------------------------------------------


def _reference_private_channel(ctx: DraftContext) -> list[Finding]:
    """The rule's check as it was."""
    if not ctx.public or ctx.hits("private-offer"):
        return []
    text = ctx.text
    score = len(ctx.hits("technical")) + len(ctx.hits("step-verbs"))
    if score < pc._TECHNICAL:
        if ">" in text or "›" in text or "→" in text or "»" in text:
            score += 2 * len(pc._MENU_PATH.findall(text))
        if pc._may_hold_ip_or_port(text):
            score += 2 * len(pc._IP_OR_PORT.findall(text))
    if score >= pc._TECHNICAL:
        return [Finding(0, len(text))]
    figures = 0
    if regex.search(r"[£$€¥₹%]|GB|MB|KB", text) and regex.search(r"\d", text):
        figures = len(pc._ACCOUNT_FIGURE.findall(text))
    return [Finding(0, len(text))] if figures >= pc._ACCOUNT else []


_PC_PIECES = [
    "Go to Settings > Mobile Network", "Settings › Wi-Fi", "tap → Save", "a » b",
    "proxy 10.10.1.1", "port 8080", "x.com:8080", "add APN nimbus.mms", "restart your phone",
    "£812", "$45", "6.4%", "5 GB", "2 MB", "€3", "DM us", "Thanks!", "é", "’",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(_PC_PIECES), min_size=1, max_size=6).map(", ".join),
    st.sampled_from(["twitter", "facebook", "email"]),
)
def test_private_channel_check_is_the_reference(draft: str, channel: str) -> None:
    ctx, other = _contexts(_conversation(draft, channel))
    rule = pc.PrivateChannel()
    assert list(rule.check(ctx)) == _reference_private_channel(other)


# -- has_digit: one-character searches in ASCII text -------------------------------------


@given(st.text(alphabet="09aZ .٣٤\u0660x", max_size=8))
def test_has_digit_is_the_digit_pattern(text: str) -> None:
    assert _draft.has_digit(text) == (regex.search(r"\d", text) is not None)


# -- no-acknowledgement: a blank draft --------------------------------------------------


@given(st.text(alphabet=" \t\n\x1c\xa0\u3000a", max_size=4))
def test_blank_test_is_strip(text: str) -> None:
    # The rule's test for a blank draft (no stripped copy) says what ``strip`` says.
    assert (not text or text.isspace()) == (not text.strip())


# -- jargon: which of the searches for units and tickets can find anything ---------------

_CODE_PIECES = [
    "SR", "^SR", "SR12345", "SR-12345", "SR#12345", "SR-", "INC-448213", "INC", "RITM",
    "RITMB", "MB", "Mb", "kb", "KB", "kB", "61,440", " KB", "per MB", "$0.001/KB", "/",
    "https://help.yahoo.com/kb/x", "TKT", "WO", "٣٤٥٦٧", "12345", "x", " ", "#", "-",
    "reference ", "é",
]  # fmt: skip


@given(st.lists(st.sampled_from(_CODE_PIECES), min_size=1, max_size=6).map("".join))
def test_jargon_codes_spare_only_searches_that_find_nothing(text: str) -> None:
    first = jargon._UNIT_OR_TICKET.search(text)
    if first is None:
        return
    units, tickets = jargon._codes(text, first.start())
    if not units:
        assert jargon._billing(text) == []
    if not tickets:
        assert jargon._tickets(text) == []
    ctx, _ = _contexts(_conversation(text))
    reference = (
        sorted([*jargon._billing(text), *jargon._tickets(text)], key=lambda f: f.start)
        if not ctx.hits("jargon")
        else None
    )
    if reference is not None:
        assert list(jargon.Jargon().check(ctx)) == reference


def test_jargon_codes_cases() -> None:
    # A unit and a ticket are told apart; a prefix needs a digit after it.
    assert jargon._codes("61,440 KB", 7) == (True, False)
    assert jargon._codes("INC-448213", 0) == (False, True)
    assert jargon._codes("thanks ^SR", 8) == (False, False)
    assert jargon._codes("SR١٢٣٤٥", 0) == (False, True)


def test_the_split_patterns_agree_on_every_whitespace_character() -> None:
    # ``_SENTENCE_END_AT`` (``re``) stands for ``_REFERENCE_END`` (``regex``) only while
    # ``re``'s ``\s`` without "\x1c".."\x1f" is ``regex``'s ``\s``: checked over every
    # code point, so an upgrade of either module that changes one of them fails here.
    import re as std_re

    import regex as ext_regex

    std = std_re.compile(r"[^\S\x1c-\x1f]")
    ext = ext_regex.compile(r"\s")
    differ = [
        hex(code)
        for code in range(0x110000)
        if (std.match(chr(code)) is None) != (ext.match(chr(code)) is None)
    ]
    assert differ == []
