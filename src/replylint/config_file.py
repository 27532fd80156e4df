"""Reading configuration files: ``replylint.toml`` or ``[tool.replylint]`` in
``pyproject.toml``.

Files are found like ruff finds its own: from the directory of each linted file up to
the root, the nearest ``replylint.toml``, ``.replylint.toml`` or ``pyproject.toml``
with a ``[tool.replylint]`` table wins (in that order within one directory). Problems
name the file, the key and what was expected.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .config import ChannelConfig, Config, PatternConfig
from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "CONFIG_NAMES",
    "PSEUDO_RULES",
    "ConfigFinder",
    "PerFileIgnores",
    "load_config_file",
    "read_config_table",
    "validate_rule_names",
]

CONFIG_NAMES = ("replylint.toml", ".replylint.toml", "pyproject.toml")

PSEUDO_RULES = ("unused-suppression",)
"""Diagnostics of the ``check`` command that are not rules of the catalog but may be
selected, ignored and given a severity like one."""


def read_config_table(path: Path) -> dict[str, Any] | None:
    """The replylint table of ``path``, or ``None`` when a pyproject has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("replylint") if isinstance(tool, dict) else None
        return dict(table) if isinstance(table, dict) else None
    return dict(data)


def load_config_file(path: Path) -> Config:
    """A validated :class:`Config` from ``path``; problems name the file and the key."""
    table = read_config_table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.replylint] table")
    where = f"{path} [tool.replylint]" if path.name == "pyproject.toml" else str(path)
    config = validate_config(table, where)
    validate_rule_names(config, where)
    return config


def validate_config(data: Mapping[str, Any], where: str) -> Config:
    """``Config.model_validate`` with messages that say what was expected."""
    try:
        return Config.model_validate(dict(data))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where)) from None


def _describe(exc: ValidationError, where: str) -> str:
    lines = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        key = ".".join(loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            allowed = _keys_at(loc[:-1])
            close = difflib.get_close_matches(loc[-1].replace("_", "-"), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = f"unknown key ({hint}expected one of: {', '.join(allowed)})"
        else:
            msg = f"{err['msg']} (got {_show(err.get('input'))})"
        lines.append(f"{where}: {key}: {msg}")
    return "\n".join(lines)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _keys_at(loc: list[str]) -> list[str]:
    """The keys allowed at ``loc`` (a channel or pattern table, or the top level)."""
    model: type[BaseModel] = Config
    if len(loc) == 2 and loc[0] == "channels":
        model = ChannelConfig
    elif len(loc) == 2 and loc[0] == "patterns":
        model = PatternConfig
    return sorted(name.replace("_", "-") for name in model.model_fields)


def validate_rule_names(config: Config, where: str) -> None:
    """Every rule named in ``select``, ``ignore``, ``severity`` and ``per-file-ignores``
    is in the catalog; every phrase list in ``phrases`` exists."""
    from .rules import REGISTRY, load_all

    load_all()
    known = [*REGISTRY, *PSEUDO_RULES, *config.patterns]
    named: list[tuple[str, Iterable[str]]] = [
        ("select", config.select or ()),
        ("ignore", config.ignore),
        ("severity", config.severity),
    ]
    named += [
        (f"per-file-ignores.{glob!r}", slugs) for glob, slugs in config.per_file_ignores.items()
    ]
    for key, slugs in named:
        for slug in slugs:
            if slug not in known:
                close = difflib.get_close_matches(slug, known, n=3)
                hint = f"did you mean {', '.join(close)}? " if close else ""
                raise ConfigError(
                    f"{where}: {key}: unknown rule {slug!r} ({hint}see `replylint rules`)"
                )
    lists = phrase_list_names()
    for name in config.phrases:
        if name not in lists:
            close = difflib.get_close_matches(name, lists, n=3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise ConfigError(
                f"{where}: phrases.{name}: unknown phrase list ({hint}expected one of: "
                f"{', '.join(lists)})"
            )


def phrase_list_names() -> list[str]:
    """Names of the phrase lists shipped in ``data/phrases``."""
    from importlib import resources

    folder = resources.files("replylint") / "data" / "phrases"
    return sorted(
        entry.name[: -len(".txt")] for entry in folder.iterdir() if entry.name.endswith(".txt")
    )


class ConfigFinder:
    """The configuration file that applies to a path: the nearest one above it."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, Path | None] = {}
        self._has_table: dict[Path, bool] = {}

    def find(self, path: Path) -> Path | None:
        """The config file for ``path`` (a file or a directory), or ``None``."""
        start = path.absolute()
        directory = start if start.is_dir() else start.parent
        walked: list[Path] = []
        found: Path | None = None
        for folder in (directory, *directory.parents):
            if folder in self._by_dir:
                found = self._by_dir[folder]
                break
            walked.append(folder)
            found = self._in_dir(folder)
            if found is not None:
                break
        for folder in walked:
            self._by_dir[folder] = found
        return found

    def _in_dir(self, folder: Path) -> Path | None:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            if candidate not in self._has_table:
                self._has_table[candidate] = _mentions_table(candidate)
            if self._has_table[candidate]:
                return candidate
        return None


def _mentions_table(path: Path) -> bool:
    """Whether a pyproject has a ``[tool.replylint]`` table (parse errors count as yes,
    so they are reported)."""
    try:
        return read_config_table(path) is not None
    except ConfigError:
        return True


@dataclass
class PerFileIgnores:
    """``per-file-ignores``: glob → rules, globs relative to ``root`` (the directory of
    the configuration file). A glob without ``/`` matches the file name at any depth."""

    root: Path
    patterns: list[tuple[re.Pattern[str], bool, frozenset[str]]] = field(default_factory=list)
    """(regex, matches the file name only, rules)"""

    @classmethod
    def from_config(cls, config: Config, root: Path) -> PerFileIgnores:
        patterns = [
            (_glob_regex(glob), "/" not in glob.strip().rstrip("/"), frozenset(slugs))
            for glob, slugs in config.per_file_ignores.items()
        ]
        return cls(root.absolute(), patterns)

    def rules_for(self, path: str) -> frozenset[str]:
        if not self.patterns or path == "<stdin>":
            return frozenset()
        absolute = Path(path).absolute()
        try:
            relative = absolute.relative_to(self.root).as_posix()
        except ValueError:
            relative = os.path.relpath(absolute, self.root).replace(os.sep, "/")
        name = absolute.name
        found: set[str] = set()
        for regex, name_only, slugs in self.patterns:
            if regex.fullmatch(relative) or (name_only and regex.fullmatch(name)):
                found |= slugs
        return frozenset(found)


def _glob_regex(glob: str) -> re.Pattern[str]:
    """``templates/**/*.md`` → a regex over ``/``-separated relative paths."""
    glob = glob.strip().replace("\\", "/")
    if glob.startswith("./"):
        glob = glob[2:]
    if glob.endswith("/"):
        glob += "**"
    out: list[str] = []
    i = 0
    while i < len(glob):
        ch = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            close = glob.find("]", i + 2)
            if close == -1:
                out.append(re.escape(ch))
                i += 1
            else:
                body = glob[i + 1 : close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out))
