"""``pii-in-reply``: a public reply that discloses the customer's personal data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import regex

from .._lazy import lazy_regex
from ..analysis.facts import brand_stem
from ..models import Severity
from ._draft import Ranges, blank_spans, digit_count, may_hold_email, url_spans
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

__all__ = ["PiiInReply", "find_phones", "find_pii", "luhn_valid"]

_HANDLE = lazy_regex(r"(?<![\w@])@\w{1,30}")
# For ``_free_digit``: where a URL may start (the prefix of ``url_spans``' pattern), and
# the digits and whitespace of those patterns.
_URL_PREFIX = lazy_regex(r"https?://|www\.", regex.IGNORECASE)
_DIGIT = lazy_regex(r"\d")
_SPACE = lazy_regex(r"\s")
_LAST_SPACE = lazy_regex(r"\s", regex.REVERSE)
# ASCII bytes with capitals made small, every digit made "0" and every character "\s"
# matches made a space (in ASCII: tab, line feed, vertical tab, form feed, carriage
# return; not the separators 0x1C to 0x1F, which ``str.split`` breaks at).
_FOLD_ASCII = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\t\n\x0b\x0c\r",
    b"abcdefghijklmnopqrstuvwxyz0000000000     ",
)
# The characters outside ASCII that replies hold most (typographic quotes and dashes,
# the no-break space), each with an ASCII stand-in that every search of the folded
# bytes below reads alike: the quotes and dashes are no word character, space, digit,
# "@", comma or hyphen and match no letter in any case, as "'"; the no-break space is a
# space (``\s``), as " ".
_COMMON_NON_ASCII = (
    ("\u2019", "'"), ("\u2013", "'"), ("\xa0", " "), ("\u201c", "'"), ("\u201d", "'"),
    ("\u2014", "'"),
)  # fmt: skip
# ``_HANDLE`` on folded bytes (``\w`` of ASCII text: letters, digits and "_").
_FOLDED_HANDLE = re.compile(rb"@(?<![a-z0_@]@)[a-z0_]{1,30}")
# Where a URL starts (``_URL_PREFIX``) in folded bytes.
_FOLDED_URL_PREFIX = re.compile(rb"https?://|www\.")
_EMAIL = lazy_regex(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Mailboxes that belong to an organisation, not a person.
_ROLE_MAILBOX = frozenset(
    [
        "support", "help", "care", "customercare", "customerservice", "customerservices",
        "service", "services", "info", "contact", "contactus", "hello", "sales", "billing",
        "accounts", "noreply", "no-reply", "donotreply", "feedback", "press", "media",
        "privacy", "dpo", "abuse", "security", "phishing", "fraud", "spoof", "complaints",
        "team", "admin", "webmaster", "enquiries", "inquiries", "orders", "returns",
        "refunds", "bookings", "reservations",
    ]
)
_PHONE_REGIONS = ("US", "GB")


@lru_cache(maxsize=1)
def _phonenumbers() -> tuple[ModuleType, frozenset[int]]:
    """``phonenumbers``, loaded when a draft first holds enough digits for a phone number
    (importing it costs more than the rest of the rules), and the business number types:
    free-phone, shared-cost, premium and non-geographic "UAN" lines."""
    import phonenumbers

    # The matcher compiles its metadata patterns through ``re.compile``, more of them
    # than ``re``'s own cache holds, so they were compiled again and again; newer
    # releases can keep them all.
    keep_patterns = getattr(phonenumbers, "enable_pattern_cache", None)
    if keep_patterns is not None:
        keep_patterns()
    kinds = phonenumbers.PhoneNumberType
    return phonenumbers, frozenset({kinds.TOLL_FREE, kinds.SHARED_COST, kinds.PREMIUM_RATE, kinds.UAN})


# "call us on", "our team is on", "reach our support line at": the number is the brand's.
_BRAND_NUMBER_CUE = lazy_regex(
    r"\b(?:call|ring|phone|text|contact|reach|dial)\s+(?:us|our\b[^.\n]{0,25})"
    r"|\bour\b[^.\n]{0,30}\b(?:line|number|team|helpline|hotline|desk|office|store|centre|center)\b"
    r"|\b(?:helpline|hotline|support line|customer service|team)\b[^.\n]{0,20}\b(?:on|at|is)\s*:?\s*$",
    regex.IGNORECASE,
)
# A number the rule keeps is valid (at least six digits: a 4-digit national number in
# country 43, 49 or 98 with its country code; seven or more written nationally in the US
# or the UK) or phone-shaped with 10 to 13 digits. Fewer than five digits (one spare): none.
_PHONE_MIN_DIGITS = 5
_CARD_MIN_DIGITS = 13
# What an account number follows, cut short of "i" and "s": with IGNORECASE these also
# match "İ" and "ſ", which ``str.lower`` leaves as other letters.
_ACCOUNT_CUES = ("account", "acct", "a/c", "member", "tomer", "pol")
# The words an ``_ACCOUNT`` match starts with, as folded bytes.
_ACCOUNT_WORDS = (b"account", b"acct", b"a/c", b"membership", b"customer", b"policy")
_NOT_DIGIT = lazy_regex(r"\D")
_LABEL_BREAK = lazy_regex(r"[.-]")
_PHONE_SHAPE = lazy_regex(r"^(?:\+|0|\()[\d ()./-]+$")
_DATE = lazy_regex(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_ACCOUNT = lazy_regex(
    r"\b(?:account|acct|a/c|membership|customer|policy)"
    r"(?:\s+(?:number|no\.?|num|#|id))?\s*[:#]?\s*(\d[\d -]{4,22}\d)\b",
    regex.IGNORECASE,
)
_CARD = lazy_regex(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_STREET = lazy_regex(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'-]+\s+){1,3}"
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Crescent"
    r"|Terrace|Boulevard|Blvd|Gardens|Grove|Square|Row|Mews|Parkway|Highway|Hwy)\b\.?"
    r"(?:,?\s+(?:Apt|Flat|Unit|Suite)\.?\s*\w+)?"
    r"(?:,\s*(?![A-Z]{1,2}\d)[A-Z][\w'-]+(?:\s(?![A-Z]{1,2}\d)[A-Z][\w'-]+)?)?"
    r"(?:,?\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]{2}\s\d{5}(?:-\d{4})?))?"
)
# How an ``_STREET`` match starts (``\b\d{1,5}[A-Za-z]?,?\s+``) on folded bytes, the
# word boundary put after the first digit so that a search skips to digits at once; a
# capital follows.
_FOLDED_STREET_LEAD = re.compile(rb"0(?<![a-z0_]0)0{0,4}[a-z]?,? +")
# Thirteen digits, each after at most one space or hyphen: what every ``_CARD`` match
# holds, on folded bytes (where other spaces are made " " too).
_FOLDED_CARD = re.compile(rb"0(?:[ -]?0){12}")
# "visit our store at 12 High Street": the brand's own address.
_BRAND_PLACE_CUE = lazy_regex(
    r"\b(?:our|visit|store|shop|branch|office|showroom|located|headquarters|hq)\b[^.\n]{0,30}$",
    regex.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Pii:
    kind: str
    start: int
    end: int


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a card number (digits only)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _may_name_account(text: str) -> bool:
    """False when ``text`` cannot hold an ``_ACCOUNT`` match (no cue word)."""
    lower = text.lower()
    return any(cue in lower for cue in _ACCOUNT_CUES)


def _lead_in(text: str, pos: int, width: int = 50) -> str:
    """The text of the same sentence right before ``pos`` (at most ``width`` characters)."""
    window = text[max(0, pos - width) : pos]
    cut = max(window.rfind(ch) for ch in ".!?\n;")
    return window[cut + 1 :]


def find_phones(text: str) -> list[tuple[int, int, bool]]:
    """Phone numbers in ``text`` as ``(start, end, business)``: ``business`` is true for
    free-phone, shared-cost and premium lines. URLs and e-mail addresses are skipped."""
    if digit_count(text) < _PHONE_MIN_DIGITS:
        return []  # too few digits for any number the matcher could keep
    mails = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    clean = blank_spans(text, [*url_spans(text), *mails])
    phonenumbers, business_types = _phonenumbers()
    found: dict[tuple[int, int], bool] = {}
    for region in _PHONE_REGIONS:
        taken = Ranges(list(found))
        last_end = -1
        for m in phonenumbers.PhoneNumberMatcher(clean, region, leniency=phonenumbers.Leniency.POSSIBLE):
            raw = m.raw_string
            digits = sum(ch.isdigit() for ch in raw)
            if _DATE.match(raw):
                continue
            valid = phonenumbers.is_valid_number(m.number)
            if not valid and not (_PHONE_SHAPE.match(raw) and 10 <= digits <= 13):
                continue
            if m.start < last_end:
                continue  # overlaps the number found before (matches come in order)
            if taken.overlaps(m.start, m.end):
                continue  # found with another region's rules
            business = valid and phonenumbers.number_type(m.number) in business_types
            found[(m.start, m.end)] = business
            last_end = m.end
    return sorted((a, b, business) for (a, b), business in found.items())


def _fold(text: str) -> bytes | None:
    """``text`` as bytes the substring searches of this rule read, one byte a character:
    ASCII with capitals made small, every digit made "0" and every character ``\\s``
    matches made a space (``_FOLD_ASCII``), after the common characters outside ASCII
    are made their ASCII stand-ins (``_COMMON_NON_ASCII``). None when ``text`` holds any
    other character outside ASCII: those texts take the patterns' own paths."""
    if not text.isascii():
        for char, stand_in in _COMMON_NON_ASCII:
            text = text.replace(char, stand_in)
        if not text.isascii():
            return None
    return text.encode("ascii").translate(_FOLD_ASCII)


