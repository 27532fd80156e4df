"""``private-channel``: a long or technical answer in public, with no offer to go
private."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from .._lazy import lazy_regex
from ..models import Severity
from ._draft import has_digit
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

_MENU_PATH = lazy_regex(r"\w ?[>›→»] ?\w")
_IP_OR_PORT = lazy_regex(
    r"\b\d{1,3}(?:\.\d{1,3}){3}\b|(?<=[a-z0-9]\.[a-z]{2,24}):\d{2,5}\b|\bport \d{2,5}\b", regex.I
)
_ACCOUNT_FIGURE = lazy_regex(
    r"[£$€¥₹]\s?\d[\d,]*(?:\.\d+)?|\b\d+(?:\.\d+)?\s?%|\b\d[\d,]*(?:\.\d+)?\s?(?:GB|MB|KB)\b"
)
# ASCII bytes lower-cased, with every digit turned into "0"; then "?" as a digit.
_LOWER_DIGITS_AS_ZERO = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"abcdefghijklmnopqrstuvwxyz0000000000"
)
_UNKNOWN_AS_ZERO = bytes.maketrans(b"?", b"0")
# Both at once (digits and "?" made "0"), and ":" made ".": one search for ".0" then
# finds both ":0" and "0.0".
_QUICK_FOLD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?:", b"abcdefghijklmnopqrstuvwxyz00000000000."
)
# ``b".0" in quick`` and ``b"port 0" in quick``, as searches for a literal: ``re`` scans
# for one faster than ``in`` does for a needle this short.
_DOT_DIGIT = re.compile(rb"\.0").search
_PORT_DIGIT = re.compile(rb"port 0").search
# Technical: steps and settings. Account: figures from the customer's account.
_TECHNICAL = 4
_ACCOUNT = 3


@register
class PrivateChannel(Rule):
    slug = "private-channel"
    severity = Severity.WARNING
    message = "Long or technical answer in public without offering a private channel"
    phrase_lists = ("private-offer", "technical", "step-verbs")
    suggestion = 'Offer to continue in private: "DM us and we\'ll walk you through it."'
    docs = RuleDocs(
        what=(
            "On a public channel (Twitter/X, Facebook), flags a draft that walks through "
            "settings or steps (menu paths, APN/IP/port values, four or more step verbs and "
            "technical terms) or sets out the customer's account figures (three or more "
            "amounts, rates or balances), and does not offer a DM, call, chat or e-mail."
        ),
        why=(
            '"If answers are too long or detail too technical, offering to call or to talk in '
            'private would be much appreciated" (seed 003). Account details posted in public '
            "are also a privacy risk."
        ),
        seeds=("003",),
        instead=(
            'Give the gist in public and offer the detail in private: "Picture messages need '
            "one setting changed — DM us your model and we'll send the steps.\""
        ),
        guidance="Offer to call or talk in private when the answer is long or technical (seed 003).",
    )
    failing = (
        Example(
            "Go to Settings > Mobile Network > Access Point Names, add APN nimbus.mms, "
            "proxy 10.10.1.1, port 8080, save, then restart your phone.",
            channel="twitter",
        ),
        Example(
            "Hi Olu, your fixed rate of 2.1% ended on 1 April, so you moved to 6.4%. Your "
            "payment rose from £812 to £1,104.",
            channel="facebook",
        ),
        Example(
            "Open the app, tap Profile, choose Account, tap Network settings, then toggle "
            "Wi-Fi calling and restart the router.",
            channel="twitter",
        ),
    )
    passing = (
        Example(
            "Go to Settings > Mobile Network > Access Point Names and add APN nimbus.mms, "
            "proxy 10.10.1.1, port 8080. Stuck? DM us and we'll walk you through it.",
            channel="twitter",
        ),
        Example(
            "Go to Settings > Mobile Network > Access Point Names, add APN nimbus.mms, "
            "proxy 10.10.1.1, port 8080, save, then restart your phone.",
            channel="email",
        ),
        Example(
            "Sorry about that! Try restarting the router; if it persists, let us know.",
            channel="twitter",
        ),
        Example("Your refund of £12 is on its way.", channel="twitter"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        # A plain dict lookup (offers_private_channel) and a returned tuple, no generator:
        # this runs on every public draft, and most get no further than the cheap tests
        # of ``_technical`` and ``_figures``.
        if not ctx.public or ctx.matches.get("private-offer"):
            return ()
        text = ctx.text
        if self._technical(ctx, text) >= _TECHNICAL or self._figures(text) >= _ACCOUNT:
            return (Finding(0, len(text)),)
        return ()

    @staticmethod
    def _technical(ctx: DraftContext, text: str) -> int:
        matches = ctx.matches
        score = len(matches.get("technical", ())) + len(matches.get("step-verbs", ()))
        if score >= _TECHNICAL:
            return score
        # ASCII text holds no arrow but ">".
        if ">" in text or (not text.isascii() and ("›" in text or "→" in text or "»" in text)):
            score += 2 * len(_MENU_PATH.findall(text))
        if _may_hold_ip_or_port(text):
            score += 2 * len(_IP_OR_PORT.findall(text))
        return score

    @staticmethod
    def _figures(text: str) -> int:
        # Every figure holds a currency sign, "%" or GB/MB/KB; ASCII text holds no
        # sign but "$".
        if not (
            "%" in text
            or "$" in text
            or (not text.isascii() and ("£" in text or "€" in text or "¥" in text or "₹" in text))
            or ("B" in text and ("GB" in text or "MB" in text or "KB" in text))
        ) or not has_digit(text):
            return 0
        return len(_ACCOUNT_FIGURE.findall(text))


def _may_hold_ip_or_port(text: str) -> bool:
    """False when ``_IP_OR_PORT`` certainly finds nothing in ``text``: an IP address
    holds three dots, one with digits on both sides, and a port number follows a colon
    or "port " (in any case) right away.

    The tests read the text's bytes, lower-cased and with every digit made "0": each is
    then one substring search. No character outside ASCII is a dot, a colon or a space,
    or matches a letter of "port" (checked over all of Unicode), but some are digits."""
    ascii = text.isascii()
    # Each character outside ASCII becomes one "?". The no-break space, common after a
    # colon, is no digit: made a space first, it can only add a cue.
    raw = text.encode("ascii") if ascii else text.replace("\xa0", " ").encode("ascii", "replace")
    # Most drafts hold no digit right after a dot or a colon, nor after "port ", even
    # with every "?" taken for a digit: no cue below can be there (one pass, two
    # searches).
    quick = raw.translate(_QUICK_FOLD)
    if _DOT_DIGIT(quick) is None and _PORT_DIGIT(quick) is None:
        return False
    folded = raw.translate(_LOWER_DIGITS_AS_ZERO)
    if ascii:
        return _cues(folded, text)
    # The cues found without the "?" are there; if there are none even with every "?"
    # taken for a digit, there are none; in between, the pattern decides.
    if _cues(folded, text):
        return True
    if not _cues(folded.translate(_UNKNOWN_AS_ZERO), text):
        return False
    return _IP_OR_PORT.search(text) is not None


def _cues(folded: bytes, text: str) -> bool:
    """Does ``folded`` (``text`` as :func:`_may_hold_ip_or_port` reads it) hold
    "port 0" or ":0", or "0.0" with three dots in the text?"""
    return b"port 0" in folded or b":0" in folded or (b"0.0" in folded and text.count(".") >= 3)
