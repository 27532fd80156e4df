from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from replylint.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_text_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Hello Ann,\nyou people need to fill the form.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(f))
    assert code == 1
    assert f"{f}:2:1: error you-people " in out


def test_check_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("Thanks Ann, your refund of £12 was sent today.", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(f))
    assert code == 0 and "no violations" in out


def test_bad_jsonl_line_is_reported_and_rest_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "log.jsonl"
    good = {"id": "a", "channel": "twitter", "messages": [], "draft": "You people again."}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"channel": "pigeon", "draft": "x"}),
        json.dumps({**good, "id": "b"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--format", "jsonl", str(f))
    assert code == 2
    assert f"{f}:2: invalid JSON" in err
    assert f"{f}:3: channel: unknown channel 'pigeon'" in err
    reports = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in reports] == ["a", "b"]
    assert [r["line"] for r in reports] == [1, 4]
    assert reports[0]["violations"][0]["rule"] == "you-people"


@pytest.mark.parametrize("content", ["", " \n\n"])
def test_empty_json_file_is_named_as_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    f = tmp_path / "macros.json"
    f.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", str(f))
    assert code == 2
    assert f"{f}: empty file: expected a JSON conversation" in err
    assert "All clear" not in out  # input was not read: nothing is clear
    assert out.strip() == "No violations in 0 drafts checked; some input was not read."


def test_stdin_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("You people never learn."))
    code, out, _ = run(capsys, "check", "-", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data[0]["source"] == "<stdin>" and data[0]["violations"][0]["rule"] == "you-people"


def test_select_ignore_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("You people need to fill the form.", encoding="utf-8")
    assert run(capsys, "check", str(f), "--ignore", "you-people")[0] == 0
    assert run(capsys, "check", str(f), "--select", "too-long")[0] == 0
    code, _, err = run(capsys, "check", str(f), "--select", "you-peple")
    assert code == 2 and "did you mean you-people" in err


def test_channel_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Your engineer is booked for Tuesday 9-12. " * 5, encoding="utf-8")
    assert run(capsys, "check", str(f), "--channel", "sms")[0] == 1
    assert run(capsys, "check", str(f), "--channel", "email")[0] == 0
    code, _, err = run(capsys, "check", str(f), "--channel", "fax")
    assert code == 2 and "unknown channel 'fax'" in err


def test_missing_file_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "does-not-exist.txt")
    assert code == 2 and "does-not-exist.txt: no such file" in err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.splitlines()[0].startswith("you-people")
    code, out, _ = run(capsys, "explain", "you-people")
    assert code == 0 and "Why it matters" in out and "seed document 002" in out
    code, _, err = run(capsys, "explain", "nope")
    assert code == 2 and "unknown rule" in err


def test_explain_unused_suppression(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "unused-suppression")
    assert code == 0 and out.startswith("unused-suppression (warning)")
    assert "silences nothing" in out and "Use instead" in out


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    data = json.loads(out)
    assert code == 0 and {"conversation", "report", "facts", "config"} <= set(data)
    assert "messages" in data["conversation"]["properties"]


def test_examples_directory(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(ROOT / "examples"))
    assert code == 1
    assert "web-form-brush-off.txt:1:1: error you-people" in out
    assert "conversations.jsonl:1:" in out and "upsell-to-complainer" in out


def test_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "replylint", "rules"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "too-long" in proc.stdout


def test_check_formats_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "x.txt", "--format", "xml")
    assert code == 2
    for name in ("text", "json", "jsonl", "sarif", "github", "junit"):
        assert name in err


def test_check_folder_of_mixed_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(
        "## One\nHi, you people\n\n## Two\nThanks Ann.\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "- id: y\n  text: |\n    Hello\n    you people\n", encoding="utf-8"
    )
    (tmp_path / "c.json").write_text(
        '[{"id": "j", "text": "Caf\\u00e9, you people"}]', encoding="utf-8"
    )
    (tmp_path / "notes.csv").write_text("not,a,template\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--isolated", "--select", "you-people", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'a.md'}:2:5: error you-people" in out
    assert f"{tmp_path / 'b.yaml'}:4:5: error you-people" in out
    assert f"{tmp_path / 'c.json'}:1:34: error you-people" in out
    assert "in 3 of 4 drafts" in out


def test_one_text_file_imports_no_template_machinery(tmp_path: Path) -> None:
    """Start-up stays lean: a .txt check loads neither YAML nor the template loaders,
    the extra formats or the configuration search's TOML when there is no file."""
    f = tmp_path / "t.txt"
    f.write_text("Thanks Ann, your refund was sent today.", encoding="utf-8")
    code = (
        "import sys\n"
        "from replylint.cli import main\n"
        f"main(['check', '--isolated', {str(f)!r}])\n"
        "mods = ['yaml', 'replylint.templates', 'replylint.formats.sarif', "
        "'replylint.formats.junit', 'xml.etree.ElementTree', 'jsonschema']\n"
        "print(sorted(m for m in mods if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"
