"""Statistics and example choice for a training report.

:func:`build_report` turns linted drafts (conversation + :class:`~replylint.Report`)
into a :class:`TrainingReport`: totals, per-rule and per-agent counts, a trend over
time, and for each rule that fired its worst real examples. Everything is sorted with
explicit keys so the same log always gives the same report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..errors import ReplylintError
from ..models import Conversation, Message, Report, Severity, Violation
from ..rules import Rule, all_rules

if TYPE_CHECKING:
    from ..engine import Linter

__all__ = [
    "AGENT_FIELDS",
    "AgentRow",
    "Bucket",
    "Example",
    "Linted",
    "RuleSection",
    "TrainingReport",
    "agent_of",
    "build_report",
    "model_answer",
    "segments",
]

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)

AGENT_FIELDS: dict[str, str] = {
    "author": "the draft's author (default)",
    "id": "the draft's id",
    "brand": "the conversation's brand handle",
    "channel": "the conversation's channel",
    "signoff": 'the sign-off at the end of the reply ("^JB", "*SR")',
}
"""Where the agent of a draft is read from (``--agent-field``)."""

UNKNOWN_AGENT = "(unknown)"
_SIGNOFF = re.compile(r"(?:\^|\*|~)\s?([A-Za-z][A-Za-z.]{0,23})\s*$")


@dataclass(frozen=True)
class Linted:
    """One draft with its conversation and its lint report."""

    conversation: Conversation
    report: Report
    index: int = 0
    """Position in the log (ties between examples are broken by it)."""

    @property
    def id(self) -> str:
        return self.report.id or self.conversation.id or f"#{self.index + 1}"

    @property
    def text(self) -> str:
        draft = self.conversation.draft
        return draft.text if draft is not None else ""

    @property
    def when(self) -> datetime | None:
        """When the reply was sent; else the latest message it answers."""
        draft = self.conversation.draft
        if draft is not None and draft.timestamp is not None:
            return draft.timestamp
        stamps = [m.timestamp for m in self.conversation.messages if m.timestamp]
        return max(stamps) if stamps else None

    @property
    def worst(self) -> Severity | None:
        if not self.report.violations:
            return None
        return max((v.severity for v in self.report.violations), key=lambda s: s.rank)


def agent_of(item: Linted, field_name: str = "author") -> str:
    """The agent a draft is credited to, read from ``field_name`` (see AGENT_FIELDS)."""
    conv = item.conversation
    value: object = None
    if field_name == "signoff":
        match = _SIGNOFF.search(item.text.rstrip())
        value = match.group(1) if match else None
    elif field_name in ("brand", "channel"):
        value = getattr(conv, field_name)
    elif conv.draft is not None:
        value = getattr(conv.draft, field_name, None)
    if value is None or (isinstance(value, str) and not value.strip()):
        return UNKNOWN_AGENT
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class Example:
    """A real draft shown in a rule's gallery, with that rule's violations."""

    item: Linted
    agent: str
    violations: tuple[Violation, ...]
    """This rule's violations in the draft, in order."""
    context: tuple[Message, ...]
    """The messages shown above the reply: the customer's latest turn."""
    earlier: int
    """How many earlier messages of the conversation are not shown."""

    @property
    def fixed_text(self) -> str | None:
        """The draft with every safe fix of this rule applied, if there is one."""
        fixes = sorted(
            (v.fix for v in self.violations if v.fix is not None),
            key=lambda f: (f.start, f.end),
        )
        if not fixes:
            return None
        text = self.item.text
        out, pos = [], 0
        for fix in fixes:
            if fix.start < pos:
                continue
            out.append(text[pos : fix.start])
            out.append(fix.replacement)
            pos = fix.end
        out.append(text[pos:])
        return "".join(out)

    @property
    def suggestions(self) -> list[str]:
        return list(dict.fromkeys(v.suggestion for v in self.violations if v.suggestion))

    @property
    def messages(self) -> list[str]:
        return list(dict.fromkeys(v.message for v in self.violations))


@dataclass
class RuleSection:
    """A rule that fired: its teaching material, counts and gallery."""

    slug: str
    severity: Severity
    message: str
    what: str
    why: str
    guidance: str
    instead: str
    seeds: tuple[str, ...]
    good_example: str | None
    """A reply from the rule's passing examples that breaks no rule: a model answer."""
    good_context: str | None = None
    """The customer message that model answer replies to, if it has one."""
    violations: int = 0
    replies: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass
class AgentRow:
    agent: str
    replies: int = 0
    errors: int = 0
    """Replies with at least one error."""
    warnings: int = 0
    """Replies whose worst violation is a warning."""
    violations: int = 0
    rules: Counter[str] = field(default_factory=Counter)

    @property
    def clean(self) -> int:
        return self.replies - self.errors - self.warnings

    @property
    def top_rules(self) -> list[tuple[str, int]]:
        return sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:3]


