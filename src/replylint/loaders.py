"""Loading drafts from files: the first step of load → parse → analyse → rules → report.

Each supported file yields :class:`Item` objects (a conversation with its draft, and
where in the file the draft is) and, for bad records, :class:`LoadProblem` objects —
never an exception, so one bad record never loses the rest of the file.
"""

from __future__ import annotations

import bisect
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .config import describe_validation_error
from .models import Conversation, Draft
from .models import scrub_surrogates as scrub_text

__all__ = [
    "LOADERS",
    "Item",
    "LineIndex",
    "LoadProblem",
    "SourceMap",
    "Suppression",
    "decode",
    "iter_files",
    "load_jsonl_text",
    "load_path",
    "load_stdin",
    "read_bytes",
    "read_then",
]

Locate = Callable[[int], tuple[int, int]]


class LineIndex:
    """File offset → 1-based (line, column), columns counted in characters."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.first_line = first_line
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._starts = starts
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self.starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + self.first_line, offset - starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """File offset of 0-based ``line`` and ``column`` (as YAML marks count them)."""
        starts = self.starts
        return starts[min(line, len(starts) - 1)] + column


class SourceMap:
    """Where each character of an extracted draft came from in its file.

    ``starts[i]``/``ends[i]`` are the file offsets where draft character ``i`` begins
    and ends: one character for plain text, six for a JSON ``\\u00e9`` escape, a
    line break for a space folded by YAML.
    """

    __slots__ = ("ends", "index", "starts")

    def __init__(self, index: LineIndex, starts: list[int], ends: list[int]) -> None:
        self.index = index
        self.starts = starts
        self.ends = ends

    @classmethod
    def contiguous(cls, index: LineIndex, start: int, length: int) -> SourceMap:
        starts = list(range(start, start + length))
        return cls(index, starts, [s + 1 for s in starts])

    def locate(self, offset: int) -> tuple[int, int]:
        if not self.starts:
            return 1, 1
        if offset < len(self.starts):
            return self.index.position(self.starts[max(offset, 0)])
        return self.index.position(self.ends[-1])

    def locate_end(self, offset: int) -> tuple[int, int]:
        """Position just after draft character ``offset - 1`` (an exclusive end)."""
        if offset <= 0 or not self.ends:
            return self.locate(0)
        return self.index.position(self.ends[min(offset, len(self.ends)) - 1])


@dataclass(eq=False)
class Suppression:
    """An inline ``replylint: disable=...`` comment (or a ``noqa`` field) and where it is.

    One suppression may cover several drafts (a file-wide comment); ``used`` collects
    the rules it actually silenced, so the ones that silenced nothing can be reported.
    """

    source: str
    line: int
    column: int
    rules: tuple[str, ...]
    text: str = ""
    """The comment or field as written (what an ``unused-suppression`` spans)."""
    end_line: int | None = None
    end_column: int | None = None
    used: set[str] = field(default_factory=set)


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
    suppressions: tuple[Suppression, ...] = ()
    """The comments behind :attr:`ignore`, to report the ones that silence nothing."""
    name: str | None = None
    """A human name (a Markdown heading, a macro title) for reports that show one."""
    locate_end: Locate | None = None
    """Like ``locate``, for an exclusive end offset (escapes make the two differ)."""

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the source file of draft offset ``offset``."""
        if self.locate is not None:
            return self.locate(offset)
        return self.line, offset + 1

    def end_position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the source file just after draft character ``offset - 1``."""
        if self.locate_end is not None:
            return self.locate_end(offset)
        return self.position(offset)

    @property
    def label(self) -> str:
        """What reports call this draft: its name, id, or ``source:line``."""
        return self.name or self.conversation.id or f"{self.source}:{self.line}"


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
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return LoadProblem(source, None, f"invalid UTF-16 at byte {exc.start}")
        return text.replace("\r\n", "\n").replace("\r", "\n")
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


TextParser = Callable[[str, str, str | None], Iterator[Loaded]]


def read_then(parse: TextParser, path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """Read and decode ``path``, then ``parse(text, source, channel)``; a file that
    cannot be read or decoded is one problem."""
    text = _read(path, source)
    if isinstance(text, LoadProblem):
        yield text
        return
    yield from parse(text, source, channel)


def load_text_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """A plain-text template: the whole file is one draft."""
    return read_then(
        lambda text, src, ch: _text_items(text.rstrip(), src, ch), path, source, channel
    )


def _text_items(text: str, source: str, channel: str | None) -> Iterator[Loaded]:
    if not text.strip():
        return
    conv = Conversation(id=source, channel=channel, draft=Draft(text=text))
    yield Item(conv, source, 1, offset_locator(text))


def load_jsonl_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """Conversation JSONL: one conversation (with its draft) per line. A line that is
    not valid UTF-8 is a problem of its own; the lines around it are still read."""
    data = read_bytes(path, source)
    if isinstance(data, LoadProblem):
        yield data
        return
    text = decode(data, source)
    if isinstance(text, str):
        yield from load_jsonl_text(text, source, channel)
        return
    if not text.message.startswith("not valid UTF-8"):
        yield text
        return
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r"))
        except UnicodeDecodeError as exc:
            yield LoadProblem(
                source,
                number,
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                "record skipped; save the file as UTF-8",
            )
            lines.append("")
    yield from load_jsonl_text("\n".join(lines), source, channel)


def load_jsonl_text(text: str, source: str, channel: str | None = None) -> Iterator[Loaded]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            if "\\u" in raw:
                data = scrub_surrogates(data)
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
        suppressions: tuple[Suppression, ...] = ()
        if noqa is not None:
            found = _noqa_suppression(raw, number, source, noqa)
            if isinstance(found, LoadProblem):
                yield found
                continue
            suppressions = (found,)
        locate, locate_end = _jsonl_locators(raw, number, conv.draft.text)
        yield Item(
            conv,
            source,
            number,
            locate,
            frozenset(r for s in suppressions for r in s.rules),
            suppressions,
            locate_end=locate_end,
        )


def _noqa_suppression(
    raw: str, number: int, source: str, noqa: object
) -> Suppression | LoadProblem:
    """The ``noqa`` field of a JSONL record as a suppression, located in the line."""
    if isinstance(noqa, str):
        rules = tuple(r.strip() for r in noqa.split(",") if r.strip())
    elif isinstance(noqa, list) and all(isinstance(r, str) for r in noqa):
        rules = tuple(r.strip() for r in noqa if r.strip())
    else:
        return LoadProblem(source, number, "noqa: expected a list of rule names")
    from .templates import parse_json_positions

    root = parse_json_positions(raw)
    start = (root.keys or {}).get("noqa", root.start)
    node = root.get("noqa")
    end = node.end if node is not None else root.end
    return Suppression(source, number, start + 1, rules, raw[start:end], number, end + 1)


def _jsonl_locators(raw: str, number: int, draft: str) -> tuple[Locate, Locate]:
    """Positions of draft characters in a JSONL line, worked out on first use (most
    records have no violation, and parsing for positions costs more than ``json``)."""
    cache: list[SourceMap] = []

    def source_map() -> SourceMap:
        if not cache:
            cache.append(_jsonl_source_map(raw, number, draft))
        return cache[0]

    return (lambda o: source_map().locate(o)), (lambda o: source_map().locate_end(o))


def _jsonl_source_map(raw: str, number: int, draft: str) -> SourceMap:
    from .templates import json_string_offsets, parse_json_positions

    index = LineIndex(raw, first_line=number)
    try:
        root = parse_json_positions(raw)
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - json.loads passed
        root = None
    node = root.get("draft") if root is not None else None
    if node is not None and isinstance(node.items, dict):
        node = node.get("text")
    mapped = json_string_offsets(raw, node) if node is not None and node.style else None
    if node is None or mapped is None or scrub_surrogates(node.value) != draft:
        return SourceMap.contiguous(index, 0, len(draft))
    return SourceMap(index, *mapped)


def scrub_surrogates(value: Any) -> Any:
    """``value`` with lone surrogates (JSON ``"\\ud800"`` decodes to one; UTF-8 cannot
    encode them) replaced by U+FFFD, one character for one, so offsets hold."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [scrub_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {scrub_surrogates(k): scrub_surrogates(v) for k, v in value.items()}
    return value


