from __future__ import annotations

from pathlib import Path

import pytest

from replylint import Linter

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file in ../shared/, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (tests read it from ../shared/)")
    return path


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()