def _free_digit(text: str) -> bool:
    r"""Is a digit of ``text`` outside its URLs and @handles: does ``text``, with the
    spans of ``url_spans`` and ``_HANDLE`` blanked, hold a digit? Told without finding
    the spans or blanking them (most of a tweet's digits are in its links).

    Exact: a URL (``(?:https?://|www\.)\S+``) runs from its prefix to the end of the
    whitespace-free word holding it, so a digit is in a URL exactly when the prefix is in
    its word before it (the word's first URL starts there or earlier and reaches the
    word's end: the rest of the word can be skipped). A handle is "@" and at most 30
    word characters, none of them "@": only the last "@" of the 30 characters before a
    digit can start a handle holding it: in the digit's word, as a handle holds no space.
    So the word's link is looked for first (most digits are in one) and then its handle.

    Most texts are ASCII: the steps then read the folded bytes (``_fold``), each one
    substring or pattern search."""
    folded = text.encode("ascii").translate(_FOLD_ASCII) if text.isascii() else _fold(text)
    if folded is not None:
        pos = 0
        while (at := folded.find(b"0", pos)) >= 0:
            word = folded.rfind(b" ", 0, at) + 1
            if folded[word] == 64:  # "@": most handles start their word, so try it first
                handle = _FOLDED_HANDLE.match(folded, word)
                if handle is not None and handle.end() > at:
                    pos = handle.end()
                    continue
            if _FOLDED_URL_PREFIX.search(folded, word, at) is not None:
                pos = folded.find(b" ", at)  # the rest of the word is the link's
                if pos < 0:
                    return False
                continue
            sign = folded.rfind(b"@", at - 30 if at - 30 > word else word, at)
            handle = _FOLDED_HANDLE.match(folded, sign) if sign >= 0 else None
            if handle is None or handle.end() <= at:
                return True
            pos = handle.end()
        return False
    pos = 0
    while (digit := _DIGIT.search(text, pos)) is not None:
        at = digit.start()
        sign = text.rfind("@", max(0, at - 30), at)
        handle = _HANDLE.match(text, sign) if sign >= 0 else None
        if handle is not None and handle.end() > at:
            pos = handle.end()
            continue
        space = _LAST_SPACE.search(text, 0, at)
        if _URL_PREFIX.search(text, 0 if space is None else space.end(), at) is None:
            return True
        space = _SPACE.search(text, at)
        if space is None:
            return False
        pos = space.end()
    return False


