"""The real pre-commit hook: ``pre-commit try-repo`` against this working tree.

pre-commit installs the hook into a fresh virtualenv from the repository (spaCy and
all, from PyPI), so this test is slow the first time; pip's wheel cache makes later
runs faster. ``try-repo`` keeps its hook environments in a temporary store of its
own, so they cannot be reused between runs; ``PRE_COMMIT_HOME`` points at
``.pytest_cache/pre-commit`` for anything else pre-commit caches.

``try-repo`` on a repository with uncommitted changes only picks up changes to
tracked files, so the test first snapshots the working tree — tracked and untracked,
ignored files left out — into a throw-away git repository and tries that.

Set ``REPLYLINT_SKIP_PRE_COMMIT=1`` to skip it; it skips by itself without git,
pre-commit or a route to PyPI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = "Hello Ann, you people need to fill the web form first.\n"
GOOD = "Hello Ann, sorry for the trouble: your refund of £12 was sent today.\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "replylint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "replylint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _pre_commit() -> str | None:
    beside = Path(sys.executable).with_name("pre-commit")
    return str(beside) if beside.exists() else shutil.which("pre-commit")


def _pypi_reachable() -> bool:
    if any(os.environ.get(k) for k in ("HTTPS_PROXY", "https_proxy", "PIP_INDEX_URL")):
        return True
    try:
        with socket.create_connection(("pypi.org", 443), timeout=5):
            return True
    except OSError:
        return False


def git(*args: str, cwd: Path) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def snapshot(source: Path, dest: Path) -> Path:
    """A git repository holding the working tree of ``source`` as one commit."""
    if (source / ".git").exists():
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=source)
        names = [n for n in listed.split("\0") if n]
    else:  # not a git checkout (an unpacked sdist): take the files as they are
        skip = {
            ".git",
            ".venv",
            "venv",
            "__pycache__",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
        }
        names = [
            p.relative_to(source).as_posix()
            for p in source.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(source).parts)
        ]
    for name in names:
        src = source / name
        if src.is_file():  # deleted files are still listed by --cached
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "--no-verify", "-m", "snapshot", cwd=dest)
    return dest


def try_repo(pre_commit: str, hook_repo: Path, work: Path) -> subprocess.CompletedProcess[str]:
    cache = ROOT / ".pytest_cache" / "pre-commit"
    cache.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(cache),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    return subprocess.run(
        [pre_commit, "try-repo", str(hook_repo), "replylint", "--all-files", "--verbose"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def test_pre_commit_hook_fails_on_bad_template_and_passes_when_fixed(tmp_path: Path) -> None:
    if os.environ.get("REPLYLINT_SKIP_PRE_COMMIT"):
        pytest.skip("REPLYLINT_SKIP_PRE_COMMIT is set")
    pre_commit = _pre_commit()
    if shutil.which("git") is None or pre_commit is None:
        pytest.skip("needs git and pre-commit (pip install '.[test]')")
    if not _pypi_reachable():
        pytest.skip("pre-commit installs the hook from PyPI, which is not reachable")

    hook_repo = snapshot(ROOT, tmp_path / "hook-repo")
    assert (hook_repo / ".pre-commit-hooks.yaml").exists()

    work = tmp_path / "templates-repo"
    (work / "templates").mkdir(parents=True)
    (work / "README.md").write_text("You people: not a template, never linted.\n", encoding="utf-8")
    (work / "templates" / "web-form.txt").write_text(BAD, encoding="utf-8")
    (work / "templates" / "macros.yaml").write_text(
        "- id: thanks\n  text: Thanks for your patience, Ann.\n", encoding="utf-8"
    )
    git("init", "-q", cwd=work)
    git("add", "-A", cwd=work)

    failed = try_repo(pre_commit, hook_repo, work)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "templates/web-form.txt:1:12: error you-people" in output, output
    assert "README.md:" not in output  # outside the hook's template folders

    (work / "templates" / "web-form.txt").write_text(GOOD, encoding="utf-8")
    git("add", "-A", cwd=work)
    passed = try_repo(pre_commit, hook_repo, work)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "Passed" in output, output
