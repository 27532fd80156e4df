"""The fifth round of shortcuts of ``pii-in-reply`` give what the computations they spare
give:

* ``_fold``: the folded bytes hold a "0" exactly where the text holds a digit, a space
  exactly where it holds ``\\s``, a word byte exactly where it holds ``\\w``, an "@"
  exactly where it holds one and a link prefix exactly where ``_URL_PREFIX`` matches,
  also for the common characters outside ASCII it stands in for;
* ``_free_digit`` on those bytes (links looked for before handles) says what blanking
  the links and handles and counting the digits says;
* the handles found at each "@", the account numbers tried only where an account word
  is, the street addresses tried only after a digit lead, and the card pre-check give
  what the patterns' scans give;
* ``find_pii`` as a whole returns what the straightforward computation it replaced (kept
  below as the reference) returns.

Generated texts hold the edge cases: digits in and outside ASCII, every kind of space,
the characters ``_fold`` stands in for next to the ones it does not, link prefixes in any
case and inside handles, handles of 30 and 31 word characters, account words in any
case (with "İ", "ſ" and the Kelvin sign), street leads with letters, commas and capitals,
card-like digit runs.
"""

from __future__ import annotations

import random

import regex
from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint.analysis.facts import brand_stem
from replylint.rules import pii_in_reply as pii
from replylint.rules._draft import Ranges, blank_spans, digit_count, may_hold_email, url_spans

_PIECES = [
    # separators: the spaces "\s" matches, and ones it does not (0x1C: ``str.split``'s)
    " ", " ", " ", "\n", "\t", "\r\n", "\x0b", "\x0c", "\xa0", "\u3000", "\u2009", "\x1c",
    # the characters ``_fold`` stands in for, and others outside ASCII
    "’", "–", "“", "”", "—", "é", "ß", "İ", "ſ", "\u212a", "😊", "…",
    # digits, in and outside ASCII
    "1", "7", "0", "12", "07700 900461", "+44 20 7946 0018", "1-800-848-9136", "٣", "１",
    "4539 1488 0343 6467", "4539-1488-0343-6467", "4539 1488 0343 6468", "2/2",
    # handles, and "@" that starts none
    "@", "@ann", "@user123", "@x_9", "@" + "a" * 29 + "1", "@" + "a" * 30 + "1", "@@1",
    "a@b1", "é@1", "@é1", "@www.x1", "@http://1", "support@brand.com", "ann.m84@example.net",
    # links, and what looks like the start of one
    "https://", "http://", "HtTpS://1", "www.", "WWW.1", "www.Example.com/7", "httpſ://1",
    "https://web.archive.org/web/20200401224734/https://support.example.com/185111",
    "http", "s://", "/1", "x.co/1",
    # account numbers
    "account", "Account", "ACCOUNT", "acct", "ACCT", "a/c", "A/C", "membership", "Member",
    "customer", "CUSTOMER", "policy", "Policy", "accİount", "cuſtomer", "\u212aey", " number ",
    " no. ", " #", " id", ": ", "40021877", "4002 1877", "12-34-56",
    # street addresses
    "14 Elm Road", "14A Elm Road", "14, Elm Road", "221b Baker Street", "12 High St.",
    "123456 Elm Road", "Cardiff CF10 3AT", ", Apt 4", "NY 10001", " Road", " Street",
    "Elm", "High", "Zeal", "Ash", "14 Zeal Way", "visit our store at ",
    # words
    "a", "Z", "x", "Call us on", "Hi", "We're", ".", ",", "-",
]  # fmt: skip


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14))) for _ in range(n)]


_texts_strategy = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=25).map("".join)

# The word class of the patterns on folded bytes (``_FOLDED_HANDLE``, the street lead).
_FOLDED_WORD = b"abcdefghijklmnopqrstuvwxyz0_"
_DIGIT = regex.compile(r"\d")
_SPACE = regex.compile(r"\s")
_WORD = regex.compile(r"\w")


def _variants(text: str) -> tuple[str, ...]:
    # The bytes paths take ASCII text and text with only the stand-in characters: try
    # those forms of the text as well.
    ascii_form = text.encode("ascii", "ignore").decode("ascii")
    stand_ins = "".join(ch for ch in text if ch.isascii() or ch in "’–“”—\xa0")
    return (text, ascii_form, stand_ins)


# -- the folded bytes -----------------------------------------------------------------


def _check_fold(text: str) -> None:
    folded = pii._fold(text)
    if folded is None:
        assert any(not ch.isascii() and ch not in "’–“”—\xa0" for ch in text), text
        return
    assert len(folded) == len(text), text
    for i, ch in enumerate(text):
        byte = folded[i : i + 1]
        assert (byte == b"0") == bool(_DIGIT.match(ch)), (text, i)
        assert (byte == b" ") == bool(_SPACE.match(ch)), (text, i)
        assert (byte in _FOLDED_WORD) == bool(_WORD.match(ch)), (text, i)
        assert (byte == b"@") == (ch == "@"), (text, i)
    prefixes = [i for i in range(len(text)) if pii._URL_PREFIX.match(text, i)]
    assert prefixes == [i for i in range(len(text)) if pii._FOLDED_URL_PREFIX.match(folded, i)]


# -- the digits outside links and handles ---------------------------------------------


def _digits_left(text: str) -> bool:
    """The slow computation: blank the links and handles, count the digits left."""
    handles = [m.span() for m in pii._HANDLE.finditer(text)]
    return digit_count(blank_spans(text, [*url_spans(text), *handles])) > 0