def _handle_spans(text: str, folded: bytes | None) -> list[tuple[int, int]]:
    """The spans of ``_HANDLE`` in ``text`` (``folded``: ``_fold(text)``). Each starts at
    an "@", and none holds another "@": on folded bytes, the handle at each "@" is all."""
    if folded is None:
        return [m.span() for m in _HANDLE.finditer(text)]
    spans: list[tuple[int, int]] = []
    sign = folded.find(b"@")
    while sign >= 0:
        handle = _FOLDED_HANDLE.match(folded, sign)
        if handle is not None:
            spans.append(handle.span())
        sign = folded.find(b"@", sign + 1)
    return spans


def _accounts(no_mail: str, plain: bytes | None, text: str) -> list[regex.Match[str]]:
    """``_ACCOUNT.finditer(no_mail)`` (``plain``: ``_fold(no_mail)``; ``text``: the draft).

    A match starts with one of ``_ACCOUNT_WORDS`` in any case, and on folded text (ASCII
    and stand-ins) only ASCII letters match them: the pattern is tried only where
    ``plain`` holds one, in order, skipping what a match took (as ``finditer`` does)."""
    if plain is None:
        return list(_ACCOUNT.finditer(no_mail)) if _may_name_account(text) else []
    if not (
        b"acc" in plain or b"a/c" in plain or b"member" in plain or b"customer" in plain
        or b"policy" in plain
    ):  # fmt: skip
        return []  # most drafts: no word (one test each; "acc" for "account" and "acct")
    starts: list[int] = []
    for word in _ACCOUNT_WORDS:
        at = plain.find(word)
        while at >= 0:
            starts.append(at)
            at = plain.find(word, at + 1)
    found: list[regex.Match[str]] = []
    end = 0
    for at in sorted(starts):
        if at >= end and (m := _ACCOUNT.match(no_mail, at)) is not None:
            found.append(m)
            end = m.end()
    return found


