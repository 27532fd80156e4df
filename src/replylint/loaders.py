"""Loading drafts from files: the first step of load → parse → analyse → rules → report.

Each supported file yields :class:`Item` objects (a conversation with its draft, and
where in the file the draft is) and, for bad records, :class:`LoadProblem` objects —
never an exception, so one bad record never loses the rest of the file.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .config import describe_validation_error
from .models import Conversation, Draft

__all__ = [
    "LOADERS",
    "Item",
    "LoadProblem",
    "decode",
    "iter_files",
    "load_jsonl_text",
    "load_path",
    "load_stdin",
]

Locate = Callable[[int], tuple[int, int]]


@dataclass
class Item:
    """One draft to lint, and where it came from.

    ``locate`` maps a character offset in the draft to a 1-based (line, column) in the
    source file; ``line`` is where the draft's record starts.
    """

    conversation: Conversation
    source: str
    line: int = 1
    locate: Locate | None = None
    ignore: frozenset[str] = frozenset()
    """Rules suppressed for this draft by an inline comment or ``noqa`` field."""

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the source file of draft offset ``offset``.

        For a JSONL record: the record's line, and the column within the draft.
        """
        if self.locate is not None:
            return self.locate(offset)
        return self.line, offset + 1


@dataclass
class LoadProblem:
    """A file or record that could not be read: named, located, explained."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


Loaded = Item | LoadProblem
Loader = Callable[[Path, str, str | None], Iterator[Loaded]]


def decode(data: bytes, source: str) -> str | LoadProblem:
    """Bytes → text: UTF-8 (BOM allowed), UTF-16 with a BOM; binary files are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return LoadProblem(source, None, f"invalid UTF-16 at byte {exc.start}")
    if b"\x00" in data[:8192]:
        return LoadProblem(source, None, "binary file (contains NUL bytes); skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return LoadProblem(
            source,
            line,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def offset_locator(text: str, first_line: int = 1, first_column: int = 1) -> Locate:
    """(line, column) in a file of the character at ``offset`` of ``text``, which
    starts at ``first_line``/``first_column`` of that file."""

    def locate(offset: int) -> tuple[int, int]:
        newlines = text.count("\n", 0, offset)
        if newlines == 0:
            return first_line, first_column + offset
        return first_line + newlines, offset - text.rfind("\n", 0, offset)

    return locate


def load_text_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """A plain-text template: the whole file is one draft."""
    text = _read(path, source)
    if isinstance(text, LoadProblem):
        yield text
        return
    yield from _text_items(text.rstrip(), source, channel)


def _text_items(text: str, source: str, channel: str | None) -> Iterator[Loaded]:
    if not text.strip():
        return
    conv = Conversation(id=source, channel=channel, draft=Draft(text=text))
    yield Item(conv, source, 1, offset_locator(text))


def load_jsonl_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """Conversation JSONL: one conversation (with its draft) per line."""
    text = _read(path, source)
    if isinstance(text, LoadProblem):
        yield text
        return
    yield from load_jsonl_text(text, source, channel)


def load_jsonl_text(text: str, source: str, channel: str | None = None) -> Iterator[Loaded]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield LoadProblem(source, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(data, dict):
            yield LoadProblem(
                source, number, f"expected a conversation object, got {type(data).__name__}"
            )
            continue
        if channel is not None and not data.get("channel"):
            data["channel"] = channel
        try:
            conv = Conversation.model_validate(data)
        except ValidationError as exc:
            detail = describe_validation_error(exc, "").replace(": ", "", 1)
            yield LoadProblem(source, number, detail.replace("\n: ", "; "))
            continue
        if conv.draft is None:
            yield LoadProblem(source, number, "draft: missing (nothing to check)")
            continue
        if conv.id is None:
            conv.id = f"{source}:{number}"
        noqa = data.get("noqa")
        ignore = frozenset(noqa) if isinstance(noqa, list) else frozenset()
        yield Item(conv, source, number, None, ignore)


def _read(path: Path, source: str) -> str | LoadProblem:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return LoadProblem(source, None, "is a directory")
    except OSError as exc:
        return LoadProblem(source, None, f"cannot read: {exc.strerror or exc}")
    return decode(data, source)


LOADERS: dict[str, Loader] = {
    ".txt": load_text_file,
    ".text": load_text_file,
    ".jsonl": load_jsonl_file,
    ".ndjson": load_jsonl_file,
}


def load_path(path: Path, channel: str | None = None) -> Iterator[Loaded]:
    """Items of one file, chosen by its suffix."""
    source = str(path)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        yield LoadProblem(
            source, None, f"unsupported file type {path.suffix or '(none)'!r} ({known})"
        )
        return
    yield from loader(path, source, channel)


def load_stdin(channel: str | None = None, stream: Iterable[str] | None = None) -> Iterator[Loaded]:
    """Standard input: conversation JSONL when it starts with ``{``, else one draft."""
    text = "".join(stream) if stream is not None else sys.stdin.read()
    text = text.replace("\r\n", "\n")
    if text.lstrip().startswith("{"):
        yield from load_jsonl_text(text, "<stdin>", channel)
    else:
        yield from _text_items(text.rstrip(), "<stdin>", channel)


def iter_files(paths: Iterable[str]) -> Iterator[Path | LoadProblem]:
    """Expand directories (recursively, hidden entries skipped, links not followed into
    loops); files of unknown type inside directories are skipped silently."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                try:
                    st = os.stat(root)
                except OSError:
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    dirs[:] = []
                    yield LoadProblem(root, None, "symlink loop; not followed")
                    continue
                seen.add(key)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    p = Path(root, f)
                    if not f.startswith(".") and p.suffix.lower() in LOADERS:
                        yield p
        elif path.exists():
            yield path
        elif path.is_symlink():
            yield LoadProblem(name, None, "broken symlink")
        else:
            yield LoadProblem(name, None, "no such file or directory")
