"""``public-sensitive-request``: asking the customer to post sensitive details in public."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .._lazy import lazy_regex
from ..models import Severity
from ._draft import SENSITIVE_KINDS, detail_requests, request_kinds
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

# Words that put the answer in public: "reply here", "comment below", "in this thread".
_PUBLIC_CUE = lazy_regex(
    r"\b(?:reply|respond|answer|comment|post|tweet)\w*\s+(?:here|below|back|publicly|to this)\b"
    r"|\b(?:comment|post|tweet)\b|\bbelow\b|\bin (?:this|the) (?:thread|comments?|post)\b"
    r"|\bpublicly\b|\bhere with\b|\breply with\b",
    regex.IGNORECASE,
)
_NAMES = {
    "password": "a password, PIN or security code",
    "ssn": "a social security number",
    "dob": "a date of birth",
    "card": "card details",
    "account": "an account number",
    "address": "an address",
}


@register
class PublicSensitiveRequest(Rule):
    slug = "public-sensitive-request"
    severity = Severity.ERROR
    message = "Asks the customer to post sensitive details on a public channel"
    phrase_lists = ("personal-detail", "private-offer")
    triggers = ("personal-detail",)
    suggestion = 'Ask for it in private: "Please DM us your account number (never your PIN)."'
    docs = RuleDocs(
        what=(
            "On a public channel (Twitter/X, Facebook), flags a request for an account "
            "number, password or PIN, card number, social security number, address or date "
            "of birth, unless the draft moves the request to a private channel (DM, private "
            "message, e-mail, call) and does not say to answer in public. Warnings such as "
            '"never share your PIN" are not requests. The span is the detail asked for.'
        ),
        why=(
            "Whatever a customer posts in reply to a public tweet or comment can be read by "
            "anyone; an account number, PIN or date of birth is enough for fraud. The "
            "guidance asks brands to move detail to private: \"offering to call or to talk "
            'in private would be much appreciated" (seed 003).'
        ),
        seeds=("003",),
        instead=(
            '"Sorry to hear that, Jo. Please DM us your account number — never your PIN or '
            "full card number — and we'll check the payment straight away.\""
        ),
        guidance="Never ask for account numbers, PINs, card numbers or addresses in public.",
    )
    failing = (
        Example(
            "Sorry to hear that, Jo. Reply here with your account number and we'll check it.",
            context="@Brand there's a £89.99 payment I don't recognise",
            channel="twitter",
            flagged="account number",
        ),
        Example(
            "To verify you, please comment below with your date of birth and the PIN.",
            context="My SIM stopped working this morning",
            channel="facebook",
            flagged="date of birth",
        ),
        Example(
            "Can you confirm your home address so we can send a new router?",
            context="@Brand router died last night",
            channel="twitter",
            flagged="home address",
        ),
    )
    passing = (
        Example(
            "Please DM us your account number (never your PIN or full card number).",
            context="@Brand my card has been declined twice today",
            channel="twitter",
        ),
        Example(
            "Please reply with your account number and date of birth.",
            context="My card has been declined twice today",
            channel="email",
        ),
        Example(
            "We'll never ask for your password in a tweet. Stay safe!",
            channel="twitter",
        ),
        Example(
            "Send us a private message with your booking reference and address.",
            channel="facebook",
        ),
        Example("We'll address this with the team today.", channel="twitter"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        if not ctx.public or not ctx.hits("personal-detail"):
            return ()
        # Only requests for sensitive kinds are flagged: whether any can be is known
        # from the hits, before the (costly) search for requests.
        if not request_kinds(ctx, SENSITIVE_KINDS):
            return ()
        # A private-channel offer anywhere in the draft moves the exchange to private,
        # unless the request's sentence says to answer in public.
        private = bool(ctx.hits("private-offer"))
        findings: list[Finding] = []
        for request in detail_requests(ctx):
            if request.kind not in SENSITIVE_KINDS:
                continue
            if private and _PUBLIC_CUE.search(request.sentence.text) is None:
                continue
            findings.append(
                Finding(
                    request.start,
                    request.end,
                    message=f"Asks for {_NAMES[request.kind]} on a public channel",
                )
            )
        return findings