def _streets(no_mail: str, plain: bytes | None) -> list[regex.Match[str]]:
    r"""``_STREET.finditer(no_mail)`` (``plain``: ``_fold(no_mail)``).

    A match starts with a run of one to five digits after no word character (``\b``),
    then maybe a letter and a comma, spaces and a capital: on folded text (ASCII and
    stand-ins) ``_FOLDED_STREET_LEAD`` and the character after it find where that is,
    and the pattern is tried only there, in order, skipping what a match took. (A lead
    holds no other lead's start: its digits follow a digit.)"""
    if plain is None:
        return list(_STREET.finditer(no_mail))
    found: list[regex.Match[str]] = []
    end = 0
    for lead in _FOLDED_STREET_LEAD.finditer(plain):
        at, after = lead.span()
        if at >= end and "A" <= no_mail[after : after + 1] <= "Z":
            m = _STREET.match(no_mail, at)
            if m is not None:
                found.append(m)
                end = m.end()
    return found


def _brand_email(address: str, brand_stems: Sequence[str]) -> bool:
    local, _, domain = address.lower().partition("@")
    if local.replace(".", "").replace("_", "") in _ROLE_MAILBOX or local in _ROLE_MAILBOX:
        return True
    labels = _LABEL_BREAK.split(domain)
    return any(stem and len(stem) >= 3 and any(stem in label for label in labels) for stem in brand_stems)


def find_pii(text: str, brand_handles: Sequence[str] = ()) -> list[Pii]:
    """Personal data in ``text``: a person's phone number or e-mail address, an account
    number, a card number (Luhn-checked), a street address. The brand's own contact
    details and anything inside a URL are left out."""
    return _find_pii(text, lambda: brand_handles)


def _find_pii(text: str, brand_handles: Callable[[], Sequence[str]]) -> list[Pii]:
    """:func:`find_pii`, reading the brand's handles only for an e-mail address."""
    at = "@" in text
    if not (at and may_hold_email(text)) and not _free_digit(text):
        # Every kind of personal data holds an e-mail address or a digit, and only the
        # digits outside links and handles are read (see ``count`` below).
        return []
    urls = url_spans(text)
    clean = blank_spans(text, [*urls, *_handle_spans(text, _fold(text))] if at else urls)
    mails = [m.span() for m in _EMAIL.finditer(clean)] if "@" in clean else []
    no_mail = blank_spans(clean, mails)
    # Every scan below reads ``no_mail``: only its digits count (most of a tweet's digits
    # are in its links and handles, which are blanked).
    plain = _fold(no_mail)
    count = digit_count(no_mail) if plain is None else plain.count(b"0")
    if not mails and not count:
        return []
    out: list[Pii] = []
    if mails:
        handles = brand_handles()
        stems = [brand_stem(h) for h in handles if " " not in h]
        stems += [h.replace(" ", "") for h in handles if " " in h]
        for start, end in mails:
            if not _brand_email(clean[start:end], stems):
                out.append(Pii("e-mail address", start, end))
    phones = find_phones(no_mail) if count >= _PHONE_MIN_DIGITS else []
    for start, end, business in phones:
        if business:
            continue
        if _BRAND_NUMBER_CUE.search(_lead_in(no_mail, start)):
            continue
        out.append(Pii("phone number", start, end))
    taken = Ranges([(p.start, p.end) for p in out])
    may_hold_card = count >= _CARD_MIN_DIGITS and (plain is None or _FOLDED_CARD.search(plain))
    for m in _CARD.finditer(no_mail) if may_hold_card else ():
        digits = _NOT_DIGIT.sub("", m.group())
        overlaps = taken.overlaps(m.start(), m.end())
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and not overlaps:
            out.append(Pii("card number", m.start(), m.end()))
    accounts = _accounts(no_mail, plain, text) if count >= 2 else []
    if accounts:
        taken = Ranges([(p.start, p.end) for p in out])
        for m in accounts:
            start, end = m.span(1)
            if not taken.overlaps(start, end):
                out.append(Pii("account number", start, end))
    for m in _streets(no_mail, plain) if count else ():
        if _BRAND_PLACE_CUE.search(_lead_in(no_mail, m.start())):
            continue
        end = m.end()
        while end > m.start() and text[end - 1] in " ,.":
            end -= 1
        out.append(Pii("street address", m.start(), end))
    out.sort(key=lambda p: p.start)
    return out


