"""Files and encodings on the command line: every unreadable input is named, the run
goes on with the rest, and the exit code is 2 at the end."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from replylint.cli import main

GOOD = "You people never read the FAQ."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--isolated", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[Any], str]:
    code, out, err = run(capsys, "--format", "json", *args)
    return code, json.loads(out), err


def good(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def sources(results: list[Any]) -> set[str]:
    return {Path(r["source"]).name for r in results}


class Hung(BaseException):
    """Raised by :func:`time_limit`; not an OSError, so no ``except OSError`` eats it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hung(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(autouse=True)
def _no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


# -- encodings ------------------------------------------------------------------------------


def test_invalid_utf8_is_named_and_the_rest_is_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 ouvert.\nYou people!".encode("latin-1"))
    ok = good(tmp_path)
    code, results, err = run_json(capsys, str(bad), str(ok))
    assert code == 2
    assert f"{bad}:1:" in err and "UTF-8" in err and "0xe9" in err
    assert sources(results) == {"good.txt"}


def test_invalid_utf8_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"line one\nline two\nbad \xff byte\n")
    code, _, err = run(capsys, str(bad))
    assert code == 2
    assert f"{bad}:3:" in err


def test_one_bad_byte_in_a_jsonl_log_loses_only_its_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A conversation log is a record per line; one undecodable record must not lose
    the thousands of good ones around it (loaders.py: "one bad record never loses the
    rest of the file")."""
    log = tmp_path / "log.jsonl"
    lines = [
        json.dumps({"id": "a", "draft": GOOD}).encode(),
        b'{"id": "b", "draft": "caf\xe9 you people"}',
        json.dumps({"id": "c", "draft": GOOD}).encode(),
    ]
    log.write_bytes(b"\n".join(lines) + b"\n")
    code, results, err = run_json(capsys, str(log))
    assert code == 2
    assert f"{log}:2" in err and "UTF-8" in err
    assert {r["id"] for r in results} == {"a", "c"}


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str) -> None:
    path = tmp_path / "utf16.txt"
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    path.write_bytes(bom + f"Hi Ann,\n{GOOD} 😊".encode(codec))
    code, results, err = run_json(capsys, str(path))
    assert code == 1, err
    [result] = results
    [violation] = [v for v in result["violations"] if v["rule"] == "you-people"]
    assert (violation["location"]["line"], violation["location"]["column"]) == (2, 1)
    assert violation["span"]["text"] == "You people"


def test_utf8_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "bom.txt"
    text.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    log = tmp_path / "bom.jsonl"
    log.write_bytes(b"\xef\xbb\xbf" + json.dumps({"draft": GOOD}).encode() + b"\n")
    code, results, err = run_json(capsys, str(text), str(log))
    assert code == 1, err
    for result in results:
        [v] = [v for v in result["violations"] if v["rule"] == "you-people"]
        assert v["span"]["text"] == "You people"
    columns = {Path(r["source"]).suffix: r["violations"][0]["location"]["column"] for r in results}
    assert columns == {".txt": 1, ".jsonl": len('{"draft": "') + 1}


def test_invalid_utf16_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad16.txt"
    bad.write_bytes(b"\xff\xfeY\x00\x00\xd8")  # "Y" then a lone high surrogate
    ok = good(tmp_path)
    code, results, err = run_json(capsys, str(bad), str(ok))
    assert code == 2
    assert str(bad) in err and "UTF-16" in err
    assert sources(results) == {"good.txt"}


# -- line endings ---------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_in_text_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], newline: str
) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(newline.join(["Hi Ann,", "", f"Sorry. {GOOD}", ""]).encode())
    code, results, _ = run_json(capsys, str(path))
    assert code == 1
    [v] = [v for v in results[0]["violations"] if v["rule"] == "you-people"]
    assert (v["location"]["line"], v["location"]["column"]) == (3, 8)
    assert "\r" not in v["span"]["text"]


def test_crlf_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "crlf.jsonl"
    records = [{"id": "a", "draft": "ok then"}, {"id": "b", "draft": f"Hi. {GOOD}"}]
    log.write_bytes(b"\r\n".join(json.dumps(r).encode() for r in records) + b"\r\n")
    code, results, err = run_json(capsys, str(log))
    assert code == 1, err
    [b] = [r for r in results if r["id"] == "b"]
    [v] = [v for v in b["violations"] if v["rule"] == "you-people"]
    assert (v["location"]["line"], v["location"]["column"]) == (
        2,
        len('{"id": "b", "draft": "Hi. ') + 1,
    )


# -- empty and binary files -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["e.txt", "e.md", "e.yaml", "e.jsonl", "e.json", "ws.txt"])
def test_empty_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """An empty file has nothing to check: never a crash, and any message names it."""
    path = tmp_path / name
    path.write_bytes(b"  \n\n" if name.startswith("ws") else b"")
    ok = good(tmp_path)
    code, results, err = run_json(capsys, str(path), str(ok))
    assert sources(results) == {"good.txt"}
    if code == 2:
        assert err.strip() and all(
            str(path) in line for line in err.splitlines() if line and "problem" not in line
        )
    else:
        assert code == 1 and not err.strip()


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl", "blob.md", "blob.yaml", "blob.json"])
def test_binary_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 8)
    ok = good(tmp_path)
    code, results, err = run_json(capsys, str(path), str(ok))
    assert code == 2
    assert str(path) in err and "binary" in err
    assert sources(results) == {"good.txt"}