# -- the scans of the text with links, handles and e-mail addresses blanked -------------


def _no_mail(text: str) -> str:
    handles = [m.span() for m in pii._HANDLE.finditer(text)]
    clean = blank_spans(text, [*url_spans(text), *handles])
    return blank_spans(clean, [m.span() for m in pii._EMAIL.finditer(clean)])


def _check_scans(text: str) -> None:
    folded = pii._fold(text)
    assert pii._handle_spans(text, folded) == [m.span() for m in pii._HANDLE.finditer(text)]
    for no_mail in (text, _no_mail(text)):
        plain = pii._fold(no_mail)
        accounts = [m.span() for m in pii._ACCOUNT.finditer(no_mail)]
        assert [m.span() for m in pii._accounts(no_mail, plain, text)] == accounts, no_mail
        streets = [m.span() for m in pii._STREET.finditer(no_mail)]
        assert [m.span() for m in pii._streets(no_mail, plain)] == streets, no_mail
        if plain is not None and pii._CARD.search(no_mail):
            assert pii._FOLDED_CARD.search(plain), no_mail


# -- find_pii: the reference ------------------------------------------------------------


def _reference_find_pii(text: str, brand_handles: tuple[str, ...]) -> list[pii.Pii]:
    """``find_pii`` as it was before this round's shortcuts (every pattern scanned)."""
    at = "@" in text
    if not (at and may_hold_email(text)) and not _digits_left(text):
        return []
    urls = url_spans(text)
    clean = blank_spans(text, [*urls, *(m.span() for m in pii._HANDLE.finditer(text))])
    mails = [m.span() for m in pii._EMAIL.finditer(clean)]
    no_mail = blank_spans(clean, mails)
    count = digit_count(no_mail)
    if not mails and not count:
        return []
    out: list[pii.Pii] = []
    if mails:
        stems = [brand_stem(h) for h in brand_handles if " " not in h]
        stems += [h.replace(" ", "") for h in brand_handles if " " in h]
        for start, end in mails:
            if not pii._brand_email(clean[start:end], stems):
                out.append(pii.Pii("e-mail address", start, end))
    for start, end, business in pii.find_phones(no_mail) if count >= 5 else []:
        if not business and not pii._BRAND_NUMBER_CUE.search(pii._lead_in(no_mail, start)):
            out.append(pii.Pii("phone number", start, end))
    taken = Ranges([(p.start, p.end) for p in out])
    for m in pii._CARD.finditer(no_mail) if count >= 13 else ():
        digits = pii._NOT_DIGIT.sub("", m.group())
        overlaps = taken.overlaps(m.start(), m.end())
        if 13 <= len(digits) <= 19 and pii.luhn_valid(digits) and not overlaps:
            out.append(pii.Pii("card number", m.start(), m.end()))
    taken = Ranges([(p.start, p.end) for p in out])
    for m in pii._ACCOUNT.finditer(no_mail) if count >= 2 else ():
        start, end = m.span(1)
        if not taken.overlaps(start, end):
            out.append(pii.Pii("account number", start, end))
    for m in pii._STREET.finditer(no_mail) if count else ():
        if pii._BRAND_PLACE_CUE.search(pii._lead_in(no_mail, m.start())):
            continue
        end = m.end()
        while end > m.start() and text[end - 1] in " ,.":
            end -= 1
        out.append(pii.Pii("street address", m.start(), end))
    out.sort(key=lambda p: p.start)
    return out


def _check(text: str, whole: bool = True) -> None:
    for variant in _variants(text):
        _check_fold(variant)
        assert pii._free_digit(variant) == _digits_left(variant), variant
        _check_scans(variant)
        if whole:
            brands = ("@Brand", "Example Co")
            assert pii.find_pii(variant, brands) == _reference_find_pii(variant, brands), variant


def test_shortcuts_agree_with_the_scans() -> None:
    for i, text in enumerate(_texts(2000, 53)):
        _check(text, whole=i % 5 == 0)


@given(_texts_strategy)
def test_shortcuts_agree_on_any_text(text: str) -> None:
    _check(text)


def test_shortcuts_see_what_they_stand_for() -> None:
    # Stand-ins: a no-break space ends a link, a typographic quote does not.
    assert pii._free_digit("see https://x.co/a\xa01") and pii._fold("a\xa0") == b"a "
    assert not pii._free_digit("see https://x.co/a’1")
    assert pii._fold("a\u2009b") is None  # another space: the patterns' own path
    # Links before handles: a link may start inside a handle.
    assert not pii._free_digit("@www.x1") and not pii._free_digit("@ann https://x.co/1")
    assert pii._free_digit("@" + "a" * 30 + "1") and not pii._free_digit("@" + "a" * 29 + "1")
    # Account words in any case, and only ASCII letters among the stand-ins.
    no_mail = "Your ACCOUNT no. 40021877 and policy 1234567"
    found = pii._accounts(no_mail, pii._fold(no_mail), no_mail)
    assert [m.group(1) for m in found] == ["40021877", "1234567"]
    # Street leads: a letter, a comma, any spaces, then a capital; not after a letter.
    for text in ("14A Elm Road", "14, Elm Road", "14\xa0Elm Road", "at 14\tElm Road"):
        assert pii._streets(text, pii._fold(text)), text
    for text in ("A14 Elm Road", "123456 Elm Road", "14 elm Road"):
        assert not pii._streets(text, pii._fold(text)), text
    assert pii.find_pii("Your engineer is booked to 14 Elm Road, Cardiff CF10 3AT.") == [
        pii.Pii("street address", 27, 56)
    ]