@register
class PiiInReply(Rule):
    slug = "pii-in-reply"
    severity = Severity.ERROR
    message = "Discloses the customer's personal data on a public channel"
    suggestion = (
        "Leave the detail out of the public reply; confirm it by DM (\"We've updated the "
        'e-mail on your account — details in your DMs").'
    )
    docs = RuleDocs(
        what=(
            "On a public channel (Twitter/X, Facebook), flags personal data in the draft: a "
            "phone number (found with libphonenumber), an e-mail address, an account number, "
            "a card number that passes the Luhn check, or a street address. The brand's own "
            "contact details are not personal data: free-phone and shared-cost numbers "
            "(0800, 1-800, 0345 ...), numbers introduced as \"call us on\" or \"our team is "
            "on\", role mailboxes such as support@ and addresses on the brand's domain. "
            "Digits inside links are never flagged. The span is exactly the data."
        ),
        why=(
            "A public reply can be read, searched and screenshotted by anyone. The guidance "
            "asks brands to take detail private — \"offering to call or to talk in private "
            'would be much appreciated" (seed 003) — and a customer\'s number, e-mail or '
            "address in a public post is an invitation to fraud."
        ),
        seeds=("003",),
        instead=(
            "\"Sorry Ann! We've updated your billing e-mail and sent you a DM to confirm the "
            'details."'
        ),
        guidance="Never post a customer's personal data on a public channel.",
    )
    failing = (
        Example(
            "Done! Your billing email is now ann.morales84@example.net.",
            channel="twitter",
            flagged="ann.morales84@example.net",
        ),
        Example(
            "We'll text a confirmation to 07700 900461 today.",
            channel="twitter",
            flagged="07700 900461",
        ),
        Example(
            "Your engineer is booked to 14 Elm Road, Cardiff CF10 3AT for Thursday.",
            channel="facebook",
            flagged="14 Elm Road, Cardiff CF10 3AT",
        ),
        Example(
            "We added a £30 credit to account 40021877.",
            channel="twitter",
            flagged="40021877",
        ),
        Example(
            "The charge was on card 4539 1488 0343 6467, sorry!",
            channel="twitter",
            flagged="4539 1488 0343 6467",
        ),
    )
    passing = (
        Example(
            "Our Special Assistance team is on 0808 157 0192, 24 hours a day.",
            channel="twitter",
        ),
        Example(
            "Please forward the text to abuse@brand.com and delete it. Steps: "
            "https://web.archive.org/web/20200401224734/https://help.example.com/185111",
            channel="twitter",
        ),
        Example(
            "We'll text a confirmation to 07700 900461 today.",
            channel="sms",
        ),
        Example(
            "Your reference is 4539 1488 0343 6468 (not a card), ticket INC-448213.",
            channel="twitter",
        ),
        Example(
            "Call us on +44 20 7946 0018 and we'll sort it.",
            channel="twitter",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        if not ctx.public:
            return ()
        conversation = ctx.conversation
        found = _find_pii(ctx.text, lambda: conversation.brand_handles)
        if not found:
            return ()  # most drafts: no generator to make and run
        return [
            Finding(pii.start, pii.end, message=f"Discloses a {pii.kind} on a public channel")
            for pii in found
        ]
