"""Inline suppressions, and the report of suppressions that suppress nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint.cli import main

BAD = "Hello Ann, you people need to fill the form."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(out: str) -> list[tuple[int, str]]:
    """(line, rule) of each text-format violation."""
    found = []
    for line in out.splitlines():
        if ": " in line and line.count(":") >= 3 and not line.startswith(("Found", "All")):
            where, rest = line.split(": ", 1)
            found.append((int(where.split(":")[-2]), rest.split()[1]))
    return found


def test_markdown_comment_disables_one_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(
        tmp_path / "t.md",
        f"## One\n<!-- replylint: disable=you-people -->\n{BAD}\n\n## Two\n{BAD}\n",
    )
    code, out, _ = run(capsys, str(f), "--select", "you-people,unused-suppression")
    assert code == 1
    assert rules_of(out) == [(6, "you-people")]


def test_yaml_comment_and_noqa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(
        tmp_path / "t.yaml",
        "- id: a\n  # replylint: disable=you-people\n  text: " + BAD + "\n"
        "- id: b\n  noqa: [you-people]\n  text: " + BAD + "\n"
        "- id: c\n  text: " + BAD + "\n",
    )
    code, out, _ = run(capsys, str(f), "--select", "you-people")
    assert code == 1 and rules_of(out) == [(8, "you-people")]


def test_json_and_jsonl_noqa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(
        tmp_path / "t.json",
        json.dumps(
            [{"id": "a", "text": BAD, "noqa": ["you-people"]}, {"id": "b", "text": BAD}], indent=1
        ),
    )
    g = write(
        tmp_path / "log.jsonl",
        json.dumps({"id": "a", "channel": "chat", "draft": BAD, "noqa": "you-people"}) + "\n",
    )
    _code, out, _ = run(capsys, str(f), str(g), "--select", "you-people", "--format", "json")
    reports = json.loads(out)
    assert [(r["id"], [v["rule"] for v in r["violations"]]) for r in reports] == [
        ("a", []),
        ("b", ["you-people"]),
        ("a", []),
    ]


def test_unused_and_unknown_suppressions_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(
        tmp_path / "t.md",
        "<!-- replylint: disable=too-long, you-peple -->\nThanks Ann, your refund was sent today.\n",
    )
    code, out, _ = run(capsys, str(f))
    assert code == 1
    (line,) = out.splitlines()[:-1]
    assert line.startswith(f"{f}:1:1: warning unused-suppression ")
    assert "nothing to suppress for too-long" in line
    assert "unknown rule you-peple (did you mean you-people?)" in line
    assert "1 suppression comment" in out


def test_used_suppression_is_not_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "t.md", f"<!-- replylint: disable=you-people -->\n{BAD}\n")
    _code, out, _ = run(capsys, str(f))
    assert "unused-suppression" not in out


def test_file_wide_comment_is_used_if_any_template_needs_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(
        tmp_path / "t.md",
        "# Macros\n<!-- replylint: disable=you-people -->\n\n## A\nThanks Ann.\n\n## B\n"
        + BAD
        + "\n",
    )
    _, out, _ = run(capsys, str(f), "--select", "you-people,unused-suppression")
    assert rules_of(out) == []


def test_suppressing_a_rule_that_is_not_enabled_is_not_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "t.md", "<!-- replylint: disable=too-long -->\nThanks Ann.\n")
    code, out, _ = run(capsys, str(f), "--select", "you-people,unused-suppression")
    assert code == 0 and "unused-suppression" not in out


def test_unused_suppression_can_be_ignored_or_made_info(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "t.md", "<!-- replylint: disable=too-long -->\nThanks Ann.\n")
    code, out, _ = run(capsys, str(f), "--ignore", "unused-suppression")
    assert code == 0 and "unused-suppression" not in out
    cfg = write(tmp_path / "replylint.toml", '[severity]\nunused-suppression = "info"\n')
    code, out, _ = run(capsys, "--config", str(cfg), str(f))
    assert code == 0 and "info unused-suppression" in out
    cfg = write(tmp_path / "r2.toml", '[per-file-ignores]\n"*.md" = ["unused-suppression"]\n')
    code, out, _ = run(capsys, "--config", str(cfg), str(f))
    assert code == 0 and "unused-suppression" not in out


def test_unused_suppression_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "t.yaml", "- text: Thanks Ann.\n  # replylint: disable=too-long\n")
    for fmt in ("json", "sarif", "github", "junit"):
        code, out, _ = run(capsys, str(f), "--format", fmt)
        assert code == 1 and "unused-suppression" in out, fmt
    _, out, _ = run(capsys, str(f), "--format", "json")
    (report,) = [r for r in json.loads(out) if r.get("kind") == "suppression"]
    location = report["violations"][0]["location"]
    assert (location["line"], location["column"]) == (2, 3)
