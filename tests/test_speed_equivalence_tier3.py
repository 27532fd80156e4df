"""The shortcuts of ``repeated-request``, ``vague-reply``, ``public-sensitive-request``,
``no-acknowledgement``, ``marketing-flood`` and ``office-hours-deferral`` give what the
full computation gives.

Each reference below is the rule as a straightforward computation: every request
searched for, every given detail looked for, every test in its natural order. A
pre-check may say "maybe" wrongly, never "no" wrongly.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint import Linter
from replylint.analysis.facts import ConversationAnalysis
from replylint.models import Conversation
from replylint.rules import public_sensitive_request as psr
from replylint.rules import repeated_request as rr
from replylint.rules._draft import (
    _REQUEST_CUE,
    PROMOTIONAL,
    REQUEST_WORDS,
    SENSITIVE_KINDS,
    Ranges,
    detail_requests,
    is_specific,
    marketing_score,
    may_be_request,
    promotion_score,
    promotion_spans,
    request_kinds,
    surely_url_at,
    url_spans,
)
from replylint.rules._tone import hit_suggestion, in_sentence, whole_words
from replylint.rules.base import DraftContext, Example, Finding, Rule
from replylint.rules.marketing_flood import MarketingFlood, Outbound
from replylint.rules.no_acknowledgement import NoAcknowledgement
from replylint.rules.office_hours_deferral import OfficeHoursDeferral
from replylint.rules.public_sensitive_request import PublicSensitiveRequest
from replylint.rules.repeated_request import RepeatedRequest
from replylint.rules.vague_reply import VagueReply

# -- references: the rules as plain computations ---------------------------------------


def _reference_given(conversation: Conversation) -> set[str]:
    text = "\n".join(m.text for m in conversation.customer_messages)
    found = set()
    if rr._EMAIL.search(text):
        found.add("email")
    if rr._PHONE.search(rr._EMAIL.sub(" ", text)):
        found.add("phone")
    if rr._ORDER.search(text) or rr._BARE_CODE.search(text):
        found.add("order")
    if rr._ACCOUNT.search(text):
        found.add("account")
    if rr._CARD.search(text):
        found.add("card")
    if rr._STREET.search(text) or rr._POSTCODE.search(text):
        found.add("address")
    if rr._POSTCODE.search(text):
        found.add("postcode")
    if rr._DEVICE.search(text):
        found.add("device")
    if rr._DOB.search(text):
        found.add("dob")
    if any(
        m.author and rr._PHONE.fullmatch(m.author.strip()) for m in conversation.customer_messages
    ):
        found.add("phone")
    return found


def _reference_repeated(ctx: DraftContext) -> list[Finding]:
    requests = detail_requests(ctx)
    if not requests or not ctx.analysis.latest:
        return []
    given = _reference_given(ctx.conversation)
    return [
        Finding(
            r.start,
            r.end,
            message=f"Asks for the customer's {rr._NAMES.get(r.kind, r.kind)}, which they already gave",
        )
        for r in requests
        if r.kind in given
    ]


def _reference_public_sensitive(ctx: DraftContext) -> list[Finding]:
    if not ctx.public:
        return []
    private = Ranges([(m.start, m.end) for m in ctx.hits("private-offer")])
    out = []
    for request in detail_requests(ctx):
        if request.kind not in SENSITIVE_KINDS:
            continue
        sentence = request.sentence
        public_cue = psr._PUBLIC_CUE.search(sentence.text) is not None
        if private.starts_within(sentence.start, sentence.end) and not public_cue:
            continue
        if private and not public_cue:
            continue
        message = f"Asks for {psr._NAMES[request.kind]} on a public channel"
        out.append(Finding(request.start, request.end, message=message))
    return out


def _reference_vague(ctx: DraftContext) -> list[Finding]:
    analysis = ctx.analysis
    if not analysis.latest or not ctx.text.strip() or is_specific(ctx):
        return []
    if not (analysis.question or analysis.complaint):
        return []
    return [Finding(0, len(ctx.text))]


def _reference_no_acknowledgement(ctx: DraftContext) -> list[Finding]:
    if ctx.hits("acknowledgement") or ctx.hits("alternative") or not ctx.text.strip():
        return []
    if url_spans(ctx.text) and (not ctx.hits("promotion") or promotion_score(ctx) < PROMOTIONAL):
        return []
    if not ctx.analysis.complaint:
        return []
    return [Finding(0, len(ctx.text))]


def _reference_office_hours(ctx: DraftContext) -> list[Finding]:
    if not ctx.channel_config.social or ctx.hits("always-on"):
        return []
    follow_ups = ctx.hits("follow-up")
    findings = [
        Finding(*whole_words(ctx, m), suggestion=hit_suggestion(m))
        for m in ctx.hits("deferral")
        if not in_sentence(ctx, m, follow_ups)
    ]
    if not findings:
        later = ctx.hits("later")
        for m in ctx.hits("closed"):
            if any(x.start >= m.end for x in later):
                findings.append(Finding(*whole_words(ctx, m)))
    return findings


def _reference_outbound(ctx: DraftContext) -> Outbound:
    brand = (ctx.conversation.brand or "").strip().lstrip("@").lower()
    promo = None
    if bool(ctx.hits("promotion") or ctx.hits("marketing")) and marketing_score(ctx) >= PROMOTIONAL:
        promo = promotion_spans(ctx) or (0, len(ctx.text))
    return Outbound(brand, promo, ctx.config.marketing_ratio)


_LINTER: list[Linter] = []


def _contexts(conv: Conversation) -> tuple[DraftContext, DraftContext]:
    """Two contexts of one conversation, each with its own analysis and cache."""
    if not _LINTER:
        _LINTER.append(Linter())
    linter = _LINTER[0]
    (ctx,) = list(linter._contexts([conv]))
    _, bank = linter._banks()
    fresh = ConversationAnalysis(ctx.conversation, linter.pipeline, bank, public=ctx.public)
    return ctx, dataclasses.replace(ctx, analysis=fresh, cache={})


def _assert_same(conv: Conversation) -> None:
    checks: list[tuple[Rule, Any]] = [
        (RepeatedRequest(), _reference_repeated),
        (PublicSensitiveRequest(), _reference_public_sensitive),
        (VagueReply(), _reference_vague),
        (NoAcknowledgement(), _reference_no_acknowledgement),
        (OfficeHoursDeferral(), _reference_office_hours),
    ]
    for rule, reference in checks:
        fast, full = _contexts(conv)
        assert list(rule.check(fast)) == reference(full), rule.slug
    fast, full = _contexts(conv)
    assert MarketingFlood().collect(fast) == _reference_outbound(full)


# -- generated conversations -----------------------------------------------------------

_DRAFT_PIECES = [
    "Please DM us your account number.", "Reply here with your email address", "and",
    "Could you confirm your date of birth?", "Never share your PIN.", "What's your order number?",
    "Which phone model are you using?", "We'll address this today.", "send us an email at",
    "support@brand.com", "Just to confirm, did you try resetting your password?",
    "Comment below with your card number", "CONFİRM your password", "ſend us your postcode",
    "tell me the", "home address", "phone number", "booking reference", "serial number",
    "We'll text a code to your phone number.", "https://support.example.com/a/1", "HTTPS://A.CO/x",
    "www.", "http://", "https://\u00e9", "Sorry for the trouble!", "Thanks.", "\n", " ", ",",
    "We're looking into it.", "Our office is closed", "call us tomorrow", "during office hours",
    "we're here 24/7", "Sign up today!", "from £35/month", "Offer ends Sunday.", "Upgrade now",
    "I understand", "by 4pm", "Send us a private message", "publicly", "İ", "x" * 60,
]  # fmt: skip
_SAID_PIECES = [
    "My login email is raj.patel@example.com", "call me on 07700 900461", "order NM-558201",
    "account 40021877", "card ending 4242", "7 Harbour Lane, Bristol BS1 4QA", "my Pixel 8",
    "born 1990", "@Brand no broadband since 7am. When will it be back?", "it's broken again",
    "thanks!", "AB12CD", "\n", " ", "@ann", "a@b",
]  # fmt: skip

_DRAFTS = st.lists(
    st.sampled_from(_DRAFT_PIECES) | st.text(max_size=4), min_size=1, max_size=8
).map(" ".join)
_SAID = st.lists(st.sampled_from(_SAID_PIECES) | st.text(max_size=3), max_size=5).map(" ".join)


@given(
    draft=_DRAFTS,
    said=st.lists(_SAID, max_size=3),
    channel=st.sampled_from(["twitter", "facebook", "email", "sms", "chat"]),
    author=st.sampled_from(["@ann", "+44 7700 900461", None]),
    agent_last=st.booleans(),
)
def test_rules_are_the_full_computation(
    draft: str, said: list[str], channel: str, author: str | None, agent_last: bool
) -> None:
    messages: list[dict[str, Any]] = [
        {"role": "customer", "author": author, "text": text} for text in said
    ]
    if agent_last:
        messages.append({"role": "agent", "author": "@Brand", "text": "Hi! How can we help?"})
    data = {"channel": channel, "brand": "@Brand", "messages": messages, "draft": draft}
    _assert_same(Conversation.model_validate(data))


_RULES = [
    RepeatedRequest,
    VagueReply,
    PublicSensitiveRequest,
    NoAcknowledgement,
    MarketingFlood,
    OfficeHoursDeferral,
]
_EXAMPLES = [e for rule in _RULES for e in (*rule.failing, *rule.passing)]


@pytest.mark.parametrize("example", _EXAMPLES, ids=lambda e: e.draft[:30])
def test_examples_are_the_full_computation(example: Example) -> None:
    for conv in example.conversations():
        _assert_same(conv)


@given(said=st.lists(_SAID, max_size=3), author=st.sampled_from(["@ann", " 07700900461 ", None]))
def test_given_details_are_the_full_computation(said: list[str], author: str | None) -> None:
    messages = [{"role": "customer", "author": author, "text": text} for text in said]
    conv = Conversation.model_validate({"messages": messages, "draft": "x"})
    full = _reference_given(conv)
    assert rr.given_details(conv) == full
    for kind in rr._GIVEN:
        assert rr.given_details(conv, {kind}) == full & {kind}


# -- the request pre-check ---------------------------------------------------------------


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in pattern:
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += (ch == "(") - (ch == ")")
        current += ch
    return [*parts, current]


def test_request_words_are_in_every_verb_of_the_cue() -> None:
    pattern = _REQUEST_CUE.pattern
    assert pattern.startswith("\\b(?:")
    rest = pattern[2:]
    depth, end = 0, 0
    for i, ch in enumerate(rest):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            end = i
            break
    verbs = _top_level_alternatives(rest[3:end])
    assert len(verbs) > 10
    for verb in verbs:
        literal = verb.split("(")[0]
        assert any(word in literal for word in REQUEST_WORDS), verb


def test_cue_letters_fold_to_themselves() -> None:
    everything = "".join(chr(c) for c in range(0x110000))
    for letter in sorted(set("".join(REQUEST_WORDS))):
        for ch in regex.findall(regex.escape(letter), everything, _REQUEST_CUE.flags):
            assert ch.replace("\u0130", "i").casefold() == letter, (letter, ch)


_CUE_PIECES = [
    "send", "SEND", "ſend", "Tell", "whİch", "what's", "what’s", "dm", "DM", "pm", "us", "me",
    "here", "with", "your", "the", "a", "and", "or", "&", "old", "full", "home", ",", ".", "\n",
    " ", "  ", "x", "resend", "confirm,", "Confirm", "please", "need", "x" * 30,
]  # fmt: skip


@given(
    st.lists(st.sampled_from(_CUE_PIECES) | st.text(max_size=3), max_size=24).map(" ".join),
    st.text(max_size=4),
)
def test_request_precheck_says_no_only_without_a_cue(lead: str, detail: str) -> None:
    text = lead + detail
    start = len(lead)
    if may_be_request(text, start):
        return
    for a in range(start + 1):
        assert _REQUEST_CUE.search(text[a:start][-70:]) is None


def test_kinds_are_those_of_the_requests() -> None:
    conv = Conversation.model_validate(
        {
            "channel": "twitter",
            "messages": [{"role": "customer", "text": "hi"}],
            "draft": "Please DM us your account number and tell me your email address. "
            "Did you check your password? Reply with your home address.",
        }
    )
    fast, full = _contexts(conv)
    kinds = {r.kind for r in detail_requests(full)}
    assert kinds == {"account", "email", "address"}
    assert request_kinds(fast, rr._GIVEN.keys() | SENSITIVE_KINDS) >= kinds


# -- links ------------------------------------------------------------------------------

_URL_PIECES = [
    "https://", "http://", "www.", "HTTP://", "WWW.", "x", "é", " ", "\n", "\u3000", "\x1c",
    "https://a", "www.b", "İ", ".", "!", "~", "\x7f",
]  # fmt: skip


@given(st.lists(st.sampled_from(_URL_PIECES) | st.text(max_size=3), max_size=12).map("".join))
def test_surely_url_at_only_with_a_url(text: str) -> None:
    if surely_url_at(text) >= 0:
        assert url_spans(text)