def read_bytes(path: Path, source: str) -> bytes | LoadProblem:
    """The file's bytes, or a problem naming it (a directory, unreadable...)."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        return LoadProblem(source, None, "is a directory")
    except OSError as exc:
        return LoadProblem(source, None, f"cannot read: {exc.strerror or exc}")


def _read(path: Path, source: str) -> str | LoadProblem:
    data = read_bytes(path, source)
    return data if isinstance(data, LoadProblem) else decode(data, source)


def _lazy(name: str) -> Loader:
    """A loader of :mod:`replylint.templates`, imported when a file needs it."""

    def load(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
        from . import templates

        loader: Loader = getattr(templates, name)
        return loader(path, source, channel)

    load.__name__ = name
    return load


LOADERS: dict[str, Loader] = {
    ".txt": load_text_file,
    ".text": load_text_file,
    ".jsonl": load_jsonl_file,
    ".ndjson": load_jsonl_file,
    ".md": _lazy("load_markdown_file"),
    ".markdown": _lazy("load_markdown_file"),
    ".yaml": _lazy("load_yaml_file"),
    ".yml": _lazy("load_yaml_file"),
    ".json": _lazy("load_json_file"),
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
                    if f.startswith(".") or p.suffix.lower() not in LOADERS:
                        continue
                    try:
                        regular = stat.S_ISREG(os.stat(p).st_mode)
                    except OSError:
                        yield LoadProblem(str(p), None, "broken symlink")
                        continue
                    if regular:
                        yield p
                    else:  # a FIFO would block forever, a device never ends
                        yield LoadProblem(str(p), None, "not a regular file; skipped")
        elif path.exists():
            yield path
        elif path.is_symlink():
            yield LoadProblem(name, None, "broken symlink")
        else:
            yield LoadProblem(name, None, "no such file or directory")
