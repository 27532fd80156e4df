"""Inline SVG charts for the HTML report: no scripts, no external resources.

Every label is escaped; sizes are computed from the data only, so the same data
always gives the same markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

from .build import Bucket, RuleSection

__all__ = ["SEVERITY_COLORS", "rule_chart", "trend_chart"]

SEVERITY_COLORS: dict[str, str] = {
    "error": "#c4320a",
    "warning": "#dc8a04",
    "info": "#1570ef",
    "clean": "#a6d5b4",
}
"""Chart fills per severity (text never sits on these; labels stay dark on white)."""

_WIDTH = 760


def _num(value: float) -> str:
    """Coordinates with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def rule_chart(sections: Sequence[RuleSection], total_replies: int) -> str:
    """Horizontal bars: replies flagged per rule, coloured by severity."""
    if not sections:
        return ""
    label_w, right_pad, row_h, bar_h, top = 210, 120, 30, 18, 8
    plot_w = _WIDTH - label_w - right_pad
    height = top * 2 + row_h * len(sections)
    peak = max(s.replies for s in sections) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="rule-chart-title" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        '<title id="rule-chart-title">Replies flagged per rule</title>',
    ]
    for i, s in enumerate(sections):
        y = top + i * row_h
        mid = y + row_h / 2
        w = max(2.0, plot_w * s.replies / peak)
        share = s.replies / total_replies if total_replies else 0.0
        tip = (
            f"{s.slug}: {s.replies} repl{'y' if s.replies == 1 else 'ies'} "
            f"({share:.0%}), {s.violations} violation{'' if s.violations == 1 else 's'}"
        )
        parts.append(f'<g class="bar sev-{s.severity.value}"><title>{escape(tip)}</title>')
        parts.append(
            f'<text x="{label_w - 10}" y="{_num(mid)}" text-anchor="end" '
            f'dominant-baseline="central" class="label">{escape(s.slug)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{_num(mid - bar_h / 2)}" width="{_num(w)}" '
            f'height="{bar_h}" rx="3" fill="{SEVERITY_COLORS[s.severity.value]}"/>'
        )
        parts.append(
            f'<text x="{_num(label_w + w + 8)}" y="{_num(mid)}" dominant-baseline="central" '
            f'class="value">{s.replies} · {share:.0%}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(d: date, unit: str) -> str:
    if unit == "month":
        return f"{d:%b} {d.year}"
    return f"{d:%b} {d.day}"


def _nice_ceiling(value: int) -> int:
    if value <= 10:  # small counts: an even ceiling, so the middle line is whole
        return max(2, value + value % 2)
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        ceiling = int(math.ceil(value / (magnitude * step)) * magnitude * step)
        if ceiling >= value and ceiling / value < 1.6:
            return ceiling
    return value


_STACK = (
    ("errors", "error", "with errors"),
    ("warnings", "warning", "with warnings"),
    ("info", "info", "info only"),
    ("clean", "clean", "clean"),
)


def trend_chart(buckets: Sequence[Bucket], unit: str) -> str:
    """Stacked columns per day/week/month: replies by their worst severity."""
    if not buckets:
        return ""
    left, right, top, bottom, legend_h = 44, 12, 30, 36, 0
    height = 250
    plot_w = _WIDTH - left - right
    plot_h = height - top - bottom - legend_h
    peak = _nice_ceiling(max(b.replies for b in buckets))
    slot = plot_w / len(buckets)
    bar_w = max(1.0, min(48.0, slot * 0.7))
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="trend-chart-title" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="trend-chart-title">Replies per {escape(unit)}, by worst severity</title>',
    ]
    # legend
    x = float(left)
    for _, key, name in _STACK:
        parts.append(
            f'<rect x="{_num(x)}" y="6" width="12" height="12" rx="2" '
            f'fill="{SEVERITY_COLORS[key]}"/>'
            f'<text x="{_num(x + 17)}" y="12" dominant-baseline="central" '
            f'class="legend">{escape(name)}</text>'
        )
        x += 24 + 7.2 * len(name)
    # grid
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - frac)
        value = peak * frac
        label = _num(value) if value != int(value) else str(int(value))
        parts.append(
            f'<line x1="{left}" x2="{_WIDTH - right}" y1="{_num(y)}" y2="{_num(y)}" '
            f'class="grid"/><text x="{left - 8}" y="{_num(y)}" text-anchor="end" '
            f'dominant-baseline="central" class="axis">{label}</text>'
        )
    step = max(1, math.ceil(len(buckets) / 12))
    for i, b in enumerate(buckets):
        cx = left + slot * (i + 0.5)
        y = float(top + plot_h)
        tip = (
            f"{b.label}: {b.replies} repl{'y' if b.replies == 1 else 'ies'} — "
            f"{b.errors} with errors, {b.warnings} with warnings, {b.info} info only, "
            f"{b.clean} clean"
        )
        parts.append(f"<g><title>{escape(tip)}</title>")
        for attr, key, _ in _STACK:
            n = getattr(b, attr)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(
                f'<rect x="{_num(cx - bar_w / 2)}" y="{_num(y)}" width="{_num(bar_w)}" '
                f'height="{_num(h)}" fill="{SEVERITY_COLORS[key]}"/>'
            )
        parts.append("</g>")
        if i % step == 0:
            parts.append(
                f'<text x="{_num(cx)}" y="{height - bottom + 18}" text-anchor="middle" '
                f'class="axis">{escape(_short(b.start, unit))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
