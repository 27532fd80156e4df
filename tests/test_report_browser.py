"""The HTML report in a real browser: headless Chromium loads it without console
errors, shows the highlighted spans and the charts, and leaves a screenshot in
``artifacts/`` to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from replylint.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"

# Required when running as root in a container, and to keep the browser offline.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
CONSOLE = re.compile(r"CONSOLE[:(]")


def chromium() -> str:
    for candidate in (
        os.environ.get("REPLYLINT_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("Chromium is not installed (apt-get install -y chromium); browser test skipped")


def browse(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run Chromium on ``page`` with a fresh profile; returns its output."""
    with tempfile.TemporaryDirectory(prefix="replylint-chromium-") as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


def test_console_errors_are_seen(tmp_path: Path) -> None:
    """The harness itself: a page that logs an error and loads a remote image is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src '
        "'none'; script-src 'unsafe-inline'\"><img src=\"https://example.invalid/x.png\">"
        '<script>console.error("boom")</script>',
        encoding="utf-8",
    )
    result = browse(page, "--dump-dom")
    seen = console_lines(result.stderr)
    assert any("boom" in line for line in seen), result.stderr[-2000:]
    assert any("Content Security Policy" in line for line in seen), result.stderr[-2000:]


@pytest.fixture(scope="module")
def report_page() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "report-examples.html"
    code = main(["report", str(ROOT / "examples" / "conversations.jsonl"), "--html", str(page)])
    assert code == 0
    return page


def test_report_renders_in_chromium(report_page: Path) -> None:
    result = browse(report_page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_lines(result.stderr) == []
    dom = result.stdout
    assert "<mark>" in dom, "no highlighted span in the rendered page"
    assert dom.count("<svg") >= 1 and "<rect" in dom, "no chart in the rendered page"
    assert "Examples to learn from" in dom


def test_report_screenshot(report_page: Path) -> None:
    shot = ARTIFACTS / "report-examples.png"
    shot.unlink(missing_ok=True)
    result = browse(report_page, "--window-size=1200,2400", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000, "screenshot missing or blank"
    assert console_lines(result.stderr) == []
