"""``ignored-sales-inquiry``: a customer who wants to buy gets a brush-off and no way
forward."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .._lazy import lazy_regex
from ..models import Severity
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .pii_in_reply import find_phones
from .registry import register

_EMAIL = lazy_regex(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Someone will come back to the customer: "our sales team will call you today".
_SALES_CONTACT = lazy_regex(
    r"\b(?:sales|team|colleague|advisor|adviser|specialist|manager|someone|rep\w*)\b"
    r"[^.!?]{0,30}\b(?:will|'ll|can|shall)\b[^.!?]{0,20}"
    r"\b(?:call|ring|email|e-mail|contact|reach|get in touch|get back|be in touch|phone|text)\b",
    regex.IGNORECASE,
)


@register
class IgnoredSalesInquiry(Rule):
    slug = "ignored-sales-inquiry"
    severity = Severity.WARNING
    message = "Brushes off a customer who wants to buy, with no contact or next step"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = ("sales-brush-off", "private-offer", "answer-promise")
    triggers = ("sales-brush-off",)
    suggestion = (
        "Treat it as a sale: give a direct contact or book a call "
        '("DM us your number and our business team will call you today").'
    )
    docs = RuleDocs(
        what=(
            "Flags a draft that answers a customer who wants to buy, sign up or upgrade "
            'with a brush-off — "fill the web form first", "we don\'t handle sales on '
            'Twitter", "visit our website" — and offers no contact and no next step: no DM '
            "or call, no phone number or e-mail address, nobody who will get back to them. "
            "The span is the brush-off."
        ),
        why=(
            '"Failure to even recognize incoming sales inquiries gives the impression of the '
            "obvious poor customer service that would follow should a 'sign up' ever "
            'actually happen" (seed 002). The author had filled a web form three times and '
            "called sales several times with no answer."
        ),
        seeds=("002",),
        instead=(
            '"Thanks for thinking of us, Dana! Our wholesale team can quote for 40 seats — '
            "DM us your number and they'll call you today.\""
        ),
        guidance="Recognise sales inquiries and give the customer a way to buy (seed 002).",
    )
    failing = (
        Example(
            "You need to fill the web form first if you want to buy service from us.",
            context="@Brand we want to buy 40 SIP trunks. Who do I talk to about pricing?",
            flagged="fill the web form",
        ),
        Example(
            "We don't handle sales on Twitter.",
            context="@Brand moving to Bath next month, want to sign up for your fibre",
            flagged="We don't handle sales",
        ),
        Example(
            "Hi Tom, please visit our website.",
            context="@Brand how much does the unlimited plan cost? Looking to add a line",
            flagged="visit our website",
        ),
    )
    passing = (
        Example(
            "Welcome to Bath! Pop your postcode into our sign-up web form at "
            "https://example.com/join, or DM us and our sales team will call you today.",
            context="@Brand how do I sign up for your 500Mb fibre? Just moved to Bath",
        ),
        Example(
            "Unlimited is $45/month with 5G included; you can add a line in the app.",
            context="@Brand how much does the unlimited plan cost? Looking to add a line",
        ),
        Example(
            "Please fill in the web form so we can look into the fault.",
            context="@Brand my line is down again",
            note="not a sales inquiry",
        ),
        Example(
            "Visit our website or call our business team on 0800 123 4567.",
            context="@Brand we want to buy 20 handsets for our office",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        brush = ctx.hits("sales-brush-off")
        if not brush or not ctx.analysis.latest or not ctx.analysis.sales_inquiry:
            return
        if ctx.hits("private-offer") or ctx.hits("answer-promise"):
            return
        if _EMAIL.search(ctx.text) or find_phones(ctx.text) or _SALES_CONTACT.search(ctx.text):
            return
        yield Finding(brush[0].start, brush[0].end)
