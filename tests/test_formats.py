"""Output formats: SARIF (validated against the OASIS schema), GitHub annotations,
JUnit XML, statistics, quiet and colour."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from replylint.cli import main
from replylint.rules import all_rules

from .conftest import shared_file

BAD = "Hello Ann, you people need to fill the form."
YAML = (
    "templates:\n"
    "  - id: bad\n"
    "    text: >\n"
    "      Hello Ann,\n"
    "      you people need to fill the form.\n"
    "  - id: good\n"
    "    text: Thanks Ann, your refund was sent today.\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "macros.yaml").write_text(YAML, encoding="utf-8")
    (tmp_path / "templates" / "one two%.txt").write_text(BAD + "\n", encoding="utf-8")
    return tmp_path


# -- SARIF -----------------------------------------------------------------------------


def sarif_schema() -> dict[str, Any]:
    path = shared_file("schemas", "sarif-schema-2.1.0.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def validate_sarif(log: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_is_valid_and_located(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates", "--format", "sarif", "--select", "you-people")
    assert code == 1
    log = json.loads(out)
    validate_sarif(log)
    (run_,) = log["runs"]
    assert log["version"] == "2.1.0" and run_["columnKind"] == "unicodeCodePoints"
    results = sorted(
        run_["results"],
        key=lambda r: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
    )
    assert [r["ruleId"] for r in results] == ["you-people", "you-people"]
    yaml_result, txt_result = results
    loc = yaml_result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "templates/macros.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 5 and loc["region"]["startColumn"] == 7
    assert loc["region"]["endLine"] == 5 and loc["region"]["endColumn"] == 17
    assert loc["region"]["snippet"]["text"] == "you people"
    assert yaml_result["level"] == "error"
    assert yaml_result["locations"][0]["logicalLocations"][0]["name"] == "bad"
    # relative, percent-encoded URI
    assert txt_result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "templates/one%20two%25.txt"
    )
    rules = run_["tool"]["driver"]["rules"]
    assert rules[yaml_result["ruleIndex"]]["id"] == "you-people"
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")


def test_sarif_lists_every_rule_with_help(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "templates", "--format", "sarif")
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    catalog = all_rules()
    assert set(rules) == {r.slug for r in catalog} | {"unused-suppression"}
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in catalog:
        entry = rules[rule.slug]
        assert entry["shortDescription"]["text"] == rule.message
        assert entry["fullDescription"]["text"] == rule.docs.what
        assert rule.docs.why in entry["help"]["text"]
        assert "## Why it matters" in entry["help"]["markdown"]
        assert entry["defaultConfiguration"]["level"] == levels[rule.severity.value]


def test_sarif_reports_input_problems(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "templates" / "broken.json").write_text("{nope", encoding="utf-8")
    code, out, _ = run(capsys, "templates", "--format", "sarif")
    assert code == 2
    log = json.loads(out)
    validate_sarif(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert "invalid JSON" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_sarif_uris_are_uri_references(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "templates", "--format", "sarif")
    for result in json.loads(out)["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert re.fullmatch(r"[A-Za-z0-9\-._~/%!$&'()*+,;=:@]+", uri), uri


# -- GitHub ----------------------------------------------------------------------------


def test_github_annotations(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "replylint.toml").write_text('[severity]\ntoo-long = "info"\n', encoding="utf-8")
    long_text = "Thanks for flagging this, we are on it! " * 10
    (files / "templates" / "long, one: x.txt").write_text(long_text, encoding="utf-8")
    code, out, _ = run(
        capsys, "templates", "--format", "github", "--config", "replylint.toml",
        "--select", "you-people,too-long",
    )  # fmt: skip
    assert code == 1
    lines = out.splitlines()
    assert (
        "::error file=templates/macros.yaml,line=5,col=7,endLine=5,endColumn=17,"
        "title=you-people::Addresses the customer as" in "\n".join(lines)
    )
    notice = [ln for ln in lines if ln.startswith("::notice ")]
    assert notice and "file=templates/long%2C one%3A x.txt,line=1,col=1," in notice[0]
    assert "title=too-long::" in notice[0]
    assert all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in lines)


def test_github_warning_and_escaped_message(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "templates" / "s.md").write_text(
        "<!-- replylint: disable=too-long -->\nThanks Ann.\n", encoding="utf-8"
    )
    _, out, _ = run(capsys, "templates/s.md", "--format", "github")
    (line,) = out.splitlines()
    assert line.startswith("::warning file=templates/s.md,line=1,col=1,")
    assert "title=unused-suppression::" in line


def test_github_reports_input_problems(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "templates" / "broken.yaml").write_text("- text: 'open\n", encoding="utf-8")
    code, out, _ = run(capsys, "templates/broken.yaml", "--format", "github")
    assert code == 2
    assert out.startswith("::error file=templates/broken.yaml,line=")
    assert "title=input error::invalid YAML" in out


# -- JUnit -----------------------------------------------------------------------------


def test_junit(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "templates" / "broken.json").write_text("[1", encoding="utf-8")
    code, out, _ = run(capsys, "templates", "--format", "junit", "--select", "you-people")
    assert code == 2
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {
        "templates/macros.yaml",
        "templates/one two%.txt",
        "templates/broken.json",
    }
    yaml_suite = suites["templates/macros.yaml"]
    cases = yaml_suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["bad", "good"]
    assert yaml_suite.get("tests") == "2" and yaml_suite.get("failures") == "1"
    (failure,) = cases[0].findall("failure")
    assert failure.get("type") == "you-people"
    assert "templates/macros.yaml:5:7: error you-people" in (failure.text or "")
    assert not cases[1].findall("failure")
    broken = suites["templates/broken.json"]
    assert broken.get("errors") == "1" and broken.find("testcase/error") is not None
    assert root.get("tests") == "4" and root.get("failures") == "2" and root.get("errors") == "1"


# -- statistics, quiet, colour, output file ---------------------------------------------


def test_statistics(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "templates" / "two.txt").write_text(BAD, encoding="utf-8")
    code, out, _ = run(capsys, "templates", "--statistics", "--select", "you-people")
    assert code == 1
    assert out.splitlines() == [
        '3  you-people  error    Addresses the customer as "you people" or a close variant'
    ]
    _, out, _ = run(
        capsys, "templates", "--statistics", "--format", "json", "--select", "you-people"
    )
    assert json.loads(out) == [
        {
            "rule": "you-people",
            "count": 3,
            "severity": "error",
            "message": 'Addresses the customer as "you people" or a close variant',
        }
    ]
    code, _, err = run(capsys, "templates", "--statistics", "--format", "sarif")
    assert code == 2 and "--statistics" in err


def test_quiet_prints_violations_only(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "templates", "--quiet", "--select", "you-people")
    assert len(out.splitlines()) == 2 and "Found" not in out
    _, out, _ = run(capsys, "templates/macros.yaml", "-q", "--select", "too-long")
    assert out == ""


def test_color_only_when_asked_or_on_a_tty(
    files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(capsys, "templates", "--select", "you-people")
    assert "\x1b[" not in out  # captured output is not a terminal
    _, out, _ = run(capsys, "templates", "--select", "you-people", "--color", "always")
    assert "\x1b[31m" in out
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "templates", "--select", "you-people")
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, "templates", "--select", "you-people")
    assert "\x1b[" not in out


def test_output_file(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates", "--format", "sarif", "-o", "out.sarif")
    assert code == 1 and out == ""
    validate_sarif(json.loads((files / "out.sarif").read_text(encoding="utf-8")))


def test_json_violations_carry_file_locations(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "templates/macros.yaml", "--format", "json", "--select", "you-people")
    (bad, good) = json.loads(out)
    violation = bad["violations"][0]
    assert (violation["span"]["line"], violation["span"]["column"]) == (1, 12)  # in the draft
    assert violation["location"] == {"line": 5, "column": 7, "end_line": 5, "end_column": 17}
    assert good["violations"] == []
