"""``jargon``: internal or technical terms a customer may not know, unexplained."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from .._lazy import lazy_re, lazy_regex
from ..models import Severity
from ..parse import Match
from ._draft import blank_spans, url_spans
from ._tone import hit_suggestion
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register

# Billing by the kilobyte or megabyte: "61,440 KB", "$0.001/KB", "per MB", "every MB".
_BILLING_UNIT = lazy_regex(
    r"\b\d[\d,]*(?:\.\d+)?\s?[Kk][Bb]\b|(?:/|\bper\s|\bevery\s|\beach\s)\s*(?:[Kk][Bb]|MB|Mb)\b"
)
# Internal ticket codes ("INC-448213") dropped into the sentence with no "reference" label.
_TICKET_PREFIXES = ("INC", "CHG", "REQ", "RITM", "PRB", "CRQ", "TKT", "WO", "SR")
_TICKET = lazy_regex(rf"\b(?:{'|'.join(_TICKET_PREFIXES)})[-#]?\d{{5,}}\b")
# Every unit billed holds one of these units (``_BILLING_UNIT`` is case-sensitive), and
# every ticket code one of the prefixes: one search of these strings tells whether to
# look for either (most drafts hold none).
_UNITS = ("KB", "Kb", "kB", "kb", "MB", "Mb")
_UNIT = lazy_re("|".join(_UNITS))
_UNIT_OR_TICKET = lazy_re("|".join((*_UNITS, *_TICKET_PREFIXES)))
_LABELLED = lazy_regex(
    r"(?:reference|ref|ticket|case|number|no|#)\W{0,3}(?:is|number|no)?\W{0,3}$", regex.I
)
# What may follow a term to explain it: "(…)", ", the setting that…", "which means".
_EXPLAINED_AFTER = lazy_regex(
    r"^\S{0,20}?\s*(?:\(|[,:–—-]\s*(?:the|a|an|which|that|i\.e\.|ie|meaning|aka|or)\b"
    r"|(?:which|that)\s+means|meaning\b|i\.e\.|aka\b|also\s+(?:called|known)|stands\s+for)",
    regex.I,
)


@register
class Jargon(Rule):
    slug = "jargon"
    severity = Severity.INFO
    message = "Uses jargon the customer may not know, without explaining it"
    phrase_lists = ("jargon",)
    suggestion = 'Say it in plain words, or explain the term: "the APN (the setting that ...)".'
    docs = RuleDocs(
        what=(
            "Flags internal and technical terms — QoS, provisioning, APN, MMSC, OLT/ONT, NOC, "
            "tier-2, SLA, RMA, out-of-bundle, internal ticket codes like INC-448213, and data "
            'billed by the KB or MB — unless the draft explains them: a parenthesis, ", the '
            'setting that ...", "which means", "i.e.", or the term in brackets after its '
            "expansion. Terms the customer used first are fine."
        ),
        why=(
            'The guidance names billing clarity as a "crucial customer touchpoint": '
            "\"customers still can't make the link between the data services they use and "
            "how they appear on the bill, in particular for mobile data roaming which is "
            'still billed by the KB or MB" (seed 004). Its example of how not to talk lists '
            '"QoS, bandwidth, or other ISP/network issue" (seed 002).'
        ),
        seeds=("004", "002"),
        instead=(
            "Use the customer's words: \"Your line wasn't set up properly at the exchange, so "
            'our specialist team is resending the settings to your fibre box tonight."'
        ),
        guidance="Explain bills and fixes in the customer's words, not ours (seeds 004, 002).",
    )
    failing = (
        Example(
            "Your line failed provisioning on the OLT, so I've raised it with tier-2.",
            flagged="provisioning",
        ),
        Example(
            "The charge is for 61,440 KB of data used in Zone 3, rated at $0.001/KB.",
            flagged="61,440 KB",
        ),
        Example(
            "Add APN nimbus.mms and MMSC http://mms.nimbus.example.com:8002, then restart.",
            flagged="APN",
        ),
        Example("I've logged INC-448213 for the NOC to check.", flagged="INC-448213"),
    )
    passing = (
        Example(
            "It's most likely the APN, the setting that tells your phone how to reach our "
            "data network. We've DM'd you the steps."
        ),
        Example("Your Access Point Name (APN) needs one change: we've sent you the steps by DM."),
        Example("Your reference is INC-448213; quote it if you call us."),
        Example("Unlimited Plus is $45/month with 5G and no data cap."),
        Example(
            "Yes, set the APN to nimbus.internet and save.",
            context="@Brand what APN do I use for data on my Pixel?",
            note="the customer used the term first",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        text = ctx.text
        hits = ctx.matches.get("jargon")  # (ctx.hits without the method call)
        first = _UNIT_OR_TICKET.search(text)
        if not hits and first is None:
            return ()  # most drafts (returned, not yielded: no generator to set up)
        findings: list[Finding] = []
        if hits:
            said = ctx.analysis.customer_text.lower() if ctx.has_context else ""
            seen: set[str] = set()
            for m in hits:
                term = text[m.start : m.end].lower()
                if term in seen or _explained(text, m.start, m.end) or _used(said, term):
                    continue
                seen.add(term)
                findings.append(Finding(m.start, m.end, suggestion=_suggest(m)))
        if first is not None:
            units, tickets = _codes(text, first.start())
            if units:
                findings += _billing(text)
            if tickets:
                findings += _tickets(text)
        findings.sort(key=lambda f: f.start)
        return findings


# Every place where a unit or a ticket prefix starts, overlapping ones too: the look-ahead
# matches the empty string there. Two of them never start at one place (those with the
# same first letter differ in the second), so the one found there is the one there.
_CODE_AT = lazy_re(f"(?=({'|'.join((*_UNITS, *_TICKET_PREFIXES))}))")


def _codes(text: str, start: int) -> tuple[bool, bool]:
    """Can :func:`_billing` and :func:`_tickets` find anything in ``text``, where no unit
    or ticket prefix starts before ``start``? The first needs a unit (``_UNIT``), the
    second a ticket prefix right before a digit, or before "-" or "#" and a digit
    (``_TICKET``). A text with a unit but no ticket, or a sign-off like "^SR" but no
    unit, is spared the other search."""
    units = tickets = False
    for found in _CODE_AT.finditer(text, start):
        if found.group(1) in _UNITS:
            units = True
        elif not tickets:
            after = found.end(1)
            char = text[after : after + 1]
            if char == "-" or char == "#":
                char = text[after + 1 : after + 2]
            # ``\d`` of ``regex``: an ASCII digit, or maybe a character beyond ASCII.
            tickets = "0" <= char <= "9" or (char != "" and not char.isascii())
    return units, tickets


def _billing(text: str) -> list[Finding]:
    """The first unit billed outside a link ("61,440 KB", "$0.001/KB")."""
    if _UNIT.search(text) is None:
        return []
    urls = url_spans(text)
    # Only a unit billed that starts outside the links counts, and it lies outside them
    # all: a link starts "http" or "www." (in any case), and nothing a unit billed holds
    # before its unit can start one (digits, ",", ".", spaces, "/", or "per", "every"
    # or "each" and a space). When every unit is in a link ("help.yahoo.com/kb/..."),
    # the search for units billed can be spared.
    if urls and _UNIT.search(blank_spans(text, urls)) is None:
        return []
    for found in _BILLING_UNIT.finditer(text):
        if any(a <= found.start() < b for a, b in urls):
            continue
        suggestion = "Give the amount in GB or as a price, and say what it paid for."
        return [Finding(found.start(), found.end(), suggestion=suggestion)]
    return []


def _tickets(text: str) -> list[Finding]:
    """Internal ticket codes without a "reference" label before them."""
    out: list[Finding] = []
    for found in _TICKET.finditer(text):
        if _LABELLED.search(text[max(0, found.start() - 30) : found.start()]):
            continue
        out.append(
            Finding(
                found.start(),
                found.end(),
                suggestion='Introduce it as a reference: "your reference is ...".',
            )
        )
    return out


def _explained(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    if before.endswith("(") and ")" in text[end : end + 3]:
        return True
    return _EXPLAINED_AFTER.match(text[end : end + 60]) is not None


def _used(said: str, term: str) -> bool:
    return bool(said) and term in said and _whole_term(term).search(said) is not None


@lru_cache(maxsize=1024)
def _whole_term(term: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?<!\w){regex.escape(term)}(?!\w)")


def _suggest(m: Match) -> str | None:
    if not m.suggestion:
        return None
    return hit_suggestion(m)
