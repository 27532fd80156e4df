"""The generated rule pages (docs/rules/) match the rules' code: docs cannot drift."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from replylint.rules import all_rules

from .conftest import ROOT

DOCS = ROOT / "docs" / "rules"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_rule_docs", ROOT / "tools" / "gen_rule_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_docs_are_up_to_date(gen: ModuleType) -> None:
    problems = gen.stale(DOCS)
    assert not problems, "docs/rules is stale; run: python tools/gen_rule_docs.py\n" + "\n".join(
        problems
    )


def test_every_rule_has_a_page(gen: ModuleType) -> None:
    pages = gen.generate()
    for rule in all_rules():
        page = pages[f"{rule.slug}.md"]
        for heading in (
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Use instead",
            "## Configuration",
        ):
            assert heading in page, f"{rule.slug}: {heading} missing"
        assert f"[`{rule.slug}`]({rule.slug}.md)" in pages["index.md"]


def test_check_mode_catches_drift(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "rules"
    assert gen.main(["--out", str(out)]) == 0
    assert gen.main(["--out", str(out), "--check"]) == 0
    page = out / "profanity.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    assert gen.main(["--out", str(out), "--check"]) == 1
    shutil.copy(out / "index.md", out / "no-such-rule.md")
    (out / "profanity.md").unlink()
    problems = gen.stale(out)
    assert any("missing" in p for p in problems)
    assert any("no rule of that name" in p for p in problems)
