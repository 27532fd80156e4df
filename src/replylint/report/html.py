"""The training report as one self-contained HTML page.

No scripts, fonts, images or links to anything outside the file: styles are inline,
charts are inline SVG, and a Content-Security-Policy forbids loading anything else.
Every piece of conversation text goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..models import Message
from .build import AgentRow, Example, RuleSection, TrainingReport, segments
from .svg import rule_chart, trend_chart

__all__ = ["render_html"]

MAX_AGENTS = 40
MAX_PROBLEMS = 50

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_CSS = """
:root {
  --ink: #101828; --muted: #475467; --faint: #667085; --line: #e4e7ec;
  --paper: #ffffff; --page: #f5f6f8; --accent: #1d2939;
  --error: #b42318; --error-bg: #fef3f2; --error-mark: #fecdca; --error-line: #f97066;
  --warning: #93370d; --warning-bg: #fffaeb; --warning-mark: #fedf89; --warning-line: #f79009;
  --info: #175cd3; --info-bg: #eff8ff; --info-mark: #b2ddff; --info-line: #53b1fd;
  --ok: #067647; --ok-bg: #ecfdf3;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", sans-serif;
}
.wrap { max-width: 1040px; margin: 0 auto; padding: 0 24px; }
header.top { background: var(--accent); color: #fff; padding: 36px 0 28px; }
header.top .eyebrow { margin: 0 0 6px; font-size: 13px; letter-spacing: .08em;
  text-transform: uppercase; color: #d0d5dd; font-weight: 600; }
header.top h1 { margin: 0; font-size: 32px; line-height: 1.2; font-weight: 700; }
header.top .meta { margin: 10px 0 0; color: #d0d5dd; font-size: 14px; }
nav.toc { background: var(--paper); border-bottom: 1px solid var(--line); }
nav.toc ul { list-style: none; margin: 0; padding: 10px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav.toc a { color: var(--muted); text-decoration: none; font-size: 14px; font-weight: 600; }
nav.toc a:hover, nav.toc a:focus { color: var(--ink); text-decoration: underline; }
main.wrap { padding-top: 32px; padding-bottom: 48px; }
section { margin: 0 0 36px; }
h2 { font-size: 22px; margin: 0 0 14px; line-height: 1.3; }
h3 { font-size: 19px; margin: 0; line-height: 1.3; }
h4 { font-size: 13px; margin: 0 0 4px; text-transform: uppercase; letter-spacing: .06em; color: var(--faint); }
p.lead { color: var(--muted); margin: -6px 0 16px; }
.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 20px 22px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 14px; }
.tile { background: var(--paper); border: 1px solid var(--line); border-left: 6px solid var(--faint);
  border-radius: 12px; padding: 16px 18px; }
.tile .n { font-size: 34px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile .k { color: var(--muted); font-size: 14px; margin-top: 4px; }
.tile .pct { font-size: 15px; font-weight: 600; color: var(--muted); margin-left: 6px; }
.tile.error { border-left-color: var(--error-line); } .tile.error .n { color: var(--error); }
.tile.warning { border-left-color: var(--warning-line); } .tile.warning .n { color: var(--warning); }
.tile.ok { border-left-color: #32d583; } .tile.ok .n { color: var(--ok); }
.chart { display: block; max-width: 100%; height: auto; }
.chart text { font-family: inherit; fill: var(--ink); font-size: 13px; }
.chart text.value, .chart text.axis { fill: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.chart text.legend { fill: var(--muted); font-size: 12px; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
table { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 9px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--faint); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
td.num, th.num { text-align: right; }
td.share { white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
.meter { display: inline-block; width: 84px; height: 8px; border-radius: 4px; background: var(--line);
  overflow: hidden; vertical-align: middle; margin-right: 8px; }
.meter span { display: block; height: 100%; background: var(--error-line); }
.rule { background: var(--paper); border: 1px solid var(--line); border-radius: 14px; margin: 0 0 28px;
  overflow: hidden; }
.rule > header { padding: 18px 22px 16px; border-bottom: 1px solid var(--line); border-top: 6px solid var(--faint); }
.rule.sev-error > header { border-top-color: var(--error-line); }
.rule.sev-warning > header { border-top-color: var(--warning-line); }
.rule.sev-info > header { border-top-color: var(--info-line); }
.rule .slug { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.rule .count { color: var(--muted); font-size: 14px; margin: 6px 0 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 700; letter-spacing: .05em; text-transform: uppercase;
  padding: 2px 9px; border-radius: 999px; vertical-align: middle; margin-right: 8px; }
.badge.error { background: var(--error-bg); color: var(--error); border: 1px solid var(--error-mark); }
.badge.warning { background: var(--warning-bg); color: var(--warning); border: 1px solid var(--warning-mark); }
.badge.info { background: var(--info-bg); color: var(--info); border: 1px solid var(--info-mark); }
.teach { display: grid; grid-template-columns: 1fr 1fr; gap: 16px 28px;
  padding: 18px 22px; background: #fcfcfd; border-bottom: 1px solid var(--line); }
.teach p { margin: 0; }
.teach .good { grid-column: 1 / -1; background: var(--ok-bg); border-radius: 10px; padding: 12px 14px; }
.teach .good h4 { color: var(--ok); }
.teach .good .asked { color: var(--muted); font-size: 14px; margin: 0 0 4px; }
.seeds { color: var(--faint); font-size: 13px; margin-top: 6px !important; }
.examples { padding: 18px 22px 4px; }
.card { border: 1px solid var(--line); border-radius: 12px; margin: 0 0 18px; overflow: hidden;
  break-inside: avoid; page-break-inside: avoid; }
.card .head { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 9px 14px; background: #f9fafb;
  border-bottom: 1px solid var(--line); font-size: 13px; color: var(--muted); }
.card .head b { color: var(--ink); }
.thread { padding: 14px 14px 4px; }
.msg { max-width: 85%; margin: 0 0 10px; }
.msg .who { font-size: 12px; color: var(--faint); margin: 0 0 3px; }
.bubble { background: #f2f4f7; border-radius: 4px 14px 14px 14px; padding: 9px 13px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.msg.agent .bubble, .msg.other .bubble { background: #f9fafb; border: 1px dashed var(--line); }
.reply { margin: 4px 14px 14px auto; max-width: 88%; }
.reply .who { text-align: right; font-size: 12px; color: var(--faint); margin: 0 0 3px; }
.reply .bubble { background: #ffffff; border: 2px solid var(--faint); border-radius: 14px 4px 14px 14px; }
.sev-error .reply .bubble { border-color: var(--error-line); }
.sev-warning .reply .bubble { border-color: var(--warning-line); }
.sev-info .reply .bubble { border-color: var(--info-line); }
mark { color: inherit; border-radius: 3px; padding: 0 2px; box-decoration-break: clone;
  -webkit-box-decoration-break: clone; }
.sev-error mark { background: var(--error-mark); box-shadow: inset 0 -2px 0 var(--error); }
.sev-warning mark { background: var(--warning-mark); box-shadow: inset 0 -2px 0 var(--warning); }
.sev-info mark { background: var(--info-mark); box-shadow: inset 0 -2px 0 var(--info); }
.advice { border-top: 1px solid var(--line); padding: 12px 14px; display: grid; gap: 8px; font-size: 15px; }
.advice p { margin: 0; }
.advice .label { font-weight: 700; }
.fixed { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--ok-bg); border-radius: 8px; padding: 8px 12px; }
.muted { color: var(--faint); }
.quiet { color: var(--muted); font-size: 14px; }
.quiet code, .problems code { font-size: 13px; }
.problems li { margin: 0 0 4px; overflow-wrap: anywhere; }
footer { color: var(--faint); font-size: 13px; padding: 0 0 40px; }
a { color: #175cd3; }
@media (max-width: 640px) {
  header.top h1 { font-size: 26px; }
  .teach { grid-template-columns: 1fr; }
  .msg, .reply { max-width: 100%; }
}
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.toc { display: none; }
  header.top { background: #fff; color: var(--ink); padding: 0 0 10px; border-bottom: 2px solid var(--ink); }
  header.top .eyebrow, header.top .meta { color: var(--muted); }
  .wrap { max-width: none; padding: 0; }
  .rule { break-before: page; border: 0; }
  .tile, .panel, .card { break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _tile(kind: str, n: int, label: str, share: str | None = None) -> str:
    pct = f'<span class="pct">{_e(share)}</span>' if share is not None else ""
    return (
        f'<div class="tile {kind}"><div class="n">{n:,}{pct}</div>'
        f'<div class="k">{_e(label)}</div></div>'
    )


def _summary(r: TrainingReport) -> str:
    tiles = [
        _tile("", r.replies, "replies checked"),
        _tile("error", r.errors, "with at least one error", _pct(r.share(r.errors))),
        _tile("warning", r.warnings, "with warnings (no errors)", _pct(r.share(r.warnings))),
        _tile("ok", r.clean + r.info, "clean or info only", _pct(r.share(r.clean + r.info))),
    ]
    return (
        '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>'
        f'<p class="lead">{_plural(r.violations, "issue")} found in '
        f"{_plural(r.replies, 'reply', 'replies')}; "
        f"{_plural(len(r.rules), 'rule')} of {len(r.rules) + len(r.quiet_rules)} fired.</p>"
        f'<div class="tiles">{"".join(tiles)}</div></section>'
    )


def _rules_overview(r: TrainingReport) -> str:
    if not r.rules:
        body = '<p class="muted">No rule fired: every reply passed.</p>'
    else:
        body = rule_chart(r.rules, r.replies)
    quiet = ""
    if r.quiet_rules:
        names = ", ".join(f"<code>{_e(s)}</code>" for s in r.quiet_rules)
        quiet = f'<p class="quiet">Checked, never fired: {names}.</p>'
    return (
        '<section id="rules" aria-labelledby="rules-h"><h2 id="rules-h">What went wrong, '
        'most often</h2><p class="lead">Replies flagged by each rule (share of all replies '
        "checked); colour shows severity.</p>"
        f'<div class="panel">{body}{quiet}</div></section>'
    )


def _agent_row(a: AgentRow) -> str:
    flagged = a.errors + a.warnings
    share = flagged / a.replies if a.replies else 0.0
    top = ", ".join(f"<code>{_e(s)}</code> ({n})" for s, n in a.top_rules) or "—"
    return (
        f"<tr><td>{_e(a.agent)}</td><td class='num'>{a.replies:,}</td>"
        f"<td class='num'>{a.errors:,}</td><td class='num'>{a.warnings:,}</td>"
        f"<td class='share'><span class='meter' aria-hidden='true'><span style='width:{share * 100:.0f}%'>"
        f"</span></span>{_pct(share)}</td><td>{top}</td></tr>"
    )


def _agents(r: TrainingReport) -> str:
    rows = "".join(_agent_row(a) for a in r.agents[:MAX_AGENTS])
    more = ""
    if len(r.agents) > MAX_AGENTS:
        more = f'<p class="muted">…and {len(r.agents) - MAX_AGENTS:,} more.</p>'
    return (
        '<section id="agents" aria-labelledby="agents-h"><h2 id="agents-h">Per agent</h2>'
        f'<p class="lead">Agent = the draft\'s <code>{_e(r.agent_field)}</code>. '
        "Flagged = replies with an error or a warning.</p>"
        '<div class="panel"><table><thead><tr><th>Agent</th><th class="num">Replies</th>'
        '<th class="num">Errors</th><th class="num">Warnings</th><th>Flagged</th>'
        f"<th>Most frequent</th></tr></thead><tbody>{rows}</tbody></table>{more}</div></section>"
    )


def _trend(r: TrainingReport) -> str:
    if not r.trend:
        return ""
    return (
        '<section id="trend" aria-labelledby="trend-h">'
        f'<h2 id="trend-h">Trend per {_e(r.trend_unit)}</h2>'
        '<p class="lead">Replies by their worst issue, over the period of the log.</p>'
        f'<div class="panel">{trend_chart(r.trend, r.trend_unit)}</div></section>'
    )


def _highlighted(text: str, spans: Iterable[tuple[int, int]]) -> str:
    return "".join(
        f"<mark>{_e(piece)}</mark>" if marked else _e(piece)
        for piece, marked in segments(text, spans)
    )


def _who(m: Message) -> str:
    role = {"customer": "Customer", "agent": "Earlier reply", "other": "Someone else"}[m.role]
    parts = [role]
    if m.author:
        parts.append(m.author)
    if m.timestamp:
        parts.append(m.timestamp.strftime("%Y-%m-%d %H:%M"))
    return " · ".join(parts)


def _card(ex: Example, number: int) -> str:
    item = ex.item
    conv = item.conversation
    head = [f"<span>Example {number} · <b>{_e(item.id)}</b></span>"]
    head.append(f"<span>Agent <b>{_e(ex.agent)}</b></span>")
    if conv.channel:
        head.append(f"<span>{_e(conv.channel)}</span>")
    if conv.brand:
        head.append(f"<span>{_e(conv.brand)}</span>")
    if item.when:
        head.append(f"<span>{_e(item.when.strftime('%Y-%m-%d'))}</span>")
    others = len(item.report.violations) - len(ex.violations)
    if others:
        head.append(f"<span>+{_plural(others, 'other issue')}</span>")
    thread = []
    if ex.earlier:
        thread.append(f'<p class="muted">{_plural(ex.earlier, "earlier message")} not shown</p>')
    for m in ex.context:
        thread.append(
            f'<div class="msg {_e(m.role)}"><p class="who">{_e(_who(m))}</p>'
            f'<div class="bubble">{_e(m.text)}</div></div>'
        )
    if not ex.context:
        thread.append('<p class="muted">No conversation before this reply (a template).</p>')
    spans = [(v.span.start, v.span.end) for v in ex.violations]
    whole = all(s == 0 and e >= len(item.text) for s, e in spans)
    draft = conv.draft
    reply_who = "Reply" + (f" · {draft.author}" if draft and draft.author else "")
    advice = []
    for message in ex.messages:
        advice.append(
            f'<p><span class="label">Problem:</span> {_e(message)}'
            f"{' (the whole reply)' if whole else ''}</p>"
        )
    for suggestion in ex.suggestions:
        advice.append(f'<p><span class="label">Suggestion:</span> {_e(suggestion)}</p>')
    fixed = ex.fixed_text
    if fixed is not None:
        advice.append(
            f'<p class="label">With this rule’s fix applied:</p><div class="fixed">{_e(fixed)}</div>'
        )
    return (
        f'<div class="card">'
        f'<div class="head">{"".join(head)}</div>'
        f'<div class="thread">{"".join(thread)}</div>'
        f'<div class="reply"><p class="who">{_e(reply_who)}</p>'
        f'<div class="bubble">{_highlighted(item.text, spans)}</div></div>'
        f'<div class="advice">{"".join(advice)}</div></div>'
    )


def _rule(s: RuleSection, total: int) -> str:
    sev = s.severity.value
    teach = []
    if s.why:
        seeds = ""
        if s.seeds:
            plural = "s" if len(s.seeds) > 1 else ""
            seeds = f'<p class="seeds">Guidance document{plural}: {_e(", ".join(s.seeds))}</p>'
        teach.append(f"<div><h4>Why it matters</h4><p>{_e(s.why)}</p>{seeds}</div>")
    if s.instead or s.guidance:
        body = _e(s.instead or s.guidance)
        if s.instead and s.guidance:
            body = f"{_e(s.instead)}</p><p class='seeds'>{_e(s.guidance)}"
        teach.append(f"<div><h4>What to do instead</h4><p>{body}</p></div>")
    if s.good_example:
        asked = ""
        if s.good_context:
            asked = f'<p class="asked">Customer: “{_e(s.good_context)}”</p>'
        teach.append(
            f'<div class="good"><h4>Say it like this</h4>{asked}<p>{_e(s.good_example)}</p></div>'
        )
    cards = "".join(_card(ex, i) for i, ex in enumerate(s.examples, start=1))
    share = s.replies / total if total else 0.0
    return (
        f'<article class="rule sev-{sev}" id="rule-{_e(s.slug)}" aria-labelledby="h-{_e(s.slug)}">'
        f'<header><h3 id="h-{_e(s.slug)}"><span class="badge {sev}">{_e(sev)}</span>'
        f'<span class="slug">{_e(s.slug)}</span></h3>'
        f'<p class="count">{_e(s.message)} — {_plural(s.replies, "reply", "replies")} '
        f"({_pct(share)}), {_plural(s.violations, 'violation')}</p></header>"
        f'<div class="teach">{"".join(teach)}</div>'
        f'<div class="examples"><h4>Worst examples from this log</h4>{cards}</div></article>'
    )


def _problems(r: TrainingReport) -> str:
    if not r.problems:
        return ""
    items = "".join(f"<li><code>{_e(p)}</code></li>" for p in r.problems[:MAX_PROBLEMS])
    more = ""
    if len(r.problems) > MAX_PROBLEMS:
        more = f'<p class="muted">…and {len(r.problems) - MAX_PROBLEMS:,} more.</p>'
    return (
        '<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h">'
        f"Rows not checked ({len(r.problems):,})</h2>"
        '<p class="lead">These rows of the log could not be read or checked; fix the export '
        "and run the report again to include them.</p>"
        f'<div class="panel"><ul class="problems">{items}</ul>{more}</div></section>'
    )


def render_html(r: TrainingReport) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    meta = [f"{_plural(r.replies, 'reply', 'replies')} checked"]
    if r.source:
        meta.insert(0, r.source)
    if r.trend:
        meta.append(f"{r.trend[0].start.isoformat()} – {r.trend[-1].start.isoformat()}")
    if r.generated_at:
        meta.append(f"generated {r.generated_at}")
    toc = [("summary", "Summary"), ("rules", "Rules"), ("agents", "Agents")]
    if r.trend:
        toc.append(("trend", "Trend"))
    toc.extend((f"rule-{s.slug}", s.slug) for s in r.rules)
    if r.problems:
        toc.append(("problems", "Rows not checked"))
    nav = "".join(f'<li><a href="#{_e(anchor)}">{_e(name)}</a></li>' for anchor, name in toc)
    gallery = "".join(_rule(s, r.replies) for s in r.rules)
    examples = ""
    if gallery:
        examples = (
            '<section id="examples" aria-labelledby="examples-h"><h2 id="examples-h">'
            'Examples to learn from</h2><p class="lead">For each rule, the worst real '
            "replies in this log: the customer's message, the reply with the problem "
            f"highlighted, why it matters and what to write instead.</p>{gallery}</section>"
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<meta name="generator" content="replylint {_e(r.version)}">'
        f"<title>{_e(r.title)}</title><style>{_CSS}</style></head><body>"
        '<header class="top"><div class="wrap"><p class="eyebrow">replylint · training report</p>'
        f'<h1>{_e(r.title)}</h1><p class="meta">{_e(" · ".join(meta))}</p></div></header>'
        f'<nav class="toc" aria-label="Contents"><div class="wrap"><ul>{nav}</ul></div></nav>'
        f'<main class="wrap">{_summary(r)}{_rules_overview(r)}{_agents(r)}{_trend(r)}'
        f"{examples}{_problems(r)}</main>"
        f'<footer class="wrap">Made with replylint {_e(r.version)}. Severity: '
        f'<span class="badge error">error</span><span class="badge warning">warning</span>'
        f'<span class="badge info">info</span></footer>'
        "</body></html>\n"
    )
