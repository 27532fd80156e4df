"""Training reports over conversation logs: statistics, HTML and Markdown.

>>> from replylint.report import build_report, render_html, render_markdown
"""

from __future__ import annotations

from .build import AGENT_FIELDS, TrainingReport, agent_of, build_report
from .html import render_html
from .markdown import render_markdown

__all__ = [
    "AGENT_FIELDS",
    "TrainingReport",
    "agent_of",
    "build_report",
    "render_html",
    "render_markdown",
]
