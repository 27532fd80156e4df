"""The training report as Markdown, for wikis and e-mail.

Conversation text is neutralised: Markdown punctuation is backslash-escaped so no
raw HTML, link, image or emphasis can come from it, ``&`` becomes ``&amp;`` so no
entity is decoded, and anything a renderer could turn into a link by itself (URLs,
``www.`` names, e-mail addresses, ``javascript:``-style schemes) is shown as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Message
from .build import Example, RuleSection, TrainingReport, segments

__all__ = ["md_code", "md_text", "render_markdown"]

MAX_AGENTS = 40
MAX_PROBLEMS = 50

# Words a Markdown renderer may turn into links by itself (GFM autolinks: URLs,
# ``www.`` names, e-mail addresses); they are shown as code instead.
_WORD = re.compile(r"\S+")
_LINKISH = re.compile(r"(?i)://|^www\.|\w@[\w-]+\.\w")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|~@$])")
_LINE_START = re.compile(r"(?:(?<=\n)|^)([ \t]*)([#=+-]|\d+[.)])")
_INNER_LINE_START = re.compile(r"(?<=\n)([ \t]*)([#=+-]|\d+[.)])")


def md_code(text: str) -> str:
    """``text`` as an inline code span whatever backticks it holds."""
    text = text.replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _escape_plain(text: str, at_line_start: bool) -> str:
    text = text.replace("&", "&amp;")
    text = _ESCAPE.sub(r"\\\1", text)
    pattern = _LINE_START if at_line_start else _INNER_LINE_START
    return pattern.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark[0].isdigit():
        return f"{lead}{mark[:-1]}\\{mark[-1]}"
    return f"{lead}\\{mark}"


def md_text(text: str, *, block: bool = False) -> str:
    """Inline Markdown showing ``text`` literally (newlines kept). ``block``: the text
    starts a line, so a leading ``#``, ``-`` or ``1.`` must not make a heading or list."""
    out: list[str] = []
    pos = 0
    for match in _WORD.finditer(text):
        if not _LINKISH.search(match.group(0)):
            continue
        out.append(_escape_plain(text[pos : match.start()], block and pos == 0))
        out.append(md_code(match.group(0)))
        pos = match.end()
    out.append(_escape_plain(text[pos:], block and pos == 0))
    return "".join(out)


def _cell(text: str) -> str:
    """Text for a table cell: one line, and no ``|`` (it splits cells even in code)."""
    return md_text(" ".join(text.split()).replace("|", "¦"))


