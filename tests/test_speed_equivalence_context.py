"""The shortcuts of ``unsolicited-reply``, ``emoji-on-complaint``, ``duplicate-reply`` and
``addressed_to_brand`` give what the full computation gives.

Each reference below is the straightforward computation the shortcut stands for: the
patterns applied along the whole text, every message searched, every step in its
natural order. Generated inputs mix the characters each shortcut relies on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint import Linter
from replylint.analysis import facts
from replylint.analysis.facts import ConversationAnalysis, brand_stem
from replylint.models import Conversation
from replylint.placeholders import find_placeholders
from replylint.rules import duplicate_reply as dup
from replylint.rules import emoji_on_complaint as emo
from replylint.rules._draft import (
    PRICE_PER_PERIOD,
    blank_spans,
    marketing_score,
    may_hold_email,
    may_price_per_period,
    promotion_spans,
    quick_help_links,
    shares_stem,
    topic_words,
    url_spans,
)
from replylint.rules.base import DraftContext, Example, Finding
from replylint.rules.unsolicited_reply import _FILLER_LISTS, _PITCH, UnsolicitedReply, _has_path
from tests._reference import is_brand_handle

# -- duplicate-reply: the words of a text ---------------------------------------------


def _reference_words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in dup._WORD.findall(dup._NUMBER.sub(" # ", text)))


def _reference_text_words(text: str) -> tuple[str, ...]:
    spans = [*url_spans(text), *find_placeholders(text)]
    spans += [m.span() for m in dup._EMAIL.finditer(text)]
    clean = blank_spans(text, spans)
    clean = dup._HANDLE.sub(" ", clean)
    clean = dup._SIGN_OFF.sub(" ", clean.rstrip())
    m = dup._GREETING.match(clean)
    if m:
        clean = "greeting " + clean[m.end() :]
    return _reference_words(clean)


_TEXT_PIECES = st.sampled_from(
    [
        "@kim", "@Kim_R", "a@b.com", "x.y+z@mail.example.co", "@@x", "_@x", "é@x", "@",
        "hi ", "Hi Ola, ", "Hello ", "HEY there Sam!", "dear Ms Lee: ", "good morning ",
        "Good Evening Finn - ", "hiya", "ǅear ", "\u0130", "ß", "ſ", "K",
        " ^JD", " -Sam", " —Mara", "–AB", " *TB ", "/x", "~Q", "^ab", " - Kim\t",
        "12", "3.5", "1..2", "10:30", "4/5-6", "#", "##", "#1", "a1b", "'", "don't",
        "don’t", "“quoted”", "wait…", "a\xa0b", "x\u2009y", "\u3000", "😊", "👍🏽",
        "https://help.example.com/a?b=1", "www.Example.com/x", "{name}", "[Customer Name]",
        " ", "  ", "\t", "\n", ".", ",", "!", "?", "-", ":", "/",
    ]
)  # fmt: skip
_TEXTS = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(_TEXT_PIECES, st.text(max_size=6)), max_size=14).map("".join),
    st.lists(_TEXT_PIECES, max_size=14).map(" ".join),
)


@given(_TEXTS)
def test_words_are_those_of_the_patterns(text: str) -> None:
    assert dup._words(text) == _reference_words(text)


@given(_TEXTS)
def test_text_words_are_those_of_the_full_computation(text: str) -> None:
    assert dup._text_words(text) == _reference_text_words(text)


@given(_TEXTS)
def test_handles_are_dropped_as_the_pattern_would(text: str) -> None:
    assert dup._drop_handles(text) == dup._HANDLE.sub(" ", text)


@given(_TEXTS)
def test_sign_off_is_dropped_as_the_pattern_would(text: str) -> None:
    assert dup._drop_sign_off(text) == dup._SIGN_OFF.sub(" ", text)


@given(_TEXTS)
def test_email_precheck_says_no_only_without_an_address(text: str) -> None:
    if dup._EMAIL.search(text) is not None:
        assert may_hold_email(text)


@given(_TEXTS)
def test_greeting_precheck_says_no_only_without_a_greeting(text: str) -> None:
    if dup._GREETING.match(text) is not None:
        assert text.lstrip(dup._SPACES)[:1] in dup._GREETING_INITIALS


def _code_points() -> Iterator[str]:
    return (chr(c) for c in range(0x110000))


def test_spaces_hold_every_space_of_the_patterns() -> None:
    space = regex.compile(r"\s")
    assert all(c in dup._SPACES for c in _code_points() if space.match(c))


def test_greeting_initials_hold_every_character_that_matches_them() -> None:
    for letter in "hdg":
        pattern = regex.compile(letter, regex.IGNORECASE)
        assert all(c in dup._GREETING_INITIALS for c in _code_points() if pattern.match(c))


def test_plain_marks_part_words_as_a_space_does() -> None:
    inside = regex.compile(r"[\p{L}\d'#.,:/-]")
    assert not any(inside.match(mark) for mark in dup._PLAIN_MARKS)


# -- emoji-on-complaint ----------------------------------------------------------------


def _reference_emoji_spans(text: str) -> list[tuple[int, int]]:
    spans = [
        m.span()
        for m in emo._EMOJI.finditer(text)
        if m.group()[0] not in emo._SYMPATHETIC and m.group()[0] not in emo._TEXT_SYMBOLS
    ]
    urls = url_spans(text)
    for m in emo._EMOTICON.finditer(text):
        if not any(a <= m.start() < b for a, b in urls):
            spans.append(m.span())
    return sorted(spans)


_EMOJI_PIECES = st.sampled_from(
    [
        ":)", ":-D", ";)", "(:", "(;", "=P", ":o)", "^_^", "^-^", "^^", "^JD", "xD", "XD",
        "<3", "10:30", "https://x.example.com/:D", ":", ";", "=", "(", "^", "D", "p", "o",
        "😊", "👍🏽", "😔", "©", "®", "™", "☺", "🇬🇧", "🇬", "’", "–", "é", "\u203b", "\u203c",
        " ", "a", "1",
    ]
)  # fmt: skip


@given(st.one_of(st.text(max_size=30), st.lists(_EMOJI_PIECES, max_size=12).map("".join)))
def test_emoji_spans_are_those_of_the_patterns(text: str) -> None:
    assert emo.emoji_spans(text) == _reference_emoji_spans(text)


def test_emoji_precheck_holds_every_pictograph_below_its_range() -> None:
    first = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
    assert all(
        emo._MAY_BE_EMOJI.search(chr(c)) for c in range(0x203C) if first.match(chr(c))
    )


# -- addressed_to_brand ----------------------------------------------------------------


@given(
    st.lists(
        st.sampled_from(["@", "@@", "@kim", "@Kim_R", "x@y", "@" + "a" * 35, "a", "_", "é", "\u0130", " ", "\n"]),
        max_size=10,
    ).map("".join)
)
def test_handles_are_those_the_pattern_finds(text: str) -> None:
    assert facts._handles_in(text) == {h.lower() for h in facts._MENTION.findall(text)}


def _reference_addressed(conv: Conversation, public: bool) -> bool:
    """The fact with every message's mentions collected before any is looked at."""
    if conv.facts is not None and conv.facts.addressed_to_brand is not None:
        return bool(conv.facts.addressed_to_brand)
    if not public:
        return True
    talk = conv.messages
    if any(m.role == "agent" for m in talk):
        return True
    if not talk:
        return False
    handles = conv.brand_handles
    mentions = [{h.lower() for h in facts._MENTION.findall(m.text)} for m in talk]
    mentioned = set().union(*mentions)
    if handles:
        if any(is_brand_handle(h, handles) for h in mentioned):
            return True
        names = [h for h in handles if " " in h]
        if any(facts._mentions_name(m.text.lower(), n) for m in talk for n in names):
            return True
        stems = {brand_stem(h) for h in handles if " " not in h}
        for m, its_mentions in zip(talk, mentions):
            if m.role != "customer" or its_mentions:
                continue
            if any(len(st) >= 4 and facts._stem_pattern(st).search(m.text) for st in stems):
                return True
        if any(m.role == "other" for m in talk):
            return False
    elif mentioned:
        participants = {(m.author or "").lstrip("@").lower() for m in conv.messages if m.author}
        if mentioned - participants:
            return True
    if not mentioned and not any(m.role == "other" for m in talk):
        return (conv.channel or "") in facts._PAGE_CHANNELS
    return False


