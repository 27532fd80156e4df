"""Configuration files: discovery like ruff (nearest wins), validation with the file,
the key and what was expected, per-file ignores, channel limits and phrase lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint.cli import main
from replylint.config_file import ConfigFinder, PerFileIgnores, load_config_file
from replylint.errors import ConfigError

BAD = "Hello Ann, you people need to fill the form.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a pyproject.toml that ignores you-people, and templates below."""
    root = tmp_path / "proj"
    write(
        root / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.replylint]\nignore = ["you-people"]\n',
    )
    write(root / "templates" / "a.txt", BAD)
    monkeypatch.chdir(root)
    return root


def test_pyproject_is_found_from_the_linted_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "check", "templates/a.txt")[0] == 0
    assert run(capsys, "check", "--isolated", "templates/a.txt")[0] == 1


def test_nearest_config_wins(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "templates" / "strict" / "replylint.toml", 'select = ["you-people"]\n')
    write(project / "templates" / "strict" / "b.txt", BAD)
    code, out, _ = run(capsys, "check", "templates")
    assert code == 1
    assert "strict/b.txt:1:12: error you-people" in out
    assert "a.txt" not in out


def test_pyproject_without_table_is_skipped(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "templates" / "pyproject.toml", '[project]\nname = "inner"\n')
    assert run(capsys, "check", "templates/a.txt")[0] == 0


def test_replylint_toml_beats_pyproject_in_the_same_folder(project: Path) -> None:
    write(project / "replylint.toml", "select = []\n")
    assert (
        ConfigFinder().find(project / "templates" / "a.txt")
        == (project / "replylint.toml").absolute()
    )


def test_config_option_overrides_discovery(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = write(tmp_path / "other.toml", 'fail-on = "error"\n')
    code, out, _ = run(capsys, "check", "--config", str(other), "templates/a.txt")
    assert code == 1 and "you-people" in out


def test_stdin_uses_the_working_directory_config(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("You people again"))
    assert run(capsys, "check", "-")[0] == 0


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            'slect = ["you-people"]\n',
            ["slect: unknown key", "did you mean 'select'?", "expected one of:"],
        ),
        (
            'fail-on = "loud"\n',
            ["fail-on: Input should be 'info', 'warning' or 'error'", "(got 'loud')"],
        ),
        ("marketing-ratio = 2\n", ["marketing-ratio: Input should be less than or equal to 1"]),
        ('select = "you-people"\n', ["select: Input should be a valid tuple"]),
        (
            "[channels.sms]\nlimt = 10\n",
            ["channels.sms.limt: unknown key", "did you mean 'limit'?"],
        ),
        (
            '[channels.sms]\nlimit = "short"\n',
            ["channels.sms.limit: Input should be a valid integer"],
        ),
        ("[channels.pigeon]\nlimit = 10\n", ["channels.pigeon.public: Field required"]),
        (
            'select = ["you-peple"]\n',
            ["select: unknown rule 'you-peple'", "did you mean you-people"],
        ),
        ('[severity]\ntoo-lng = "info"\n', ["severity: unknown rule 'too-lng'"]),
        (
            '[per-file-ignores]\n"*.md" = ["nope"]\n',
            ["per-file-ignores.'*.md': unknown rule 'nope'"],
        ),
        (
            '[phrases]\nyou-peple = ["you lot"]\n',
            ["phrases.you-peple: unknown phrase list", "you-people"],
        ),
        ("select = [\n", ["invalid TOML"]),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    toml: str,
    expected: list[str],
) -> None:
    write(tmp_path / "replylint.toml", toml)
    write(tmp_path / "t.txt", BAD)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "t.txt")
    assert code == 2
    assert "replylint.toml" in err
    for part in expected:
        assert part in err


def test_bad_pyproject_table_names_the_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.replylint]\nignroe = []\n")
    with pytest.raises(
        ConfigError, match=r"pyproject.toml \[tool.replylint\]: ignroe: unknown key"
    ):
        load_config_file(path)


def test_severity_override_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write(
        tmp_path / "replylint.toml", 'fail-on = "error"\n[severity]\nyou-people = "warning"\n'
    )
    f = write(tmp_path / "t.txt", BAD)
    code, out, _ = run(capsys, "check", "--config", str(cfg), str(f))
    assert code == 0 and "warning you-people" in out