def _highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans in bold; bold never crosses a line or edge spaces."""
    out: list[str] = []
    for i, (piece, marked) in enumerate(segments(text, spans)):
        if not marked:
            out.append(md_text(piece, block=i == 0))
            continue
        lines = piece.split("\n")
        done = []
        for line in lines:
            core = line.strip()
            if not core:
                done.append(line)
                continue
            lead = line[: len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()) :]
            done.append(f"{lead}**{md_text(core)}**{trail}")  # ** already starts the line
        out.append("\n".join(done))
    return "".join(out)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _bar(n: int, peak: int, width: int = 20) -> str:
    filled = round(width * n / peak) if peak else 0
    return "█" * max(filled, 1 if n else 0)


def _who(m: Message) -> str:
    role = {"customer": "Customer", "agent": "Earlier reply", "other": "Someone else"}[m.role]
    parts = [role]
    if m.author:
        parts.append(md_text(m.author))
    if m.timestamp:
        parts.append(m.timestamp.strftime("%Y-%m-%d %H:%M"))
    return " · ".join(parts)


def _example(ex: Example, number: int) -> list[str]:
    item = ex.item
    conv = item.conversation
    head = [f"Example {number} · {md_text(item.id)}", f"agent {md_text(ex.agent)}"]
    if conv.channel:
        head.append(md_text(conv.channel))
    if conv.brand:
        head.append(md_text(conv.brand))
    if item.when:
        head.append(item.when.strftime("%Y-%m-%d"))
    others = len(item.report.violations) - len(ex.violations)
    if others:
        head.append(f"+{_plural(others, 'other issue')}")
    lines = [f"#### {' · '.join(head)}", ""]
    if ex.earlier:
        lines += [f"*{_plural(ex.earlier, 'earlier message')} not shown.*", ""]
    for m in ex.context:
        lines += [f"{_who(m)}:", "", _quote(md_text(m.text, block=True)), ""]
    if not ex.context:
        lines += ["*No conversation before this reply (a template).*", ""]
    draft = conv.draft
    who = "**Reply**" + (f" · {md_text(draft.author)}" if draft and draft.author else "")
    spans = [(v.span.start, v.span.end) for v in ex.violations]
    lines += [f"{who}:", "", _quote(_highlight(item.text, spans)), ""]
    for message in ex.messages:
        lines.append(f"- **Problem:** {md_text(message)}")
    for suggestion in ex.suggestions:
        lines.append(f"- **Suggestion:** {md_text(suggestion)}")
    fixed = ex.fixed_text
    if fixed is not None:
        lines += ["- **With this rule’s fix applied:**", "", _quote(md_text(fixed, block=True))]
    lines.append("")
    return lines


def _rule(s: RuleSection, total: int) -> list[str]:
    share = s.replies / total if total else 0.0
    lines = [
        f"### {s.slug} ({s.severity.value})",
        "",
        f"{md_text(s.message)} — {_plural(s.replies, 'reply', 'replies')} ({_pct(share)}), "
        f"{_plural(s.violations, 'violation')}.",
        "",
    ]
    if s.why:
        lines += [f"**Why it matters.** {md_text(s.why)}", ""]
    if s.instead:
        lines += [f"**What to do instead.** {md_text(s.instead)}", ""]
    if s.guidance:
        lines += [f"**Guidance.** {md_text(s.guidance)}", ""]
    if s.seeds:
        lines += [f"*Guidance documents: {md_text(', '.join(s.seeds))}.*", ""]
    if s.good_example:
        lines += ["**Say it like this:**", ""]
        if s.good_context:
            lines += [f"*Customer:* {md_text(s.good_context)}", ""]
        lines += [_quote(md_text(s.good_example, block=True)), ""]
    for i, ex in enumerate(s.examples, start=1):
        lines += _example(ex, i)
    return lines


def render_markdown(r: TrainingReport) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    out = [f"# {md_text(r.title)}", ""]
    meta = [f"{_plural(r.replies, 'reply', 'replies')} checked"]
    if r.source:
        meta.insert(0, md_text(r.source))
    if r.trend:
        meta.append(f"{r.trend[0].start.isoformat()} – {r.trend[-1].start.isoformat()}")
    if r.generated_at:
        meta.append(f"generated {md_text(r.generated_at)}")
    meta.append(f"replylint {md_text(r.version)}")
    out += [" · ".join(meta), "", "## Summary", ""]
    out += [
        "| | Replies | Share |",
        "|---|---:|---:|",
        f"| Checked | {r.replies:,} | 100% |",
        f"| With at least one error | {r.errors:,} | {_pct(r.share(r.errors))} |",
        f"| With warnings (no errors) | {r.warnings:,} | {_pct(r.share(r.warnings))} |",
        f"| Clean or info only | {r.clean + r.info:,} | {_pct(r.share(r.clean + r.info))} |",
        "",
        f"{_plural(r.violations, 'issue')} found; "
        f"{_plural(len(r.rules), 'rule')} of {len(r.rules) + len(r.quiet_rules)} fired.",
        "",
        "## What went wrong, most often",
        "",
    ]
    if r.rules:
        peak = max(s.replies for s in r.rules)
        out += [
            "| Rule | Severity | Replies | Share | Violations | |",
            "|---|---|---:|---:|---:|---|",
        ]
        for s in r.rules:
            out.append(
                f"| {md_code(s.slug)} | {s.severity.value} | {s.replies:,} | "
                f"{_pct(s.replies / r.replies if r.replies else 0)} | {s.violations:,} | "
                f"{_bar(s.replies, peak)} |"
            )
        out.append("")
    else:
        out += ["No rule fired: every reply passed.", ""]
    if r.quiet_rules:
        out += ["Checked, never fired: " + ", ".join(md_code(s) for s in r.quiet_rules) + ".", ""]

    out += [
        "## Per agent",
        "",
        f"Agent = the draft's {md_code(r.agent_field)}. Flagged = replies with an error or a warning.",
        "",
        "| Agent | Replies | Errors | Warnings | Flagged | Most frequent |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for a in r.agents[:MAX_AGENTS]:
        flagged = a.errors + a.warnings
        top = ", ".join(f"{md_code(s)} ({n})" for s, n in a.top_rules) or "—"
        out.append(
            f"| {_cell(a.agent)} | {a.replies:,} | {a.errors:,} | {a.warnings:,} | "
            f"{_pct(flagged / a.replies if a.replies else 0)} | {top} |"
        )
    out.append("")
    if len(r.agents) > MAX_AGENTS:
        out += [f"…and {len(r.agents) - MAX_AGENTS:,} more.", ""]

    if r.trend:
        peak = max(b.replies for b in r.trend) or 1
        out += [
            f"## Trend per {r.trend_unit}",
            "",
            f"| {r.trend_unit.capitalize()} | Replies | Errors | Warnings | Info only | Clean | |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for b in r.trend:
            out.append(
                f"| {b.label} | {b.replies:,} | {b.errors:,} | {b.warnings:,} | {b.info:,} | "
                f"{b.clean:,} | {_bar(b.replies, peak)} |"
            )
        out.append("")

    if r.rules:
        out += [
            "## Examples to learn from",
            "",
            "For each rule, the worst real replies in this log: the customer's message, the "
            "reply with the problem in **bold**, why it matters and what to write instead.",
            "",
        ]
        for s in r.rules:
            out += _rule(s, r.replies)

    if r.problems:
        out += [f"## Rows not checked ({len(r.problems):,})", ""]
        out += [f"- {md_code(p)}" for p in r.problems[:MAX_PROBLEMS]]
        if len(r.problems) > MAX_PROBLEMS:
            out.append(f"- …and {len(r.problems) - MAX_PROBLEMS:,} more.")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
