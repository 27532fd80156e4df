"""Reading configuration files: ``replylint.toml`` or ``[tool.replylint]`` in
``pyproject.toml``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .config import Config
from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["load_config_file", "read_config_table"]


def read_config_table(path: Path) -> dict[str, Any] | None:
    """The replylint table of ``path``, or ``None`` when a pyproject has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("replylint")
        return dict(table) if isinstance(table, dict) else None
    return dict(data)


def load_config_file(path: Path) -> Config:
    """A validated :class:`Config` from ``path``; problems name the file and the key."""
    table = read_config_table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.replylint] table")
    where = f"{path} [tool.replylint]" if path.name == "pyproject.toml" else str(path)
    return Config.from_mapping(table, source=where)
