"""Training reports: statistics, example choice, HTML and Markdown, safety, CLI."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown_it
import pytest

from replylint.cli import main
from replylint.models import Conversation, Report, Severity, Span, Violation
from replylint.report import build_report, render_html, render_markdown
from replylint.report.build import agent_of, segments
from replylint.report.markdown import md_text
from replylint.report.progress import Progress
from replylint.rules import get_rule

from .conftest import shared_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "logs"


def violation(rule: str, text: str, needle: str, severity: str = "error") -> Violation:
    start = text.index(needle)
    end = start + len(needle)
    return Violation(
        rule=rule,
        severity=Severity(severity),
        message=f"{rule} message",
        span=Span(start=start, end=end, text=needle, line=1, column=start + 1),
        suggestion=f"{rule} suggestion",
    )


def conv(
    cid: str,
    draft: str,
    *,
    customer: str = "my line is down",
    author: str = "agent-1",
    when: str | None = "2026-11-02T09:00:00Z",
) -> Conversation:
    return Conversation.model_validate(
        {
            "id": cid,
            "channel": "twitter",
            "brand": "@TelcoCare",
            "messages": [{"role": "customer", "author": "@ann", "text": customer}],
            "draft": {"text": draft, "author": author, "timestamp": when},
        }
    )


def sample() -> list[tuple[Conversation, Report]]:
    t1 = "You people never read the FAQ."
    t2 = "You people again? Upgrade now!"
    t3 = "Thanks Ann, an engineer is booked for Tuesday 9-12."
    t4 = "How may I help you?"
    c4 = conv("c4", t4, author="agent-2", when="2026-11-05T10:00:00Z")
    return [
        (conv("c1", t1), Report(id="c1", violations=[violation("you-people", t1, "You people")])),
        (
            conv("c2", t2, author="agent-2", when="2026-11-03T09:00:00Z"),
            Report(
                id="c2",
                violations=[
                    violation("you-people", t2, "You people"),
                    violation("canned-greeting", t2, "again?", "warning"),
                ],
            ),
        ),
        (conv("c3", t3, when="2026-11-03T12:00:00Z"), Report(id="c3")),
        (c4, Report(id="c4", violations=[violation("canned-greeting", t4, t4, "warning")])),
    ]


# -- statistics and example choice -----------------------------------------------------


def test_summary_counts_by_worst_severity() -> None:
    r = build_report(sample())
    assert (r.replies, r.errors, r.warnings, r.info, r.clean) == (4, 2, 1, 0, 1)
    assert r.violations == 4
    assert [s.slug for s in r.rules] == ["you-people", "canned-greeting"]
    assert [(s.replies, s.violations) for s in r.rules] == [(2, 2), (2, 2)]
    assert "you-people" not in r.quiet_rules and "too-long" in r.quiet_rules


def test_rule_sections_carry_the_rules_own_docs() -> None:
    section = build_report(sample()).rules[0]
    rule = get_rule("you-people")
    assert section.why == rule.docs.why
    assert section.instead == rule.docs.instead
    assert section.seeds == tuple(rule.docs.seeds)
    assert section.good_example == rule.passing[0].draft


def test_examples_worst_first_then_id() -> None:
    r = build_report(sample())
    you = r.rules[0]
    # c2 has more violations than c1
    assert [ex.item.id for ex in you.examples] == ["c2", "c1"]
    canned = r.rules[1]
    # c2's worst is an error, c4's only a warning
    assert [ex.item.id for ex in canned.examples] == ["c2", "c4"]


def test_examples_skip_copies_of_one_template_and_respect_limit() -> None:
    rows = []
    for i in range(5):
        text = f"@user{i} You people should read https://x.example/{i}"
        rows.append(
            (
                conv(f"k{i}", text),
                Report(id=f"k{i}", violations=[violation("you-people", text, "You people")]),
            )
        )
    text = "You lot, you people, all the same."
    rows.append(
        (conv("z", text), Report(id="z", violations=[violation("you-people", text, "you people")]))
    )
    r = build_report(rows, examples_per_rule=3)
    assert [ex.item.id for ex in r.rules[0].examples] == ["k0", "z"]
    assert r.rules[0].replies == 6


def test_agents_and_trend() -> None:
    r = build_report(sample())
    assert [(a.agent, a.replies, a.errors, a.warnings) for a in r.agents] == [
        ("agent-1", 2, 1, 0),
        ("agent-2", 2, 1, 1),
    ]
    assert r.trend_unit == "day"
    assert [(b.label, b.errors, b.warnings, b.clean) for b in r.trend] == [
        ("2026-11-02", 1, 0, 0),
        ("2026-11-03", 1, 0, 1),
        ("2026-11-04", 0, 0, 0),
        ("2026-11-05", 0, 1, 0),
    ]


def test_trend_uses_weeks_or_months_for_long_logs() -> None:
    rows = sample()
    far = conv("late", "ok", when="2027-06-01T00:00:00Z")
    rows.append((far, Report(id="late")))
    r = build_report(rows)
    assert r.trend_unit == "month"
    assert r.trend[0].label == "2026-11" and r.trend[-1].label == "2027-06"
    assert len(r.trend) == 8


def test_no_timestamps_no_trend() -> None:
    rows = [(conv("a", "hi", when=None).model_copy(update={"messages": []}), Report(id="a"))]
    r = build_report(rows)
    assert r.trend == []
    assert "Trend" not in render_html(r)


def test_agent_field_choices() -> None:
    c = conv("a", "Sorted, the refund is on its way. ^JB", author="agent-9")
    from replylint.report.build import Linted

    item = Linted(c, Report(id="a"))
    assert agent_of(item) == "agent-9"
    assert agent_of(item, "signoff") == "JB"
    assert agent_of(item, "brand") == "@TelcoCare"
    assert agent_of(item, "channel") == "twitter"
    assert agent_of(item, "id") == "(unknown)"


def test_unknown_rule_slug_still_reported() -> None:
    text = "Plain reply."
    rows = [(conv("a", text), Report(id="a", violations=[violation("plugin-rule", text, "Plain")]))]
    r = build_report(rows)
    assert r.rules[0].slug == "plugin-rule" and r.rules[0].examples


def test_segments_merge_overlaps_and_keep_text() -> None:
    text = "abcdefghij"
    parts = segments(text, [(2, 5), (4, 7), (9, 9), (8, 20)])
    assert parts == [("ab", False), ("cdefg", True), ("h", False), ("ij", True)]
    assert "".join(p for p, _ in parts) == text
    assert segments("", []) == [("", False)]


# -- rendering ---------------------------------------------------------------------------


def test_html_report_has_the_parts_a_trainer_needs() -> None:
    html = render_html(build_report(sample(), title="Week 45"))
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Week 45</title>" in html
    assert "<mark>You people</mark>" in html
    assert html.count("<svg") == 2  # rule chart and trend
    assert "Why it matters" in html and "What to do instead" in html
    assert "you-people suggestion" in html
    assert "my line is down" in html  # the customer's message above the reply
    assert "@media print" in html


def test_html_report_is_self_contained() -> None:
    html = render_html(build_report(sample()))
    assert "Content-Security-Policy" in html and "default-src &#x27;none&#x27;" in html
    for pattern in (r"<script", r"<link", r"<img", r"<iframe", r"@import", r"url\(", r"src="):
        assert not re.search(pattern, html, re.I), pattern
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("#") for h in hrefs)


def test_reports_are_deterministic() -> None:
    a = build_report(sample())
    b = build_report(list(reversed(list(reversed(sample())))))
    assert render_html(a) == render_html(b)
    assert render_markdown(a) == render_markdown(b)
    assert "generated" not in render_html(a)
    assert "generated 2026-11-09" in render_html(build_report(sample(), generated_at="2026-11-09"))


def test_markdown_report() -> None:
    md = render_markdown(build_report(sample(), title="Week 45"))
    assert md.startswith("# Week 45\n")
    assert "**You people**" in md
    assert "| `you-people` | error | 2 |" in md
    assert "## Per agent" in md and "## Trend per day" in md


def test_markdown_bold_never_spans_lines_or_edge_spaces() -> None:
    text = "Hi Ann,\nyou people are\nlate "
    start = text.index("you")
    v = Violation(
        rule="you-people",
        severity=Severity.ERROR,
        message="m",
        span=Span(start=start - 1, end=len(text), text=text[start - 1 :], line=1, column=1),
    )
    md = render_markdown(build_report([(conv("a", text), Report(id="a", violations=[v]))]))
    assert "> **you people are**\n> **late** " in md


# -- safety: nothing from the conversation becomes markup -------------------------------

EVIL = [
    "<script>alert('customer')</script>",
    '"><img src=x onerror=alert(1)>',
    '[click me](javascript:alert(1)) <a href="javascript:alert(2)">win</a>',
    "javascript:alert(3) <https://evil.example/x> www.evil.example ann@evil.example",
    "&lt;script&gt; ![img](http://evil.example/i.png) <!-- c --> <style>*{}</style>",
    "# not a heading\n- not a list\n1. nor this\n| not | a | table |\n```\ncode```",
]


def evil_rows() -> list[tuple[Conversation, Report]]:
    rows = []
    for i, bad in enumerate(EVIL):
        draft = f"You people {bad} end"
        c = Conversation.model_validate(
            {
                "id": f'id-{i}"><script>alert(9)</script>',
                "channel": "twitter",
                "brand": '@Brand"><svg onload=alert(1)>',
                "messages": [
                    {"role": "customer", "author": f"<b>@cust{i}</b>", "text": f"help {bad}"},
                    {"role": "other", "author": "@x", "text": bad},
                ],
                "draft": {"text": draft, "author": f'<img src=x onerror="alert({i})">'},
            }
        )
        v = violation("you-people", draft, f"You people {bad}")
        v.message = f"message {bad}"
        v.suggestion = f"suggest {bad}"
        rows.append((c, Report(id=c.id, violations=[v])))
    return rows


# The elements and attributes the report itself writes; nothing else may appear.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "div", "p", "h1", "h2",
    "h3", "h4", "nav", "ul", "li", "a", "main", "section", "span", "svg", "g",
    "text", "rect", "line", "table", "thead", "tbody", "tr", "th", "td", "code", "article",
    "mark", "b", "footer",
}  # fmt: skip
ALLOWED_ATTRS = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "aria-label",
    "aria-labelledby", "aria-hidden", "role", "viewbox", "width", "height", "x", "y", "x1",
    "x2", "y1", "y2", "rx", "fill", "text-anchor", "dominant-baseline", "style",
    "preserveaspectratio", "xmlns",
}  # fmt: skip


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_no_live_markup(html: str, allowed_tags: set[str], allowed_attrs: set[str]) -> None:
    parser = Collector()
    parser.feed(html)
    parser.close()
    assert not parser.comments
    for tag, attrs in parser.tags:
        assert tag in allowed_tags, f"unexpected element <{tag}>"
        for name, value in attrs:
            assert name in allowed_attrs, f"unexpected attribute {name} on <{tag}>"
            assert not name.startswith("on")
            if name == "href":
                assert value is not None and value.startswith("#"), value
            if name == "style":
                assert value is not None
                assert re.fullmatch(r"width:\d+%|text-align:(left|right|center)", value), value
    texts = [t for t, _ in parser.tags]
    assert "script" not in texts and "img" not in texts


def test_html_escapes_every_piece_of_conversation_text() -> None:
    html = render_html(build_report(evil_rows(), examples_per_rule=10))
    assert_no_live_markup(html, ALLOWED_TAGS, ALLOWED_ATTRS)
    # the text is still there, shown literally
    assert "&lt;script&gt;alert(&#x27;customer&#x27;)&lt;/script&gt;" in html
    assert "onerror=alert(1)&gt;" in html


def test_markdown_neutralises_html_and_links() -> None:
    md = render_markdown(build_report(evil_rows(), examples_per_rule=10))
    # Render with raw HTML *enabled*: anything that survives escaping would show up.
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    tags = {
        "h1", "h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "code",
        "strong", "em", "blockquote", "ul", "li", "br",
    }  # fmt: skip
    assert_no_live_markup(html, tags, {"style"})
    assert "<a" not in html
    # GitHub-style autolinks (URLs, www., e-mail) only ever inside code spans
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    for bare in ("https://", "www.evil", "ann@evil", "http://"):
        assert bare not in outside_code, bare
    # no heading, list or table made from conversation text
    assert "not a heading" in html and "<h1>not" not in html
    assert "<li>not a list" not in html


def test_md_text_round_trips_through_a_renderer() -> None:
    for text in ["a*b*c _d_ `e` \\f [g](h) <i> &amp; ~~j~~ @k $l$", "3. x", "# y", "- z"]:
        rendered = markdown_it.MarkdownIt("commonmark").render(md_text(text, block=True))
        parser = Collector()
        parser.feed(rendered)
        assert {t for t, _ in parser.tags} <= {"p"}, (text, rendered)


# -- progress bar ----------------------------------------------------------------------


def test_progress_is_silent_off_a_terminal() -> None:
    stream = io.StringIO()
    with Progress("checking", total=3, stream=stream) as bar:
        bar.advance(3)
    assert stream.getvalue() == ""


def test_progress_draws_when_enabled() -> None:
    stream = io.StringIO()
    with Progress("checking", total=4, stream=stream, enabled=True) as bar:
        for _ in range(4):
            bar.advance()
    out = stream.getvalue()
    assert "checking" in out and "4/4" in out and "100%" in out and out.endswith("\n")


def test_progress_follows_the_linter() -> None:
    from replylint import Linter
    from replylint.cli.report import _with_progress

    linter = Linter({"select": ["you-people"]})
    stream = io.StringIO()
    with Progress("checking", total=3, stream=stream, enabled=True) as bar:
        _with_progress(linter, bar)
        reports = linter.lint_many(["You people again.", "Fine.", "All good."])
    assert [r.rules for r in reports] == [["you-people"], [], []]
    assert bar.done == 3 and "3/3" in stream.getvalue()


# -- command line -----------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_report_writes_html_and_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    log = str(FIXTURES / "twcs-sample.csv")
    code, _, err = run_cli(capsys, "report", log, "--html", str(html), "--md", str(md))
    assert code == 0, err
    page = html.read_text(encoding="utf-8")
    assert "<mark>" in page and "<svg" in page
    assert "you-people" in page
    assert "row 8: inbound is" in err and "5 replies checked" in err
    assert "Rows not checked (3)" in page and "twcs-sample.csv:10: row 8" in page
    assert str(FIXTURES) not in page  # only the file name, so reports are portable
    assert md.read_text(encoding="utf-8").startswith("# Reply quality report")
    # same log, same bytes
    again = tmp_path / "again.html"
    run_cli(capsys, "report", log, "--html", str(again))
    assert again.read_bytes() == html.read_bytes()


def test_cli_report_markdown_to_stdout_and_agent_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = str(FIXTURES / "twcs-sample.csv")
    code, out, _ = run_cli(capsys, "report", log, "--agent-field", "signoff")
    assert code == 0
    assert "the draft's `signoff`" in out
    assert re.search(r"^\| JB \| 2 \|", out, re.M)


def test_cli_report_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = str(FIXTURES / "cdp-sample.json")
    code, _, err = run_cli(capsys, "report", log, "--agent-field", "shoe-size")
    assert code == 2 and "unknown --agent-field 'shoe-size'" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, _, err = run_cli(capsys, "report", str(empty))
    assert code == 2 and "no replies to report on" in err


def test_cli_report_escapes_a_hostile_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end: a JSONL log full of markup gives a report with none of it live."""
    log = tmp_path / "evil.jsonl"
    rows = [c.model_dump_json(exclude_none=True) for c, _ in evil_rows()]
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    html = tmp_path / "r.html"
    code, _, err = run_cli(capsys, "report", str(log), "--html", str(html), "--examples", "9")
    assert code == 0, err
    page = html.read_text(encoding="utf-8")
    assert "<mark>" in page
    assert_no_live_markup(page, ALLOWED_TAGS, ALLOWED_ATTRS)


def test_cli_report_on_the_dev_log_is_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    log = shared_file("data", "twitter-care-dev.json")
    html = tmp_path / "r.html"
    started = time.perf_counter()
    code, _, err = run_cli(capsys, "report", str(log), "--html", str(html))
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert "525 replies checked" in err
    assert elapsed < 20, f"report took {elapsed:.1f}s"


def test_cli_report_since_until(capsys: pytest.CaptureFixture[str]) -> None:
    log = str(FIXTURES / "twcs-sample.csv")
    code, _, err = run_cli(capsys, "report", log, "--since", "2026-11-03", "--until", "2026-11-03")
    assert code == 0, err
    assert "2 replies checked" in err and "3 outside --since/--until" in err
    code, _, err = run_cli(capsys, "report", log, "--since", "last week")
    assert code == 2 and "YYYY-MM-DD" in err
