"""The fourth round of shortcuts of the rules that read the conversation give what the
computation they stand for gives: ``unanswered-question``'s test for a next step (a
link found with string tests, its help-path words), ``emoji-on-complaint``'s search for
text smileys face by face, the complaint fact with the model asked first, and
``addressed_to_brand``'s test of the first message's first mention. Generated inputs
hold what each shortcut judges: URL prefixes in any case and next to any character,
help-path words in and out of links, prices, pitches, eyes next to noses and mouths,
mentions next to ASCII and non-ASCII characters."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint.analysis import facts
from replylint.analysis.complaint import ComplaintModel
from replylint.analysis.facts import ConversationAnalysis
from replylint.models import Conversation
from replylint.rules import _draft
from replylint.rules import emoji_on_complaint as emo
from tests.test_speed_equivalence_context import _contexts, _linter, _reference_addressed

# -- unanswered-question: a next step ---------------------------------------------------

_URL_PIECES = [
    "https://support.example.com/a", "HTTPS://HELP.EXAMPLE.COM/x", "https://example.com/",
    "https://shop.example.com/buy", "http://x.co/Status", "www.example.com", "WWW.KB.ORG",
    "https://", "http:// x", "www. ", "https://é.com/help", "https://x.com/é/help",
    "https://x.com/a\u3000help", "https://x.com/a\x1chelp", "https://x.com/\u0130help",
    "https://web.archive.org/web/2020/https://community.example.com/t5/faq-how-to",
    "https://x.com/?q=kb", "https://x.com/ReQuEsT", "httpſ://help", "h", "/", ":", "é",
]  # fmt: skip
_NEXT_STEP_PIECES = [
    *_URL_PIECES, "Steps here:", "Get yours today!", "Upgrade to the new plan bundle",
    "deal", "only £35/month", "$5 a month", "10 dollars per month", "USD", "euros",
    "DM us", "we'll get back to you", "Thanks!", "Sorry about that.", "\n", " ",
]  # fmt: skip
_NEXT_STEP_DRAFTS = st.one_of(
    st.lists(st.sampled_from(_NEXT_STEP_PIECES), min_size=1, max_size=6).map(" ".join),
    # An opening (a pitch, an offer, a promise or none), a link and maybe a price.
    st.tuples(
        st.sampled_from(["", "Get yours today!", "Upgrade to the new plan bundle", "deal",
                         "DM us", "we'll get back to you", "Steps here:", "Thanks!"]),
        st.sampled_from(_URL_PIECES),
        st.sampled_from(["", "", "only £35/month", "$5 a month", "10 dollars per month",
                         "USD", "in euros"]),
    ).map(" ".join),
)  # fmt: skip


def _conversation(draft: str, said: str = "@Brand is the outage fixed?") -> Conversation:
    return Conversation.model_validate(
        {
            "brand": "@Brand",
            "channel": "twitter",
            "messages": [{"role": "customer", "text": said}],
            "draft": draft,
        }
    )


@given(_NEXT_STEP_DRAFTS)
def test_next_step_shortcut_is_says_next_step(draft: str) -> None:
    ctx, other = _contexts(_conversation(draft))
    searched = other.hits("private-offer") or other.hits("answer-promise")
    assert _draft.says_next_step(ctx) == bool(searched or _draft.quick_help_links(other))


def test_next_step_shortcut_decides_common_drafts_without_the_full_test(
    monkeypatch: Any,
) -> None:
    # Not only the same answer: the usual drafts with a link are settled without it.
    def fail(ctx: Any) -> bool:
        raise AssertionError("full test called")

    monkeypatch.setattr(_draft, "quick_help_links", fail)
    for draft in (
        "Steps here: https://support.example.com/a",  # a help path
        "Get yours today! https://shop.example.com/HELP/x",  # a help path, in a pitch
        "Thanks for waiting! https://example.com/news",  # no pitch
    ):
        ctx, _ = _contexts(_conversation(draft))
        assert _draft.says_next_step(ctx)


_LINK_TEXTS = st.lists(
    st.sampled_from([*_URL_PIECES, " ", "\n", "\t", "\xa0", "a", "ß", "İ", "K"]), max_size=6
).map("".join)


@given(_LINK_TEXTS)
def test_surely_url_at_is_inside_a_url_with_its_printable_run(text: str) -> None:
    at = _draft.surely_url_at(text)
    if at < 0:
        return
    run = _draft._PRINTABLE_RUN.match(text, at)
    assert run is not None
    end = run.end()
    spans = [(a, b) for a, b in _draft.url_spans(text) if a <= at < b]
    assert spans and end <= spans[0][1], (text, at, end, _draft.url_spans(text))
    if _draft._names_help_path(text[at:end].lower()):
        a, b = spans[0]
        assert _draft._HELP_PATH.search(text[a:b]) is not None


@given(st.text(alphabet="supporthelfaqnswricbkSUPORTHELFAQNSWRICBK/-._é\u212a", max_size=14))
def test_help_path_words_are_found_by_the_pattern(url: str) -> None:
    if url.isascii() and _draft._names_help_path(url.lower()):
        assert _draft._HELP_PATH.search(url) is not None


def test_every_help_path_word_of_the_shortcut_is_one_of_the_pattern() -> None:
    words = ["support", "help", "faq", "answer", "article", "kb", "request", "contact",
             "troubleshoot", "status"]  # fmt: skip
    for word in words:
        assert _draft._names_help_path(word)
        for written in (word, word.upper(), word.title()):
            assert _draft._HELP_PATH.fullmatch(written) is not None, written
    for other in ("blog", "news", "shop", "forums", "t5", "wordpress"):
        assert not _draft._names_help_path(other)


# -- emoji-on-complaint: text smileys face by face --------------------------------------

# The single pattern the faces were searched with before.
_ALL_FACES = re.compile(
    r"<3|xD|XD|\^[_-]?\^|\([:;]|:[-'^o]?[)\]DPp]|;[-'^o]?[)\]DPp]|=[-'^o]?[)\]DPp]"
)
_FACE_PIECES = st.sampled_from(
    ["<", "3", "x", "X", "D", "^", "_", "-", "(", ":", ";", "=", "'", "o", ")", "]", "P",
     "p", "https://", "10:30", " ", "é", "😊", "a", "/", "\n"]
)  # fmt: skip


@given(st.lists(_FACE_PIECES, max_size=10).map("".join))
def test_may_hold_emoticon_is_the_search_of_all_faces(text: str) -> None:
    assert emo._may_hold_emoticon(text) == (_ALL_FACES.search(text) is not None)
    if emo._EMOTICON.search(text) is not None:
        assert emo._may_hold_emoticon(text)


def test_may_hold_emoticon_on_every_pair_and_triple() -> None:
    alphabet = "<3xXD^_-(:;='o)]Pp/ a"
    for a in alphabet:
        for b in alphabet:
            for c in alphabet:
                text = a + b + c
                assert emo._may_hold_emoticon(text) == (_ALL_FACES.search(text) is not None)


# -- the complaint fact: the model first ------------------------------------------------

_SAID = st.sampled_from(
    [
        "@Brand my wifi is down again", "@Brand I'm switching to another provider",
        "@Brand this is ridiculous!!!", "@Brand THANK YOU SO MUCH GUYS", "@Brand fucking app",
        "@Brand love the new update", "@jess the app keeps crashing", "what time is it?",
        "@Brand is there a discount for students?", "@Brand not switching, just asking",
        "@Brand the router has been dead since Monday", "https://x.co/a?b=1 lol",
    ]
)  # fmt: skip


def _reference_complaint(analysis: ConversationAnalysis) -> bool:
    """The fact in the order it was computed before: phrase lists, then the model."""
    supplied = analysis._override("complaint")
    if supplied is not None:
        return bool(supplied)
    if analysis._override("complaint_score") is not None:
        return analysis.complaint_score >= 0.5
    if not analysis.latest:
        return False
    if analysis.churn or analysis.anger:
        return True
    if ComplaintModel.default().is_complaint(analysis.complaint_score):
        return True
    return analysis.addressed_to_brand and bool(analysis._positive_hits("service-failure"))


@given(
    st.lists(
        st.fixed_dictionaries(
            {"role": st.sampled_from(["customer", "customer", "other", "agent"]), "text": _SAID}
        ),
        max_size=3,
    ),
    st.sampled_from([None, {}, {"complaint": True}, {"complaint": False},
                     {"complaint_score": 0.7}, {"complaint_score": 0.2}, {"anger": True}]),
    st.booleans(),
)  # fmt: skip
def test_complaint_with_the_model_first_is_the_same_fact(
    messages: list[dict[str, Any]], supplied: dict[str, Any] | None, public: bool
) -> None:
    conv = Conversation.model_validate(
        {"brand": "@Brand", "messages": messages, "facts": supplied, "draft": "Hi"}
    )
    linter = _linter()
    _, bank = linter._banks()
    new = ConversationAnalysis(conv, linter.pipeline, bank, public=public)
    old = ConversationAnalysis(conv, linter.pipeline, bank, public=public)
    assert new.complaint == _reference_complaint(old)
    assert new.facts() == old.facts()


# -- addressed_to_brand: the first message's first mention ------------------------------

_FIRST_PIECES = st.sampled_from(
    ["@YouTube", "@youtube", "@TeamYouTube", "@YouTubeMusic", "@YouTube\u0301", "x@YouTube",
     "@@YouTube", ".@YouTube", "é@YouTube", "@jess", "@HP", "@HPSupport", "@HP_UK", "@hpx",
     "@Bränd", "@bränd", "@" + "a" * 31, "@", " ", "\n", "hi", "youtube", "\u0130", "_"]
)  # fmt: skip


@given(st.lists(_FIRST_PIECES, max_size=5).map(" ".join))
def test_mentions_are_the_patterns_in_order(text: str) -> None:
    expected = [m.group(1).lower() for m in facts._MENTION.finditer(text)]
    assert list(facts._mentions(text)) == expected
    assert facts._handles_in(text) == set(expected)


# A first message built around one mention, with what may stand before and after it.
_FIRST_MESSAGES = st.tuples(
    st.sampled_from(["", "", "x", "é", "@", ".", "hi ", "_", "\u0301"]),
    st.sampled_from(["@YouTube", "@youtube", "@TeamYouTube", "@YouTubeMusic", "@HP", "@hpx",
                     "@jess", "@Bränd", "@" + "a" * 31, "@you"]),
    st.sampled_from(["", "", "\u0301", "x", " hi", "_", "é", " @YouTube", " @jess"]),
).map("".join)  # fmt: skip


@given(
    _FIRST_MESSAGES,
    st.lists(
        st.fixed_dictionaries(
            {
                "role": st.sampled_from(["customer", "other", "agent"]),
                "author": st.sampled_from([None, "@jess", "@YouTube"]),
                "text": st.lists(_FIRST_PIECES, max_size=3).map(" ".join),
            }
        ),
        max_size=2,
    ),
    st.sampled_from(["@TeamYouTube", "@YouTube", "@HPSupport", "@Bränd", "@hp", "@ ", "@"]),
    st.sampled_from([[], ["@YouTubeMusic"], ["HP Care"], ["@jess"]]),
    st.sampled_from([None, "twitter", "facebook"]),
    st.sampled_from(["customer", "other"]),
)
def test_addressed_to_brand_with_the_first_mention_is_the_full_computation(
    first: str,
    rest: list[dict[str, Any]],
    brand: str,
    aliases: list[str],
    channel: str | None,
    role: str,
) -> None:
    conv = Conversation.model_validate(
        {
            "brand": brand,
            "brand_aliases": aliases,
            "channel": channel,
            "messages": [{"role": role, "text": first or "hi"}, *rest],
            "draft": "Hi",
        }
    )
    linter = _linter()
    _, bank = linter._banks()
    analysis = ConversationAnalysis(conv, linter.pipeline, bank, public=True)
    assert analysis.addressed_to_brand == _reference_addressed(conv, True)


@given(_NEXT_STEP_DRAFTS)
def test_sure_url_at_remembered_for_the_draft_is_surely_url_at(draft: str) -> None:
    ctx, _ = _contexts(_conversation(draft))
    expected = _draft.surely_url_at(draft)
    assert _draft.sure_url_at(ctx) == expected
    assert ctx.cache["sure-url-at"] == expected
    assert _draft.sure_url_at(ctx) == expected  # remembered
