"""The conversation facts of SPEC §5 (other than the complaint model, which has its own
tests): question, sales_inquiry, churn, anger, addressed_to_brand, and supplied facts
winning over detected ones."""

from __future__ import annotations

from typing import Any

import pytest

import replylint
from replylint import Linter
from replylint.analysis.facts import ConversationAnalysis, _brand, brand_stem
from replylint.models import Conversation


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def analysis(
    linter: Linter,
    *texts: str,
    brand: str | None = "@TelcoCare",
    public: bool = True,
    **extra: Any,
) -> ConversationAnalysis:
    """The analysis of a conversation whose customer wrote ``texts``."""
    data: dict[str, Any] = {
        "brand": brand,
        "messages": [{"role": "customer", "author": "@ann", "text": t} for t in texts],
        **extra,
    }
    conv = Conversation.model_validate(data)
    _, bank = linter._banks()
    return ConversationAnalysis(conv, linter.pipeline, bank, public=public)


# -- question ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "@TelcoCare is there an outage in Leeds? No data since 2pm",
        "@TelcoCare how do I sign up for your 500Mb fibre",  # no "?" but a real question
        "@TelcoCare any idea when it'll be back",
        "@TelcoCare you charged me twice?",  # declarative question
        "@TelcoCare 2 days now, what's happening?",
    ],
)
def test_real_questions(linter: Linter, text: str) -> None:
    facts = analysis(linter, text)
    assert facts.question
    assert facts.question_score >= 0.5
    assert facts.questions


@pytest.mark.parametrize(
    "text",
    [
        "@TelcoCare How many times do I have to ask?? Still charging me.",  # rhetorical
        "@TelcoCare are you kidding me? Third outage this week.",
        "@TelcoCare what a joke. No signal again.",
        "@TelcoCare hi, is anyone there?",  # phatic: any reply answers it
        "@TelcoCare Help?",
        "@TelcoCare my router is broken. See https://example.com/faq?id=3&x=?",  # "?" in a URL
        "@TelcoCare see example.com/help?topic=billing for what I mean",
        "@TelcoCare did that twice, still orange.",  # "did" without a subject or "?"
        "What our new team members don't know is we end these with a toast.",
        "@TelcoCare Paying £60 a month for this??",  # exasperated statement
    ],
)
def test_not_questions(linter: Linter, text: str) -> None:
    facts = analysis(linter, text)
    assert not facts.question, facts.question_items
    assert facts.questions == []


def test_question_kinds_and_focus(linter: Linter) -> None:
    facts = analysis(
        linter, "@TelcoCare 2 days now, what's happening? How many times must I ask??"
    )
    kinds = {q.kind for q in facts.question_items}
    assert kinds == {"direct", "rhetorical"}
    assert facts.questions == ["what's happening?"]


def test_question_reads_only_the_latest_turn(linter: Linter) -> None:
    conv = Conversation.model_validate(
        {
            "brand": "@TelcoCare",
            "messages": [
                {"role": "customer", "text": "@TelcoCare can I keep my number?"},
                {"role": "agent", "text": "Yes, you can."},
                {"role": "customer", "text": "@TelcoCare great, thanks!"},
            ],
        }
    )
    _, bank = linter._banks()
    facts = ConversationAnalysis(conv, linter.pipeline, bank)
    assert not facts.question


# -- sales inquiry, churn, anger --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@TelcoCare we want to buy 40 SIP trunks, who can I talk to about wholesale pricing?", True),
        ("@TelcoCare how much does the unlimited plan cost?", True),
        ("@TelcoCare moving to Bath, want to sign up for your fibre", True),
        ("@TelcoCare any plans with more data?", True),
        ("@TelcoCare I'm not looking to buy anything, my bill is wrong", False),
        ("@TelcoCare my internet is down again", False),
        ("@TelcoCare how do I cancel my add-on?", False),
    ],
)
def test_sales_inquiry(linter: Linter, text: str, expected: bool) -> None:
    assert analysis(linter, text).sales_inquiry is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@TelcoCare third outage this week, I'm switching", True),
        ("@TelcoCare that's it, cancel my contract", True),
        ("@TelcoCare honestly I have lost faith in you", True),
        ("@TelcoCare done with you, porting my number out", True),
        ("@TelcoCare looking for a new provider after this", True),
        ("@TelcoCare I'm going to the shop later to pick up my phone", False),
        ("@TelcoCare not switching anywhere, just want it fixed", False),
        ("@TelcoCare I'm out of data, can I top up?", False),
    ],
)
def test_churn(linter: Linter, text: str, expected: bool) -> None:
    assert analysis(linter, text).churn is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@TelcoCare this is ridiculous, 4th day without internet", True),
        ("@TelcoCare FIX. THE. ROKU. APP. IMMEDIATELY.", True),
        ("@TelcoCare what the fuck is going on with my bill", True),
        ("@TelcoCare I'm so frustrated with this", True),
        ("@TelcoCare still no signal?!", True),
        ("@TelcoCare my SIM and the APN settings for LTE, any help?", False),
        ("@TelcoCare is the COVID helpline on the NHS app?", False),
        ("@TelcoCare not terrible, just slow in the evenings", False),
        ("@TelcoCare hi, my bill looks higher than usual", False),
    ],
)
def test_anger(linter: Linter, text: str, expected: bool) -> None:
    facts = analysis(linter, text)
    assert facts.anger is expected
    assert (facts.anger_score >= 0.5) is expected


# -- addressed to the brand -------------------------------------------------------------


