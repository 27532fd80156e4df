"""The fifth round of shortcuts of the conversation facts give what the computation they
stand for gives: the latest turn and its text worked out when the analysis is made,
``addressed_to_brand`` with what it reads of a brand worked out once per brand (its
handles, the stems of its family, the mention of its own handle), the family mention
of the first message found with string tests, and ``unsolicited-reply`` returning
nothing without a generator. Generated inputs hold what each shortcut judges: handles
with support decorations, mentions next to ASCII and non-ASCII characters, runs of more
than 30 word characters, characters that lower-case to ASCII (the Kelvin sign) or to
two characters (dotted capital I)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint.analysis import facts
from replylint.analysis.facts import ConversationAnalysis, brand_stem
from replylint.models import Conversation
from replylint.rules.unsolicited_reply import UnsolicitedReply
from tests._reference import is_brand_handle, surely_mentions
from tests.test_speed_equivalence_context import (
    _contexts,
    _linter,
    _reference_addressed,
    _reference_unsolicited,
)

# -- the latest turn -------------------------------------------------------------------


def _reference_latest(conv: Conversation) -> list[Any]:
    """The loop over the messages from the last, for every thread."""
    turn = []
    for message in reversed(conv.messages):
        if message.role == "agent":
            break
        if message.role == "customer":
            turn.append(message)
    if not turn:
        turn = conv.customer_messages[-1:]
    turn.reverse()
    return turn[-5:]


@given(
    st.lists(
        st.tuples(st.sampled_from(["customer", "other", "agent"]), st.sampled_from(["", "a", "b\n"])),
        max_size=8,
    )
)
def test_latest_turn_and_text_are_those_of_the_loop(messages: list[tuple[str, str]]) -> None:
    conv = Conversation.model_validate(
        {
            "messages": [{"role": r, "text": f"{t}{i}"} for i, (r, t) in enumerate(messages)],
            "draft": "Hi",
        }
    )
    analysis = ConversationAnalysis(conv, None, None)  # type: ignore[arg-type]
    expected = _reference_latest(conv)
    assert [id(m) for m in analysis.latest] == [id(m) for m in expected]
    assert analysis.latest_text == "\n".join(m.text for m in expected)


# -- what addressed_to_brand reads of a brand -----------------------------------------

# Brand handles and names: support decorations (prefixes, suffixes, underscores), short
# and long cores, non-ASCII letters, a name with a space, a bare "@", a blank.
_BRANDS = [
    "@TeamYouTube", "@HPSupport", "@hp", "@Ask_WellsFargo", "@AskeBay", "@hulu_support",
    "@zoom_us", "@Bränd", "@BrändCare", "@KelvinCare", "@ſpotifyCares", "@\u0130stanbulHelp",
    "@Google", "@GoogleSupport", "@" + "a" * 32 + "Care", "@" + "a" * 30, "@" + "a" * 31,
    "@x.y", "@Orbit-Care", "Orbit Care",
    "@", "@@OrbitCare", " ", "",
]  # fmt: skip
_BRAND_LISTS = st.tuples(
    st.sampled_from([None, *_BRANDS]), st.lists(st.sampled_from(_BRANDS), max_size=2)
)


def _handle_texts() -> st.SearchStrategy[str]:
    """Lower-cased mentions as the pattern gives them: cores with and without
    decorations, in any case, non-ASCII letters, 30-character runs."""
    pieces = st.sampled_from(
        ["you", "tube", "youtube", "team", "hp", "support", "help", "ask", "_", "wells",
         "fargo", "ebay", "uk", "brÄnd", "k", "\u212a", "\u0130", "ſ", "google", "india",
         "a" * 26, "x", "y", "1", "orbit", "care"]
    )  # fmt: skip
    return st.lists(pieces, min_size=1, max_size=5).map(lambda p: "".join(p).lower()[:30])


@given(_BRAND_LISTS, _handle_texts())
def test_brand_owns_what_is_brand_handle_owns(
    brands: tuple[str | None, list[str]], handle: str
) -> None:
    brand, aliases = brands
    conv = Conversation.model_validate({"brand": brand, "brand_aliases": aliases})
    known = facts._brand(brand, tuple(aliases))
    assert list(known.handles) == conv.brand_handles
    assert known.names == tuple(h for h in conv.brand_handles if " " in h)
    stems = {brand_stem(h) for h in conv.brand_handles if " " not in h}
    assert known.stem_patterns == tuple(facts._stem_pattern(s) for s in sorted(stems) if len(s) >= 4)
    assert known.owns(handle) == is_brand_handle(handle, conv.brand_handles)
    for own in conv.brand_handles:  # every handle of the brand, as a mention gives it
        assert known.owns(own) == is_brand_handle(own, conv.brand_handles)


@given(_BRAND_LISTS.map(lambda b: b[0]))
def test_own_mention_is_the_brand_handle_that_surely_mentions_judges(brand: str | None) -> None:
    known = facts._brand(brand, ())
    if not brand:
        assert known.own is None
        return
    handle = brand.lstrip("@")
    text = f"hi {brand.lstrip('@')} @{handle} there"
    if known.own is None:
        assert not surely_mentions(text, handle)
    else:
        assert known.own == "@" + handle
        assert surely_mentions(text, handle)


# -- the first message's family mention ------------------------------------------------

# What may stand before an "@", the mention's run (cores in any case, next to word
# characters, past 30 characters, with letters that lower-case to ASCII or to two
# characters), and what may follow it.
_FAMILY_TEXTS = st.tuples(
    st.sampled_from(["", "", "x", "é", "@", ".", "hi ", "_", "\u0301", "a@b.com ", "1"]),
    st.lists(
        st.sampled_from(["@YouTube", "@youtube", "@YOUTUBETV", "@eBay", "@ebay_uk", "@Ebay",
                         "@\u212aelvin", "@kelvin", "@\u0130stanbul", "@istanbul", "@ſpotify",
                         "@spotify", "@HP", "@hpx", "@jess", "@" + "a" * 29 + "youtube",
                         "@" + "a" * 31, "@" + "a" * 32, "@Orbit-Care", "@", "@@ebay",
                         "youtube", " "]),
        min_size=1,
        max_size=3,
    ).map("".join),
    st.sampled_from(["", "", "\u0301", "x", " hi", "_", "é", ".", "!"]),
).map("".join)  # fmt: skip
_CORES = st.lists(
    st.sampled_from(["youtube", "ebay", "kelvin", "istanbul", "spotify", "a" * 30, "ebay_uk"]),
    min_size=1,
    max_size=3,
    unique=True,
).map(tuple)


@given(_FAMILY_TEXTS, _CORES)
def test_family_mention_first_says_yes_only_for_a_mention_of_a_core(
    text: str, cores: tuple[str, ...]
) -> None:
    if facts._mentions_family_first(text, cores):
        first = next((m.group(1).lower() for m in facts._MENTION.finditer(text)), None)
        assert first is not None and first.startswith(cores)


def test_family_mention_first_finds_the_common_openings() -> None:
    assert facts._mentions_family_first("@YouTube my video", ("youtube",))
    assert facts._mentions_family_first("hey @eBay_UK: help", ("ebay",))
    assert facts._mentions_family_first("@youtubetv", ("youtube",))
    assert not facts._mentions_family_first("x@YouTube", ("youtube",))
    assert not facts._mentions_family_first("@\u212aelvin", ("kelvin",))
    assert not facts._mentions_family_first("@jess @YouTube", ("youtube",))  # only the first


# -- addressed_to_brand ----------------------------------------------------------------

_MESSAGE_TEXTS = st.one_of(
    _FAMILY_TEXTS,
    st.lists(
        st.sampled_from(
            ["@TeamYouTube", "@teamyoutube", "@YouTube", "@HP", "@HPSupport", "@hp_uk",
             "@jess", "@mara", "@AskeBay", "@ebay", "my youtube keeps failing", "wells fargo",
             "Wells-Fargo", "WELLSFARGO", "orbit care", "Orbit Care", "x@YouTube", "@@HP",
             "@Bränd", "bränd", "@Orbit-Care", "@" + "a" * 31, "@" + "a" * 32, "\u0130",
             "\u212a", "hi", "?", "\n"]
        ),
        max_size=5,
    ).map(" ".join),
)  # fmt: skip


@given(
    messages=st.lists(
        st.fixed_dictionaries(
            {
                "role": st.sampled_from(["customer", "customer", "other", "agent"]),
                "author": st.sampled_from([None, "@mara", "@jess", "@YouTube", "Kim"]),
                "text": _MESSAGE_TEXTS,
            }
        ),
        max_size=4,
    ),
    brands=_BRAND_LISTS,
    channel=st.sampled_from([None, "twitter", "facebook"]),
    public=st.booleans(),
    supplied=st.sampled_from([None, None, True, False]),
)
def test_addressed_to_brand_is_the_full_computation(
    messages: list[dict[str, Any]],
    brands: tuple[str | None, list[str]],
    channel: str | None,
    public: bool,
    supplied: bool | None,
) -> None:
    brand, aliases = brands
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


@given(
    said=_MESSAGE_TEXTS,
    draft=st.sampled_from(
        ["How may we help you today?", "Get yours today: the all-new Fibre 900, from £35/month!",
         "Sorry about the dropped calls on your youtube", "Hi there! Send us a DM."]
    ),
    channel=st.sampled_from(["twitter", "chat", "facebook"]),
    role=st.sampled_from(["customer", "other"]),
)  # fmt: skip
def test_unsolicited_reply_is_the_full_computation(
    said: str, draft: str, channel: str, role: str
) -> None:
    data = {
        "channel": channel,
        "brand": "@TeamYouTube",
        "messages": [{"role": role, "author": "@mara", "text": said}],
        "draft": draft,
    }
    fast, full = _contexts(Conversation.model_validate(data))
    assert list(UnsolicitedReply().check(fast)) == _reference_unsolicited(full)


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("@Orbit-Care", "@Orbit-Care my wifi"),  # a core with a "-": no mention holds it
        ("@" + "a" * 32 + "Care", "@" + "a" * 32 + " hi"),  # a core past 30 characters
        ("@" + "a" * 31, "@" + "a" * 31 + " hi"),  # a handle past 30 characters
        ("@" + "a" * 30, "@" + "a" * 30 + " hi"),
        ("@KelvinCare", "@\u212aelvin hi"),  # lower-cases to ASCII
        ("@IstanbulHelp", "@\u0130stanbul hi"),  # lower-cases to two characters
        ("@TeamYouTube", "x@YouTube hi"),
        ("@TeamYouTube", "é@YouTube hi"),
        ("@TeamYouTube", "@YouTube\u0301 hi"),
        ("@TeamYouTube", "@@YouTube hi"),
        ("@HPSupport", "@HP hi"),  # a short core: only its stem says so
        ("@HPSupport", "@jess @hp_uk hi"),
    ],
)
@pytest.mark.parametrize("channel", ["twitter", "facebook"])
def test_addressed_to_brand_at_the_edges_is_the_full_computation(
    brand: str, text: str, channel: str
) -> None:
    conv = Conversation.model_validate(
        {"brand": brand, "channel": channel, "messages": [{"role": "customer", "text": text}]}
    )
    linter = _linter()
    _, bank = linter._banks()
    analysis = ConversationAnalysis(conv, linter.pipeline, bank, public=True)
    assert analysis.addressed_to_brand == _reference_addressed(conv, True)