@dataclass
class Bucket:
    """Replies in one day, week or month, by their worst severity."""

    start: date
    label: str
    errors: int = 0
    warnings: int = 0
    info: int = 0
    clean: int = 0

    @property
    def replies(self) -> int:
        return self.errors + self.warnings + self.info + self.clean


@dataclass
class TrainingReport:
    title: str
    source: str
    version: str
    generated_at: str | None
    agent_field: str
    replies: int
    errors: int
    """Replies with at least one error."""
    warnings: int
    """Replies whose worst violation is a warning."""
    info: int
    """Replies with only info-level notes."""
    clean: int
    violations: int
    rules: list[RuleSection]
    quiet_rules: list[str]
    """Rules that were checked and never fired."""
    agents: list[AgentRow]
    trend: list[Bucket]
    trend_unit: str
    problems: list[str]
    """Rows of the log that could not be read or checked, as ``file:line: message``."""

    def share(self, n: int) -> float:
        return n / self.replies if self.replies else 0.0


def segments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, highlighted)`` runs; overlapping spans merge."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text) or not out:
        out.append((text[pos:], False))
    return out


def _context(conv: Conversation, limit: int = 3) -> tuple[tuple[Message, ...], int]:
    """The customer's latest turn: messages after the brand last spoke (at most
    ``limit``); else the last message. Returns them and how many are hidden."""
    messages = conv.messages
    if not messages:
        return (), 0
    start = 0
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].role == "agent":
            start = i + 1
            break
    shown = messages[start:] or messages[-1:]
    shown = shown[-limit:]
    return tuple(shown), len(messages) - len(shown)


def _example_key(item: Linted, own: Sequence[Violation]) -> tuple[int, int, int, str, int]:
    worst = item.worst
    return (
        -(worst.rank if worst is not None else -1),
        -len(item.report.violations),
        -len(own),
        item.id,
        item.index,
    )


_HANDLE_OR_URL = re.compile(r"@\w+|\S+://\S+|www\.\S+|\d+")


def _shape(text: str) -> str:
    """A draft without handles, URLs and numbers: copies of one template look alike."""
    return " ".join(_HANDLE_OR_URL.sub(" ", text).lower().split())


def _distinct(
    hits: list[tuple[Linted, list[Violation]]], limit: int
) -> list[tuple[Linted, list[Violation]]]:
    """The worst ``limit`` hits, skipping copies of a reply already chosen (the same
    template sent to several customers teaches nothing new)."""
    chosen: list[tuple[Linted, list[Violation]]] = []
    seen: set[str] = set()
    for hit in sorted(hits, key=lambda h: _example_key(h[0], h[1])):
        shape = _shape(hit[0].text)
        if shape in seen:
            continue
        seen.add(shape)
        chosen.append(hit)
        if len(chosen) == limit:
            break
    return chosen


def _trend(items: Sequence[Linted]) -> tuple[list[Bucket], str]:
    days = [(item.when.astimezone(timezone.utc).date(), item) for item in items if item.when]
    if not days:
        return [], "day"
    first = min(d for d, _ in days)
    last = max(d for d, _ in days)
    span = (last - first).days
    unit = "day" if span <= 31 else "week" if span <= 26 * 7 else "month"

    def start_of(d: date) -> date:
        if unit == "week":
            return d - timedelta(days=d.weekday())
        if unit == "month":
            return d.replace(day=1)
        return d

    def following(d: date) -> date:
        if unit == "day":
            return d + timedelta(days=1)
        if unit == "week":
            return d + timedelta(days=7)
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1)

    def label(d: date) -> str:
        if unit == "month":
            return d.strftime("%Y-%m")
        if unit == "week":
            return f"week of {d.isoformat()}"
        return d.isoformat()

    buckets: dict[date, Bucket] = {}
    d = start_of(first)
    while d <= last:
        buckets[d] = Bucket(d, label(d))
        d = following(d)
    for day, item in days:
        bucket = buckets[start_of(day)]
        worst = item.worst
        if worst is Severity.ERROR:
            bucket.errors += 1
        elif worst is Severity.WARNING:
            bucket.warnings += 1
        elif worst is Severity.INFO:
            bucket.info += 1
        else:
            bucket.clean += 1
    return list(buckets.values()), unit