_HANDLES = ["@OrbitCare", "@orbitcare", "@Orbit", "@HP", "@HPSupport", "@jess", "@mara"]
_MESSAGE_TEXTS = st.lists(
    st.sampled_from(
        [*_HANDLES, "hi", "Orbit", "orbit care", "Orbit Care Team", "my orbit keeps failing",
         "x@orbitcare", "@@OrbitCare", "\u0130", "?"]
    ),
    max_size=5,
).map(" ".join)  # fmt: skip
_MESSAGES = st.lists(
    st.fixed_dictionaries(
        {
            "role": st.sampled_from(["customer", "customer", "other", "agent"]),
            "author": st.sampled_from([None, "@mara", "@jess", "Kim"]),
            "text": _MESSAGE_TEXTS,
        }
    ),
    max_size=4,
)


@given(
    messages=_MESSAGES,
    brand=st.sampled_from([None, "", "@OrbitCare", "@HPSupport", "Orbit Care"]),
    aliases=st.lists(st.sampled_from(["@Orbit", "Orbit Care", "@HP", " "]), max_size=2),
    channel=st.sampled_from([None, "twitter", "facebook"]),
    public=st.booleans(),
    supplied=st.sampled_from([None, True, False]),
)
def test_addressed_to_brand_is_the_full_computation(
    messages: list[dict[str, Any]],
    brand: str | None,
    aliases: list[str],
    channel: str | None,
    public: bool,
    supplied: bool | None,
) -> None:
    data: dict[str, Any] = {
        "brand": brand,
        "brand_aliases": aliases,
        "channel": channel,
        "messages": messages,
        "draft": "Hi",
    }
    if supplied is not None:
        data["facts"] = {"addressed_to_brand": supplied}
    conv = Conversation.model_validate(data)
    linter = _linter()
    _, bank = linter._banks()
    analysis = ConversationAnalysis(conv, linter.pipeline, bank, public=public)
    assert analysis.addressed_to_brand == _reference_addressed(conv, public)