def test_channel_limit_and_partial_channel_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write(
        tmp_path / "replylint.toml",
        'channel = "sms"\nselect = ["too-long"]\n[channels.sms]\nlimit = 20\n',
    )
    f = write(tmp_path / "t.txt", "Your engineer is booked for Tuesday.\n")
    code, out, _ = run(capsys, "check", "--config", str(cfg), str(f))
    assert code == 1 and "too-long" in out
    config = load_config_file(cfg)
    assert config.channels["sms"].length == "sms" and config.channels["sms"].limit == 20


def test_response_time_targets_load(tmp_path: Path) -> None:
    cfg = write(tmp_path / "replylint.toml", "[channels.email]\nresponse-minutes = 240\n")
    assert load_config_file(cfg).channels["email"].response_minutes == 240


def test_extra_phrases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write(
        tmp_path / "replylint.toml",
        'select = ["you-people"]\n[phrases]\nyou-people = ["you customers"]\n',
    )
    f = write(tmp_path / "t.txt", "Honestly, you customers never read the FAQ.\n")
    code, out, _ = run(capsys, "check", "--config", str(cfg), str(f))
    assert code == 1 and "you-people" in out


def test_per_file_ignores_relative_to_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path / "repo" / "replylint.toml",
        '[per-file-ignores]\n"legacy/*.txt" = ["you-people"]\n"*.md" = ["you-people"]\n',
    )
    write(tmp_path / "repo" / "legacy" / "old.txt", BAD)
    write(tmp_path / "repo" / "legacy" / "deeper" / "old.txt", BAD)
    write(tmp_path / "repo" / "new" / "x.txt", BAD)
    write(tmp_path / "repo" / "new" / "y.md", BAD)
    monkeypatch.chdir(tmp_path)  # globs are relative to the config, not the cwd
    code, out, _ = run(capsys, "check", "repo")
    assert code == 1
    flagged = sorted(line.split(":")[0] for line in out.splitlines() if "you-people" in line)
    assert flagged == ["repo/legacy/deeper/old.txt", "repo/new/x.txt"]


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("legacy/*.txt", "legacy/a.txt", True),
        ("legacy/*.txt", "legacy/b/a.txt", False),
        ("legacy/**/*.txt", "legacy/b/c/a.txt", True),
        ("legacy/**/*.txt", "legacy/a.txt", True),
        ("legacy/", "legacy/b/a.md", True),
        ("*.md", "deep/er/x.md", True),
        ("x?.md", "x1.md", True),
        ("[ab].txt", "c.txt", False),
        ("[!ab].txt", "c.txt", True),
    ],
)
def test_per_file_ignore_globs(tmp_path: Path, glob: str, path: str, matches: bool) -> None:
    from replylint.config import Config

    pfi = PerFileIgnores.from_config(Config(per_file_ignores={glob: ["too-long"]}), tmp_path)
    assert bool(pfi.rules_for(str(tmp_path / path))) is matches


def test_house_rules_are_rules_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ``patterns`` house rule can be named in per-file-ignores and suppressions, and
    the SARIF output documents it."""
    import json

    write(
        tmp_path / "replylint.toml",
        '[patterns.no-ticket-codes]\npattern = "TCK-\\\\d+"\nmessage = "Internal ticket code"\n'
        '[per-file-ignores]\n"legacy/*" = ["no-ticket-codes"]\n',
    )
    write(tmp_path / "legacy" / "a.txt", "Your case TCK-123 is open.\n")
    write(
        tmp_path / "new.md",
        "<!-- replylint: disable=no-ticket-codes -->\nYour case TCK-124 is open.\n",
    )
    write(tmp_path / "other.txt", "Your case TCK-125 is open.\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", ".", "--format", "sarif")
    assert code == 1
    run_ = json.loads(out)["runs"][0]
    flagged = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run_["results"]
    ]
    assert flagged == [("no-ticket-codes", "other.txt")]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["no-ticket-codes"]["shortDescription"]["text"] == "Internal ticket code"
