"""``repeated-request``: asking the customer for a detail they already gave."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

import regex

from .._lazy import lazy_regex
from ..models import Conversation, Severity
from ._draft import detail_requests, has_digit, may_hold_email, request_kinds
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

_EMAIL = lazy_regex(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = lazy_regex(r"(?<![\w/])\+?\d[\d ()-]{7,16}\d(?![\w/])")
_CODE = r"[A-Z0-9][A-Z0-9-]{3,}"
_ORDER = lazy_regex(
    rf"\b(?:order|booking|reservation|confirmation|ref(?:erence)?|pnr)\b[^.\n]{{0,25}}?"
    rf"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z0-9]{{5}}){_CODE}\b",
    regex.IGNORECASE,
)
_BARE_CODE = lazy_regex(r"(?<![\w-])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6}(?![\w-])")
_ACCOUNT = lazy_regex(r"\b(?:account|acct|a/c)\b[^.\n]{0,20}?\b\d{5,}\b", regex.IGNORECASE)
_CARD = lazy_regex(
    r"\b(?:card|ending|ends? (?:in|with)|last (?:four|4)(?: digits)?)\b[^.\n]{0,20}?\b\d{4}\b",
    regex.IGNORECASE,
)
_STREET = lazy_regex(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'-]+\s+){1,3}"
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Crescent"
    r"|Terrace|Boulevard|Blvd|Gardens|Grove|Square|Row|Mews|Parkway|Highway|Hwy)\b"
)
_POSTCODE = lazy_regex(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b")
_DEVICE = lazy_regex(
    r"\b(?:iphone|ipad|ipod|macbook|imac|pixel|galaxy|samsung|huawei|xiaomi|oneplus|"
    r"motorola|moto|nokia|sony|xperia|oppo|vivo|lg|kindle|ps[345]|xbox|switch lite|"
    r"apple watch|chromebook|surface|thinkpad|router model)\b[\w -]{0,12}",
    regex.IGNORECASE,
)
_DOB = lazy_regex(r"\b(?:born|birth|dob|birthday)\b[^.\n]{0,20}\d", regex.IGNORECASE)

# Every pattern but those of "email" and "device" needs a digit (``\d``); an e-mail
# address needs a local-part character right before an "@". The cheap tests go first.
_GIVEN: dict[str, Callable[[str], bool]] = {
    "email": lambda t: may_hold_email(t) and _EMAIL.search(t) is not None,
    "phone": lambda t: has_digit(t)
    and _PHONE.search(_EMAIL.sub(" ", t) if may_hold_email(t) else t) is not None,
    "order": lambda t: has_digit(t)
    and (_ORDER.search(t) is not None or _BARE_CODE.search(t) is not None),
    "account": lambda t: has_digit(t) and _ACCOUNT.search(t) is not None,
    "card": lambda t: has_digit(t) and _CARD.search(t) is not None,
    "address": lambda t: has_digit(t)
    and (_STREET.search(t) is not None or _POSTCODE.search(t) is not None),
    "postcode": lambda t: has_digit(t) and _POSTCODE.search(t) is not None,
    "device": lambda t: _DEVICE.search(t) is not None,
    "dob": lambda t: has_digit(t) and _DOB.search(t) is not None,
}

_NAMES = {
    "email": "e-mail address",
    "phone": "phone number",
    "order": "order or booking reference",
    "account": "account number",
    "card": "card digits",
    "address": "address",
    "postcode": "postcode",
    "device": "device",
    "dob": "date of birth",
}


def given_details(conversation: Conversation, kinds: Collection[str] = _GIVEN.keys()) -> set[str]:
    """Kinds of personal detail the customer already gave in the conversation, looking
    only for those of ``kinds`` (by default every kind)."""
    customer = conversation.customer_messages
    text = "\n".join(m.text for m in customer)
    found = {kind for kind, test in _GIVEN.items() if kind in kinds and test(text)}
    # On SMS or WhatsApp the sender's number is the author.
    if (
        "phone" in kinds
        and "phone" not in found
        and any(m.author and _PHONE.fullmatch(m.author.strip()) for m in customer)
    ):
        found.add("phone")
    return found


@register
class RepeatedRequest(Rule):
    slug = "repeated-request"
    severity = Severity.WARNING
    message = "Asks for information the customer already gave"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    phrase_lists = ("personal-detail",)
    triggers = ("personal-detail",)
    suggestion = "Use what the customer already told you; ask only for what is still missing."
    docs = RuleDocs(
        what=(
            "Flags a request for an e-mail address, phone number, order or booking "
            "reference, account number, card digits, address, device or date of birth when "
            "the customer's messages in the conversation already contain one. The span is "
            "the detail asked for."
        ),
        why=(
            "The guidance calls for \"a unified customer record with all data immediately "
            'available and accessible across all channels" (seed 004). Asking again for '
            "what the customer has just written tells them nobody read it."
        ),
        seeds=("004",),
        instead=(
            'Use the detail you were given: "I can see order NM-558201 — which day suits '
            'you for redelivery?"'
        ),
        guidance="Keep a unified customer record: don't ask for what the customer already gave (seed 004).",
    )
    failing = (
        Example(
            "Sorry about that! Could you tell me the email address on your account?",
            context="I'm locked out. My login email is raj.patel@example.com",
            channel="chat",
            flagged="email address",
        ),
        Example(
            "To order a replacement, please reply with your current address.",
            context="My card never arrived. I moved to 7 Harbour Lane, Bristol BS1 4QA in May.",
            channel="email",
            flagged="current address",
        ),
        Example(
            "Sorry for the wait! What's your order number?",
            context="Order NM-558201 still hasn't arrived after 8 days.",
            channel="chat",
            flagged="order number",
        ),
        Example(
            "Which phone model are you using?",
            context="@Brand my Pixel 8 won't connect to 5G since the update",
            flagged="phone model",
        ),
    )
    passing = (
        Example(
            "Sorry for the wait, Carmen. Order NM-558201 failed delivery on Tuesday; which "
            "day suits you for redelivery?",
            context="Order NM-558201 still hasn't arrived after 8 days.",
            channel="chat",
        ),
        Example(
            "Sorry about that! Could you tell me the email address on your account?",
            context="I'm locked out of my account and the reset link expired.",
            channel="chat",
        ),
        Example(
            "We've sent the new link to the email address you gave us.",
            context="I'm locked out. My login email is raj.patel@example.com",
            channel="chat",
        ),
        Example(
            "Please DM us your account number and we'll check.",
            context="@Brand my card keeps getting declined, order 5 is stuck too",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        if not ctx.hits("personal-detail"):
            return ()  # no request without a hit
        # Only a request for a detail the customer gave is flagged: the kinds the draft
        # may ask for, and of those the ones given, are found before (and usually
        # instead of) the requests themselves.
        kinds = request_kinds(ctx, _GIVEN)
        if not kinds or not ctx.analysis.latest:
            return ()
        given = given_details(ctx.conversation, kinds)
        if not given:
            return ()
        return [
            Finding(
                request.start,
                request.end,
                message=(
                    f"Asks for the customer's {_NAMES.get(request.kind, request.kind)}, "
                    "which they already gave"
                ),
            )
            for request in detail_requests(ctx)
            if request.kind in given
        ]