def test_random_bytes_without_nul(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "noise.txt"
    noise = random.Random(8).randbytes(4096)  # fixed: no BOM by chance
    path.write_bytes(b"x" + bytes(b for b in noise if b) + b"\xff")
    code, _, err = run(capsys, str(path))
    assert code == 2
    assert str(path) in err


# -- directories, links and special files -----------------------------------------------------


def test_directory_of_mixed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "templates"
    (root / "nested" / "deeper").mkdir(parents=True)
    good(root, "a.txt")
    good(root / "nested", "b.md")
    (root / "nested" / "deeper" / "c.jsonl").write_text(
        json.dumps({"id": "c", "draft": GOOD}) + "\nnot json\n", encoding="utf-8"
    )
    (root / "latin1.txt").write_bytes(b"caf\xe9")
    (root / "blob.yaml").write_bytes(b"\x00\x01\x02")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")  # unknown type: skipped
    (root / ".hidden.txt").write_text(GOOD, encoding="utf-8")  # hidden: skipped
    (root / "empty.txt").write_bytes(b"")
    code, results, err = run_json(capsys, str(root))
    assert code == 2
    assert sources(results) == {"a.txt", "b.md", "c.jsonl"}
    assert f"{root / 'nested' / 'deeper' / 'c.jsonl'}:2" in err
    assert str(root / "latin1.txt") in err
    assert str(root / "blob.yaml") in err
    assert "picture.png" not in err and ".hidden" not in err


def test_symlink_loop_in_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "t"
    (root / "sub").mkdir(parents=True)
    good(root / "sub")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")  # a link to itself
    with time_limit(30):
        code, results, err = run_json(capsys, str(root))
    assert code == 2
    assert "loop" in err and str(root / "sub" / "back") in err
    assert sources(results) == {"good.txt"}


def test_file_symlink_loops(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    ok = good(tmp_path)
    code, results, err = run_json(capsys, str(a), str(ok))
    assert code == 2
    assert str(a) in err
    assert sources(results) == {"good.txt"}
    # the same links met while walking a directory
    code, results, err = run_json(capsys, str(tmp_path))
    assert code == 2
    assert str(a) in err and str(b) in err
    assert sources(results) == {"good.txt"}


def test_missing_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "nowhere.txt")
    missing = tmp_path / "missing.txt"
    ok = good(tmp_path)
    code, results, err = run_json(capsys, str(missing), str(broken), str(ok))
    assert code == 2
    assert str(missing) in err and str(broken) in err
    assert sources(results) == {"good.txt"}


def test_unsupported_file_named_explicitly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    code, _, err = run(capsys, str(path), str(good(tmp_path)))
    assert code == 2 and str(path) in err and "unsupported" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_a_directory_does_not_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading a FIFO with no writer blocks forever; special files met while walking a
    directory must be skipped (and named), not opened."""
    root = tmp_path / "t"
    root.mkdir()
    good(root)
    os.mkfifo(root / "pipe.txt")
    with time_limit(15):
        code, results, err = run_json(capsys, str(root))
    assert sources(results) == {"good.txt"}
    assert code == 2 and str(root / "pipe.txt") in err


# -- text the linter cannot encode -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github"])
def test_lone_surrogate_escape_in_jsonl(tmp_path: Path, fmt: str) -> None:
    """``"\\ud800"`` is valid JSON and decodes to a lone surrogate, which UTF-8 cannot
    encode. The record is linted (or reported) and the others still are; nothing
    crashes, in any output format. Run in a subprocess: stdout is a real UTF-8 stream."""
    log = tmp_path / "log.jsonl"
    log.write_text(
        "\n".join(
            [
                json.dumps({"id": "first", "draft": GOOD}),
                '{"id": "odd", "draft": "Hi \\ud800 you people, \\udfff DM us"}',
                json.dumps({"id": "last", "draft": GOOD}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "replylint", "check", "--isolated", "--format", fmt, str(log)],
        capture_output=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    out = proc.stdout.decode("utf-8")  # the output itself is valid UTF-8
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert proc.returncode in (1, 2)
    if proc.returncode == 2:
        assert f"{log}:2" in err
    if fmt in ("json", "jsonl"):
        ids = (
            {r["id"] for r in map(json.loads, [out]) for r in r}
            if fmt == "json"
            else {json.loads(line)["id"] for line in out.splitlines() if line.strip()}
        )
        assert {"first", "last"} <= ids


def test_utf16_with_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows Notepad's "Unicode" files: UTF-16 LE, a BOM, CRLF line breaks."""
    path = tmp_path / "notepad.txt"
    path.write_bytes("\ufeffHi Ann,\r\n\r\nSorry. You people\r\n".encode("utf-16-le"))
    code, results, _ = run_json(capsys, str(path))
    assert code == 1
    [v] = [v for v in results[0]["violations"] if v["rule"] == "you-people"]
    assert (v["location"]["line"], v["location"]["column"]) == (3, 8)
    assert all("\r" not in v["span"]["text"] for v in results[0]["violations"])