def model_answer(rule: type[Rule], linter: Linter | None = None) -> tuple[str, str | None] | None:
    """A good reply to show next to a rule: ``(reply, customer message or None)``.

    Passing examples pass *this* rule, sometimes only because their context differs
    (no complaint, another channel). The model answer is the first one that answers a
    customer message and that ``linter`` (when given) finds nothing wrong with at all;
    failing that, the first passing example that breaks no rule; else none.
    """
    candidates = sorted(rule.passing, key=lambda ex: ex.context is None)
    for example in candidates:
        try:
            conv = example.conversation()
            if linter is not None and linter.lint(conv).violations:
                continue
        except (ReplylintError, ValueError):  # an example the linter refuses is skipped
            continue
        customer = [m.text for m in conv.messages if m.role == "customer"]
        return example.draft, (customer[-1] if customer else None)
    return None


def _section(rule: type[Rule], severity: Severity, linter: Linter | None) -> RuleSection:
    docs = rule.docs
    answer = model_answer(rule, linter)
    return RuleSection(
        slug=rule.slug,
        severity=severity,
        message=rule.message,
        what=docs.what,
        why=docs.why,
        guidance=docs.guidance,
        instead=docs.instead,
        seeds=tuple(docs.seeds),
        good_example=answer[0] if answer else None,
        good_context=answer[1] if answer else None,
    )


def build_report(
    linted: Iterable[tuple[Conversation, Report]],
    *,
    title: str = "Reply quality report",
    source: str = "",
    agent_field: str = "author",
    examples_per_rule: int = 3,
    generated_at: str | None = None,
    problems: Sequence[str] = (),
    checked_rules: Sequence[str] | None = None,
    linter: Linter | None = None,
) -> TrainingReport:
    """Collect a :class:`TrainingReport` from linted drafts.

    ``checked_rules`` are the slugs that were enabled (default: the whole catalog);
    rules are looked up in the registry, so new rules need no change here. With a
    ``linter``, model answers are checked against every rule before they are shown.
    """
    from .. import __version__

    items = [Linted(conv, rep, i) for i, (conv, rep) in enumerate(linted)]
    catalog = {rule.slug: rule for rule in all_rules()}
    checked = list(checked_rules) if checked_rules is not None else list(catalog)

    per_rule: dict[str, list[tuple[Linted, list[Violation]]]] = defaultdict(list)
    severities: dict[str, Severity] = {}
    agents: dict[str, AgentRow] = {}
    totals = Counter[str]()
    violations = 0
    for item in items:
        agent = agent_of(item, agent_field)
        row = agents.setdefault(agent, AgentRow(agent))
        row.replies += 1
        worst = item.worst
        totals[worst.value if worst else "clean"] += 1
        if worst is Severity.ERROR:
            row.errors += 1
        elif worst is Severity.WARNING:
            row.warnings += 1
        own: dict[str, list[Violation]] = defaultdict(list)
        for v in item.report.violations:
            own[v.rule].append(v)
            row.rules[v.rule] += 1
            row.violations += 1
            violations += 1
            current = severities.get(v.rule)
            if current is None or v.severity.rank > current.rank:
                severities[v.rule] = v.severity
        for slug, vs in own.items():
            per_rule[slug].append((item, vs))

    sections: list[RuleSection] = []
    for slug, hits in per_rule.items():
        rule = catalog.get(slug)
        if rule is None:  # a rule outside the registry (a plugin): show what we know
            first = hits[0][1][0]
            section = RuleSection(
                slug=slug,
                severity=severities[slug],
                message=first.message,
                what="",
                why=first.guidance,
                guidance="",
                instead="",
                seeds=(),
                good_example=None,
            )
        else:
            section = _section(rule, severities[slug], linter)
        section.replies = len(hits)
        section.violations = sum(len(vs) for _, vs in hits)
        for item, vs in _distinct(hits, examples_per_rule):
            context, earlier = _context(item.conversation)
            section.examples.append(
                Example(item, agent_of(item, agent_field), tuple(vs), context, earlier)
            )
        sections.append(section)
    order = {slug: i for i, slug in enumerate(catalog)}
    sections.sort(
        key=lambda s: (-s.severity.rank, -s.replies, order.get(s.slug, len(order)), s.slug)
    )
    fired = {s.slug for s in sections}
    quiet = [slug for slug in checked if slug not in fired]
    agent_rows = sorted(agents.values(), key=lambda a: (-a.replies, a.agent))
    trend, unit = _trend(items)
    return TrainingReport(
        title=title,
        source=source,
        version=__version__,
        generated_at=generated_at,
        agent_field=agent_field,
        replies=len(items),
        errors=totals["error"],
        warnings=totals["warning"],
        info=totals["info"],
        clean=totals["clean"],
        violations=violations,
        rules=sections,
        quiet_rules=quiet,
        agents=agent_rows,
        trend=trend,
        trend_unit=unit,
        problems=list(problems),
    )