def test_brand_stems() -> None:
    assert brand_stem("@HPSupport") == "hp"
    assert brand_stem("TeamYouTube") == "youtube"
    assert brand_stem("Ask_WellsFargo") == "wellsfargo"
    assert brand_stem("hulu_support") == "hulu"
    assert brand_stem("zoom_us") == "zoom"
    assert brand_stem("AskeBay") == "ebay"


@pytest.mark.parametrize(
    ("handle", "brand", "expected"),
    [
        ("hp", "hpsupport", True),
        ("hpsupport", "hpsupport", True),
        ("youtube", "teamyoutube", True),
        ("adobepremiere", "adobecare", True),
        ("applebees", "hpsupport", False),
        ("hpe", "hpsupport", False),
        ("jess_tan", "orbittelcare", False),
    ],
)
def test_brand_family(handle: str, brand: str, expected: bool) -> None:
    assert _brand(brand, ()).owns(handle) is expected


@pytest.mark.parametrize(
    ("texts", "brand", "extra", "expected"),
    [
        (["@HP my printer is offline again"], "@HPSupport", {}, True),
        (["@HPSupport my printer is offline again"], "@HPSupport", {}, True),
        (["@PrinterCo my printer is offline"], "@HPSupport", {"brand_aliases": ["@PrinterCo"]}, True),
        (["@jess_tan lost faith in Orbit, dropped calls all week"], "@OrbitTelCare", {}, False),
        (["@lena can't wait for Lisbon next week!!"], "@SkyLineAir", {}, False),
        (["my spotify keeps skipping songs"], "@SpotifyCares", {}, True),
        (["my phone keeps skipping songs"], "@SpotifyCares", {}, False),
        (["Does anyone know if Wells Fargo is open?"], "@Ask_WellsFargo", {}, True),
        (["my spotify keeps skipping songs"], "@SpotifyCares", {"channel": "facebook"}, True),
        (["@bob have you tried @TelcoCare?"], None, {}, True),
        ([], "@TelcoCare", {}, False),
    ],
)
def test_addressed_to_brand(
    linter: Linter, texts: list[str], brand: str | None, extra: dict[str, Any], expected: bool
) -> None:
    assert analysis(linter, *texts, brand=brand, **extra).addressed_to_brand is expected


def test_two_friends_thread_is_not_addressed(linter: Linter) -> None:
    conv = Conversation.model_validate(
        {
            "brand": "@OrbitTelCare",
            "messages": [
                {"role": "customer", "author": "@mara", "text": "@jess lost faith in Orbit"},
                {"role": "other", "author": "@jess", "text": "@mara same, fed up with them"},
            ],
        }
    )
    _, bank = linter._banks()
    assert not ConversationAnalysis(conv, linter.pipeline, bank).addressed_to_brand


def test_reply_in_a_thread_with_the_brand_is_addressed(linter: Linter) -> None:
    conv = Conversation.model_validate(
        {
            "brand": "@SkyLineAir",
            "messages": [
                {"role": "customer", "author": "@bea", "text": "@SkyLineAir is my seat confirmed?"},
                {"role": "agent", "author": "@SkyLineAir", "text": "Yes, you're confirmed."},
                {"role": "other", "author": "@carla", "text": "@bea told you"},
                {"role": "customer", "author": "@bea", "text": "ok thanks! can I pick a window?"},
            ],
        }
    )
    _, bank = linter._banks()
    assert ConversationAnalysis(conv, linter.pipeline, bank).addressed_to_brand


def test_private_channel_is_addressed(linter: Linter) -> None:
    assert analysis(linter, "hello, my bill is wrong", public=False).addressed_to_brand


# -- supplied facts win -----------------------------------------------------------------


def test_supplied_facts_win(linter: Linter) -> None:
    facts = analysis(
        linter,
        "@jess lost faith in Orbit, I'm switching!!! Can I keep my number?",
        brand="@OrbitCare",
        facts={
            "complaint": False,
            "question": False,
            "churn": False,
            "anger": False,
            "sales_inquiry": True,
            "addressed_to_brand": True,
        },
    )
    assert not facts.question and facts.question_score == 0.0
    assert not facts.churn and not facts.anger and facts.anger_score == 0.0
    assert facts.sales_inquiry and facts.addressed_to_brand
    model = facts.facts()
    assert not model.complaint and model.complaint_score == 0.0
    assert model.sales_inquiry and not model.question


def test_supplied_complaint_score(linter: Linter) -> None:
    facts = analysis(linter, "@TelcoCare thanks!", facts={"complaint_score": 0.9})
    assert facts.complaint and facts.complaint_score == 0.9


def test_partly_supplied_facts_leave_the_rest_detected(linter: Linter) -> None:
    facts = analysis(linter, "@TelcoCare I'm switching. Can I keep my number?", facts={"churn": False})
    assert not facts.churn
    assert facts.question


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("@Brand internet dropped at 11pm and I have an exam upload by 8am", True),
        ("@Brand the app keeps crashing when I open my bill", True),
        ("@Brand my parcel never arrived, ordered on the 2nd", True),
        ("@Brand what time does the Leeds store open on Sunday?", False),
        ("@Brand love the new app update, everything loads fast now", False),
    ],
)
def test_calm_failure_report_to_the_brand_is_a_complaint(text: str, complaint: bool) -> None:
    conv = {
        "channel": "twitter",
        "brand": "@Brand",
        "messages": [{"role": "customer", "author": "@ann", "text": text}],
    }
    assert replylint.analyze(conv).complaint is complaint


def test_failure_report_between_friends_is_not_addressed_so_not_forced() -> None:
    conv = {
        "channel": "twitter",
        "brand": "@Brand",
        "messages": [{"role": "customer", "author": "@ann", "text": "@bob my wifi died lol"}],
    }
    facts = replylint.analyze(conv)
    assert not facts.addressed_to_brand