# -- unsolicited-reply -----------------------------------------------------------------


def _reference_unsolicited(ctx: DraftContext) -> list[Finding]:
    """The rule with the topic words read before the links, the fillers blanked one
    character at a time."""
    analysis = ctx.analysis
    if not ctx.public or not analysis.latest or analysis.addressed_to_brand:
        return []
    priced = may_price_per_period(ctx.text) and PRICE_PER_PERIOD.search(ctx.text) is not None
    calls_to_buy = bool(ctx.hits("promotion") or ctx.hits("marketing")) or priced
    if calls_to_buy and marketing_score(ctx) >= _PITCH:
        span = promotion_spans(ctx) or (0, len(ctx.text))
        return [Finding(*span, message="Pitches a product in a conversation not addressed to the brand")]
    said = "\n".join(m.text for m in ctx.conversation.messages if m.role != "agent")
    chars = list(ctx.text)
    for label in _FILLER_LISTS:
        for m in ctx.hits(label):
            chars[m.start : m.end] = " " * (m.end - m.start)
    if shares_stem(topic_words("".join(chars)), topic_words(said)):
        return []
    if any(_has_path(ctx.text[a:b]) for a, b in quick_help_links(ctx)):
        return []
    greetings = ctx.hits("canned-greeting")
    if greetings:
        first = greetings[0]
        end = first.end + (1 if ctx.text[first.end : first.end + 1] == "?" else 0)
        return [Finding(first.start, end)]
    return [Finding(0, len(ctx.text))]


_LINTER: list[Linter] = []


def _linter() -> Linter:
    if not _LINTER:
        _LINTER.append(Linter())
    return _LINTER[0]


def _contexts(conv: Conversation) -> tuple[DraftContext, DraftContext]:
    """Two contexts of one conversation, each with its own analysis and cache."""
    linter = _linter()
    (ctx,) = list(linter._contexts([conv]))
    _, bank = linter._banks()
    fresh = ConversationAnalysis(ctx.conversation, linter.pipeline, bank, public=ctx.public)
    return ctx, dataclasses.replace(ctx, analysis=fresh, cache={})


_DRAFTS = st.lists(
    st.sampled_from(
        [
            "How may we help you today?", "Hi there!", "We're here to help.", "Send us a DM.",
            "Get yours today:", "the all-new Fibre 900,", "from £35/month!", "just €15 a seat!",
            "Book today.", "dropped calls", "Sorry about the mast,", "Lisbon flight",
            "https://support.example.com/answer/7162782", "https://example.com/",
            "https://shop.example.com/x", "steps here:", "Thanks!", "☺",
        ]
    ),
    min_size=1,
    max_size=6,
).map(" ".join)  # fmt: skip


@given(
    draft=_DRAFTS,
    said=st.sampled_from(
        [
            "@jess I've lost faith in Orbit, dropped calls all week",
            "@ines can't wait for Lisbon next week!!",
            "@dan the pizza place on 5th is open",
            "@OrbitCare hello?",
            "my orbit keeps dropping calls",
        ]
    ),
    other=st.booleans(),
)
def test_unsolicited_reply_is_the_full_computation(draft: str, said: str, other: bool) -> None:
    messages = [{"role": "customer", "author": "@mara", "text": said}]
    if other:
        messages.append({"role": "other", "author": "@jess", "text": "@mara same here"})
    data = {"channel": "twitter", "brand": "@OrbitCare", "messages": messages, "draft": draft}
    fast, full = _contexts(Conversation.model_validate(data))
    assert list(UnsolicitedReply().check(fast)) == _reference_unsolicited(full)


@pytest.mark.parametrize(
    "example", [*UnsolicitedReply.failing, *UnsolicitedReply.passing], ids=lambda e: e.draft[:30]
)
def test_unsolicited_reply_examples_are_the_full_computation(example: Example) -> None:
    fast, full = _contexts(example.conversation())
    assert list(UnsolicitedReply().check(fast)) == _reference_unsolicited(full)
