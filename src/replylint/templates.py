"""Template files: Markdown, YAML and JSON collections, and Zendesk macro exports.

Each loader extracts the drafts of one file and keeps, for every character of every
draft, where it came from in the file (:class:`~replylint.loaders.SourceMap`), so a
violation points at the file itself: past YAML indentation and folding, JSON escapes
(``\\n``, ``\\u00e9``), HTML tags and Markdown comments.

Inline suppressions are read here too: ``<!-- replylint: disable=too-long -->`` in
Markdown, ``# replylint: disable=too-long`` in YAML, a ``noqa`` field in YAML and JSON
records. YAML is imported only when a YAML file is loaded.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .loaders import (
    Item,
    LineIndex,
    Loaded,
    LoadProblem,
    SourceMap,
    Suppression,
    read_then,
    scrub_surrogates,
)
from .models import Conversation

__all__ = [
    "JsonNode",
    "load_json_file",
    "load_markdown_file",
    "load_yaml_file",
    "parse_directive",
    "parse_json_positions",
]

# -- inline directives ------------------------------------------------------------------

_DIRECTIVE = re.compile(r"replylint\s*:\s*(?P<body>.*)", re.S | re.I)
_PAIR = re.compile(r"(?P<key>[A-Za-z][\w-]*)\s*=\s*(?P<value>.*?)\s*(?=[A-Za-z][\w-]*\s*=|$)", re.S)
DIRECTIVE_KEYS = ("disable", "channel")


def parse_directive(body: str, allowed: Sequence[str] = DIRECTIVE_KEYS) -> dict[str, str] | str:
    """``disable=too-long, you-people channel=sms`` → ``{"disable": ..., "channel": ...}``.

    Returns an error message (a string) when the directive cannot be read.
    """
    body = body.strip()
    found: dict[str, str] = {}
    pos = 0
    for m in _PAIR.finditer(body):
        if body[pos : m.start()].strip(" ;,"):
            break
        key = m["key"].lower()
        if key not in allowed:
            expected = ", ".join(f"{k}=..." for k in allowed)
            return f"unknown replylint directive {key!r} (expected {expected})"
        value = m["value"].strip().rstrip(";").strip()
        if not value:
            return f"replylint directive {key}= needs a value"
        found[key] = value
        pos = m.end()
    if not found or body[pos:].strip(" ;,"):
        expected = ", ".join(f"{k}=..." for k in allowed)
        return f"cannot read replylint directive {body!r} (expected {expected})"
    return found


def split_rules(value: str | Sequence[str]) -> tuple[str, ...]:
    """``"a, b"`` or ``["a", "b"]`` → ``("a", "b")``."""
    parts = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


# -- Markdown ---------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


@dataclass
class _Section:
    name: str | None
    start: int
    end: int
    line: int
    directives: list[tuple[int, int, dict[str, str]]] = field(default_factory=list)


def load_markdown_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """One template per file, or one per ``##`` heading (the heading names it).

    Text before the first ``##`` heading (a title, notes) is not a template; a
    ``replylint:`` comment there applies to every template of the file.
    """
    return read_then(markdown_items, path, source, channel)


def markdown_items(text: str, source: str, channel: str | None = None) -> Iterator[Loaded]:
    index = LineIndex(text)
    body_start = 0
    front: dict[str, str] = {}
    if text.startswith("---\n"):
        close = re.search(r"^---[ \t]*$", text[4:], re.M)
        if close is not None:
            for raw in text[4 : 4 + close.start()].split("\n"):
                m = _FRONT_KEY.match(raw)
                if m:
                    front[m[1].lower()] = m[2].strip("'\"")
            body_start = 4 + close.end()
    file_channel = front.get("channel") or channel

    headings: list[tuple[int, int, int, str]] = []  # level, line start, line end, title
    fence: str | None = None
    pos = body_start
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        line = text[pos:end]
        fm = _FENCE.match(line)
        if fm:
            if fence is None:
                fence = fm[1][0]
            elif fm[1][0] == fence:
                fence = None
        elif fence is None:
            hm = _HEADING.match(line)
            if hm:
                headings.append((len(hm[1]), pos, end, (hm[2] or "").rstrip("#").strip()))
        pos = end + 1

    comments = [m for m in _COMMENT.finditer(text, body_start)]
    sections: list[_Section] = []
    second = [h for h in headings if h[0] == 2]
    if second:
        preamble = _Section(None, body_start, second[0][1], 1)
        for _, start, end, title in second:
            stop = next((h[1] for h in headings if h[1] > start and h[0] <= 2), len(text))
            sections.append(_Section(title, end + 1, stop, index.position(start)[0]))
    else:
        preamble = _Section(None, body_start, body_start, 1)
        start = body_start
        name = front.get("title") or front.get("name")
        first = next((h for h in headings if text[body_start : h[1]].strip() == ""), None)
        if first is not None and first[0] == 1:
            name = name or first[3]
            start = first[2] + 1
        sections.append(_Section(name, start, len(text), index.position(body_start)[0]))

    problems: list[LoadProblem] = []
    file_wide: list[Suppression] = []
    for m in comments:
        dm = _DIRECTIVE.match(m[1].strip())
        if dm is None:
            continue
        at_line = index.position(m.start())[0]
        parsed = parse_directive(dm["body"])
        if isinstance(parsed, str):
            problems.append(LoadProblem(source, at_line, parsed))
            continue
        owner = next((s for s in sections if s.start <= m.start() < s.end), None)
        if owner is None:
            owner = preamble
        owner.directives.append((m.start(), m.end(), parsed))
        if owner is preamble and "channel" in parsed:
            file_channel = parsed["channel"]
    yield from problems

    for d_start, d_end, parsed in preamble.directives:
        if "disable" in parsed:
            file_wide.append(_suppression(index, source, d_start, d_end, parsed["disable"]))

    for section in sections:
        own: list[Suppression] = []
        section_channel = file_channel
        for d_start, d_end, parsed in section.directives:
            if "disable" in parsed:
                own.append(_suppression(index, source, d_start, d_end, parsed["disable"]))
            section_channel = parsed.get("channel", section_channel)
        starts, ends = _segments(text, section.start, section.end, comments)
        draft, starts, ends = _strip_draft("".join(text[i] for i in starts), starts, ends)
        if not draft:
            continue
        ident = (section.name or f"{source}:{section.line}") if second else front.get("id")
        sm = SourceMap(index, starts, ends)
        supp = (*file_wide, *own)
        yield Item(
            Conversation.model_validate(
                {"id": ident or source, "channel": section_channel, "draft": {"text": draft}}
            ),
            source,
            section.line if second else index.position(starts[0])[0],
            sm.locate,
            frozenset(r for s in supp for r in s.rules),
            supp,
            name=section.name,
            locate_end=sm.locate_end,
        )


def _suppression(index: LineIndex, source: str, start: int, end: int, rules: str) -> Suppression:
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return Suppression(
        source, line, column, split_rules(rules), index.text[start:end], end_line, end_column
    )


def _segments(
    text: str, start: int, end: int, comments: Sequence[re.Match[str]]
) -> tuple[list[int], list[int]]:
    """File offsets of ``text[start:end]`` without its HTML comments."""
    starts: list[int] = []
    pos = start
    for m in comments:
        if m.end() <= pos or m.start() >= end:
            continue
        starts.extend(range(pos, max(pos, m.start())))
        pos = max(pos, m.end())
    starts.extend(range(pos, end))
    return starts, [s + 1 for s in starts]


def _strip_draft(
    draft: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    lead = len(draft) - len(draft.lstrip())
    stripped = draft.strip()
    stop = lead + len(stripped)
    return stripped, starts[lead:stop], ends[lead:stop]


# -- JSON with positions -------------------------------------------------------------


@dataclass
class JsonNode:
    """A JSON (or YAML) value and where it is: file offsets ``start``/``end``.

    ``items`` holds the children (a dict for objects, a list for arrays);
    ``keys`` the offsets of object keys. ``style`` tells how a string is written
    (``json`` or a YAML scalar style) so its characters can be mapped back.
    """

    start: int
    end: int
    value: Any
    items: dict[str, JsonNode] | list[JsonNode] | None = None
    keys: dict[str, int] | None = None
    style: str | None = None

    def get(self, key: str | int) -> JsonNode | None:
        if isinstance(self.items, dict) and isinstance(key, str):
            return self.items.get(key)
        if isinstance(self.items, list) and isinstance(key, int) and 0 <= key < len(self.items):
            return self.items[key]
        return None


_WS = re.compile(r"[ \t\n\r]*")
_ATOM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def parse_json_positions(text: str) -> JsonNode:
    """Parse JSON already known to be valid, keeping every value's offsets."""
    from json.decoder import scanstring  # type: ignore[attr-defined]

    def ws(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    def value(i: int) -> JsonNode:
        i = ws(i)
        ch = text[i]
        if ch == '"':
            s, end = scanstring(text, i + 1)
            return JsonNode(i, end, s, style="json")
        if ch == "{":
            start = i
            items: dict[str, JsonNode] = {}
            keys: dict[str, int] = {}
            i = ws(i + 1)
            if text[i] == "}":
                return JsonNode(start, i + 1, {}, items, keys)
            while True:
                i = ws(i)
                key, i = scanstring(text, i + 1)
                keys[key] = _key_start(text, i)
                i = ws(i) + 1  # the colon
                child = value(i)
                items[key] = child
                i = ws(child.end)
                if text[i] == ",":
                    i += 1
                    continue
                return JsonNode(start, i + 1, {k: v.value for k, v in items.items()}, items, keys)
        if ch == "[":
            start = i
            elements: list[JsonNode] = []
            i = ws(i + 1)
            if text[i] == "]":
                return JsonNode(start, i + 1, [], elements)
            while True:
                child = value(i)
                elements.append(child)
                i = ws(child.end)
                if text[i] == ",":
                    i += 1
                    continue
                return JsonNode(start, i + 1, [e.value for e in elements], elements)
        m = _ATOM.match(text, i)
        if m is None:
            raise ValueError(f"unexpected {ch!r} at offset {i}")
        return JsonNode(i, m.end(), json.loads(m[0]))

    return value(0)


def _key_start(text: str, end: int) -> int:
    """Offset of the opening quote of the key string that ends at ``end``."""
    i = end - 2
    while i > 0:
        if text[i] == '"':
            backslashes = 0
            while text[i - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                return i
        i -= 1
    return 0


_SIMPLE_ESCAPES = {"n": 2, "t": 2, "r": 2, "b": 2, "f": 2, "/": 2, "\\": 2, '"': 2}


def json_string_offsets(text: str, node: JsonNode) -> tuple[list[int], list[int]] | None:
    """File offsets of each character of a JSON string literal's value."""
    starts: list[int] = []
    ends: list[int] = []
    i, stop = node.start + 1, node.end - 1
    while i < stop:
        j = text.find("\\", i, stop)
        if j == -1:
            j = stop
        starts.extend(range(i, j))
        ends.extend(range(i + 1, j + 1))
        if j == stop:
            break
        esc = text[j + 1]
        width = 6 if esc == "u" else 2
        if esc == "u" and text[j + 6 : j + 8] == "\\u":
            high, low = int(text[j + 2 : j + 6], 16), int(text[j + 8 : j + 12], 16)
            if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
                width = 12
        starts.append(j)
        ends.append(j + width)
        i = j + width
    if len(starts) != len(node.value):
        return None
    return starts, ends


# -- YAML with positions -------------------------------------------------------------


def yaml_tree(text: str) -> JsonNode | None:
    """Compose ``text`` with PyYAML (libyaml when available) into positioned nodes."""
    import yaml  # type: ignore[import-untyped]

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    if root is None:
        return None

    def offset(mark: Any) -> int:
        # ``index`` counts characters (PyYAML and libyaml alike); lines would not do:
        # YAML also breaks lines at U+0085, U+2028 and U+2029
        return int(mark.index)

    def convert(node: Any, depth: int = 0) -> JsonNode:
        if depth > 100:
            raise ValueError("nested too deeply")
        start, end = offset(node.start_mark), offset(node.end_mark)
        if isinstance(node, yaml.MappingNode):
            items: dict[str, JsonNode] = {}
            keys: dict[str, int] = {}
            for knode, vnode in node.value:
                key = str(convert(knode, depth + 1).value)
                keys[key] = offset(knode.start_mark)
                items[key] = convert(vnode, depth + 1)
            return JsonNode(start, end, {k: v.value for k, v in items.items()}, items, keys)
        if isinstance(node, yaml.SequenceNode):
            elements = [convert(n, depth + 1) for n in node.value]
            return JsonNode(start, end, [e.value for e in elements], elements)
        return JsonNode(start, end, _yaml_scalar(node), style=node.style or "plain")

    return convert(root)


def _yaml_scalar(node: Any) -> Any:
    tag, value = node.tag, node.value
    if node.style is not None or tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in {"yes", "true", "on", "y"}
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


_YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_YAML_CODES = {"x": 2, "u": 4, "U": 8}

# One atom of a flow scalar: (character, start, end, kind)
# kind: "c" text, "l" literal (from an escape), "w" blank, "n" line break, "e" escaped break
_Atom = tuple[str, int, int, str]


def yaml_string_offsets(text: str, node: JsonNode) -> tuple[list[int], list[int]] | None:
    """File offsets of each character of a YAML string scalar, or ``None`` when the
    scalar is written in a way this mapper does not follow."""
    style = node.style
    if style in ("|", ">"):
        mapped = _block_offsets(text, node.start, node.end, folded=style == ">")
    elif style in ("plain", "'", '"'):
        mapped = _flow_offsets(text, node.start, node.end, style)
    else:
        return None
    if mapped is None:
        return None
    value, starts, ends = mapped
    if value != node.value:
        return None
    return starts, ends


def _flow_offsets(
    text: str, start: int, end: int, style: str
) -> tuple[str, list[int], list[int]] | None:
    if style != "plain":
        if text[start : start + 1] != style or text[end - 1 : end] != style:
            return None
        start, end = start + 1, end - 1
    atoms: list[_Atom] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "\n":
            atoms.append((ch, i, i + 1, "n"))
            i += 1
        elif ch in " \t":
            atoms.append((ch, i, i + 1, "w"))
            i += 1
        elif style == "'" and ch == "'" and text[i + 1 : i + 2] == "'":
            atoms.append(("'", i, i + 2, "l"))
            i += 2
        elif style == '"' and ch == "\\":
            esc = text[i + 1 : i + 2]
            if esc == "\n":
                atoms.append(("", i, i + 2, "e"))
                i += 2
            elif esc in _YAML_ESCAPES:
                atoms.append((_YAML_ESCAPES[esc], i, i + 2, "l"))
                i += 2
            elif esc in _YAML_CODES:
                width = _YAML_CODES[esc]
                try:
                    decoded = chr(int(text[i + 2 : i + 2 + width], 16))
                except ValueError:
                    return None
                atoms.append((decoded, i, i + 2 + width, "l"))
                i += 2 + width
            else:
                return None
        else:
            atoms.append((ch, i, i + 1, "c"))
            i += 1
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(atom: _Atom, char: str | None = None) -> None:
        out.append(atom[0] if char is None else char)
        starts.append(atom[1])
        ends.append(atom[2])

    pending: list[_Atom] = []
    k = 0
    while k < len(atoms):
        atom = atoms[k]
        kind = atom[3]
        if kind in "cl":
            for p in pending:
                emit(p)
            pending = []
            emit(atom)
            k += 1
        elif kind == "w":
            pending.append(atom)
            k += 1
        else:
            if kind == "e":
                for p in pending:
                    emit(p)
            pending = []
            breaks: list[_Atom] = []
            k += 1
            while k < len(atoms) and atoms[k][3] in "wn":
                if atoms[k][3] == "n":
                    breaks.append(atoms[k])
                k += 1
            if kind == "e" or breaks:
                for b in breaks:
                    emit(b, "\n")
            else:
                emit(atom, " ")
    for p in pending:
        emit(p)
    return "".join(out), starts, ends


_BLOCK_HEADER = re.compile(r"[|>](?:([+-])([1-9])?|([1-9])([+-])?)?[ \t]*(?:#[^\n]*)?\n")


def _block_offsets(
    text: str, start: int, end: int, *, folded: bool
) -> tuple[str, list[int], list[int]] | None:
    header = _BLOCK_HEADER.match(text, start)
    if header is None:
        return None
    chomp = header[1] or header[4] or ""
    explicit = header[2] or header[3]
    # the lines of the scalar: (offset of line start, line text without its break)
    lines: list[tuple[int, str]] = []
    pos = header.end()
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop == -1 else stop
        lines.append((pos, text[pos:stop]))
        pos = stop + 1
    if explicit:
        # relative to the indentation of the key the scalar belongs to
        line_start = text.rfind("\n", 0, start) + 1
        key = re.match(r"[ ]*(?:-[ ]+)*", text[line_start:start])
        indent = (key.end() if key else 0) + int(explicit)
    else:
        # YAML indents with spaces only: a line of other whitespace ("\xa0") is content.
        indent = next((len(t) - len(t.lstrip(" ")) for _, t in lines if t.strip(" ")), 0)
    if indent == 0:
        return "", [], []
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    breaks: list[int] = []  # offsets of line breaks of empty lines waiting
    line_break: int | None = None
    prev_leading_space = False
    first = True
    for offset, line in lines:
        if not line.strip(" ") and len(line) <= indent:  # an empty line
            breaks.append(offset + len(line))
            continue
        if len(line) - len(line.lstrip(" ")) < indent:
            break
        leading_space = line[indent : indent + 1] in (" ", "\t")
        if not first:
            assert line_break is not None
            if folded and not prev_leading_space and not leading_space:
                if not breaks:
                    out.append(" ")
                    starts.append(line_break)
                    ends.append(line_break + 1)
            else:
                out.append("\n")
                starts.append(line_break)
                ends.append(line_break + 1)
        for b in breaks:
            out.append("\n")
            starts.append(b)
            ends.append(b + 1)
        breaks = []
        content = line[indent:]
        out.append(content)
        starts.extend(range(offset + indent, offset + len(line)))
        ends.extend(range(offset + indent + 1, offset + len(line) + 1))
        line_break = offset + len(line)
        prev_leading_space = leading_space
        first = False
    if line_break is not None and chomp != "-":
        out.append("\n")
        starts.append(line_break)
        ends.append(line_break + 1)
    if chomp == "+":
        for b in breaks:
            out.append("\n")
            starts.append(b)
            ends.append(b + 1)
    return "".join(out), starts, ends


# -- collections: YAML and JSON ------------------------------------------------------

_Mapper = Callable[[str, JsonNode], "tuple[list[int], list[int]] | None"]


class _Template(BaseModel):
    """One record of a YAML/JSON template collection."""

    model_config = ConfigDict(extra="forbid")

    id: str | int | None = None
    text: str
    channel: str | None = None
    brand: str | None = None
    brand_aliases: list[str] = []
    context: str | list[str | dict[str, Any]] | dict[str, Any] | None = None
    noqa: str | list[str] | None = None
    name: str | None = None
    title: str | None = None
    description: str | None = None
    tags: str | list[str] | None = None
    meta: dict[str, Any] | None = None


_CONTEXT_KEYS = {"messages", "brand", "brand_aliases", "facts", "channel", "id"}


def load_yaml_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """A YAML list of templates (or ``templates:`` holding one)."""
    return read_then(yaml_items, path, source, channel)


def yaml_items(text: str, source: str, channel: str | None = None) -> Iterator[Loaded]:
    import yaml

    try:
        root = yaml_tree(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = f" (column {mark.column + 1})" if mark is not None else ""
        yield LoadProblem(source, line, f"invalid YAML: {exc.problem or exc}{col}")
        return
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        yield LoadProblem(source, None, f"invalid YAML: {exc}")
        return
    if root is None:
        return
    index = LineIndex(text)
    comments = _yaml_comments(text, index)
    yield from _collection_items(text, index, root, source, channel, yaml_string_offsets, comments)


_YAML_COMMENT = re.compile(r"(?:^|[ \t])(#[ \t]*replylint[ \t]*:[^\n]*)", re.M | re.I)


def _yaml_comments(text: str, index: LineIndex) -> list[tuple[int, int, str]]:
    """``# replylint: ...`` comments: (start offset, end offset, body)."""
    if "replylint" not in text:
        return []
    found = []
    for m in _YAML_COMMENT.finditer(text):
        dm = _DIRECTIVE.search(m[1])
        if dm is not None:  # a further "# ..." on the line is a remark, not rules
            found.append((m.start(1), m.end(1), dm["body"].split("#")[0]))
    return found


def load_json_file(path: Path, source: str, channel: str | None) -> Iterator[Loaded]:
    """A JSON list of templates (or ``{"templates": [...]}``), a Zendesk macro export
    (``{"macros": [...]}``, ``{"macro": {...}}``), or conversations with drafts."""
    return read_then(json_items, path, source, channel)


def json_items(text: str, source: str, channel: str | None = None) -> Iterator[Loaded]:
    if not text.strip():
        yield LoadProblem(
            source, None, "empty file: expected a JSON conversation, template or list of them"
        )
        return
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        yield LoadProblem(source, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield LoadProblem(source, None, "invalid JSON: nested too deeply")
        return
    try:
        root = parse_json_positions(text)
    except (RecursionError, ValueError, IndexError) as exc:
        yield LoadProblem(source, None, f"cannot read JSON: {exc}")
        return
    index = LineIndex(text)
    yield from _collection_items(text, index, root, source, channel, json_string_offsets, [])


def _records(root: JsonNode) -> tuple[str, list[tuple[str, JsonNode]]] | str:
    """(kind, [(path, record)]) of a collection, or what is wrong with it."""
    if isinstance(root.items, dict):
        for key, kind in (("templates", "template"), ("macros", "macro")):
            node = root.get(key)
            if node is not None:
                if not isinstance(node.items, list):
                    return f"{key}: expected a list"
                return kind, [(f"{key}[{i}]", n) for i, n in enumerate(node.items)]
        node = root.get("macro")
        if node is not None:
            return "macro", [("macro", node)]
        if "actions" in root.items:
            return "macro", [("", root)]
        if "text" in root.items or "draft" in root.items:
            return "template", [("", root)]
        return (
            "expected a list of templates ({id, channel, text}), "
            '"templates": [...], or a Zendesk export ("macros": [...])'
        )
    if isinstance(root.items, list):
        records = [(f"[{i}]", n) for i, n in enumerate(root.items)]
        first = next((n for n in root.items if isinstance(n.items, dict)), None)
        if first is not None and "actions" in first.value and "text" not in first.value:
            return "macro", records
        return "template", records
    return "expected a list of templates, got a single value"


def _collection_items(
    text: str,
    index: LineIndex,
    root: JsonNode,
    source: str,
    channel: str | None,
    mapper: _Mapper,
    comments: list[tuple[int, int, str]],
) -> Iterator[Loaded]:
    found = _records(root)
    if isinstance(found, str):
        yield LoadProblem(source, 1, found)
        return
    kind, records = found
    # YAML comments: inside a record (or just above it) → that record; else the file
    owners: dict[int, list[Suppression]] = {}
    file_wide: list[Suppression] = []
    for c_start, c_end, body in comments:
        parsed = parse_directive(body, ("disable",))
        line = index.position(c_start)[0]
        if isinstance(parsed, str):
            yield LoadProblem(source, line, parsed)
            continue
        supp = _suppression(index, source, c_start, c_end, parsed["disable"])
        owner = _comment_owner(text, records, c_start)
        if owner is None:
            file_wide.append(supp)
        else:
            owners.setdefault(owner, []).append(supp)
    for number, (where, node) in enumerate(records):
        extra = (*file_wide, *owners.get(number, ()))
        if kind == "macro":
            result = _macro_item(text, index, node, where, source, channel, mapper, extra)
        else:
            result = _template_item(text, index, node, where, source, channel, mapper, extra)
        if result is not None:
            yield result


def _comment_owner(text: str, records: list[tuple[str, JsonNode]], offset: int) -> int | None:
    """The record a YAML comment belongs to: the one it is in, or the one right below
    it (only blank or comment lines between); ``None`` for the whole file."""
    for number, (_, node) in enumerate(records):
        if node.start <= offset < _content_end(text, node):
            return number
        line_start = text.rfind("\n", 0, node.start) + 1
        if offset < line_start:
            after = text.find("\n", offset) + 1
            gap = text[after:line_start].split("\n")
            if after and all(not ln.strip() or ln.lstrip().startswith("#") for ln in gap):
                return number
            return None
    return None


def _content_end(text: str, node: JsonNode) -> int:
    """``node.end`` without the blank and comment lines a YAML node's end takes in."""
    lines = text[node.start : node.end].split("\n")
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return node.start + len("\n".join(lines))


def _describe(exc: ValidationError, where: str) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith(("str", "list", "dict")))
        key = f"{where}.{loc}" if where and loc else (where or loc or "(record)")
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            allowed = ", ".join(_Template.model_fields)
            msg = f"unknown key (expected one of: {allowed})"
        parts.append(f"{key}: {msg}")
    return "; ".join(dict.fromkeys(parts))


def _template_item(
    text: str,
    index: LineIndex,
    node: JsonNode,
    where: str,
    source: str,
    channel: str | None,
    mapper: _Mapper,
    extra: Sequence[Suppression],
) -> Loaded | None:
    line = index.position(node.start)[0]
    label = where or "(top level)"
    if not isinstance(node.items, dict):
        return LoadProblem(source, line, f"{label}: expected a template object ({{id, text}})")
    if "draft" in node.items and "text" not in node.items:
        return _conversation_item(text, index, node, label, source, channel, mapper, extra)
    try:
        record = _Template.model_validate(node.value)
    except ValidationError as exc:
        return LoadProblem(source, line, _describe(exc, label))
    text_node = node.get("text")
    assert text_node is not None
    conv: dict[str, Any] = {}
    context = record.context
    if isinstance(context, dict):
        unknown = sorted(set(context) - _CONTEXT_KEYS)
        if unknown:
            return LoadProblem(
                source,
                line,
                f"{label}.context: unknown key {unknown[0]!r} "
                f"(expected {', '.join(sorted(_CONTEXT_KEYS))})",
            )
        conv.update(context)
    elif isinstance(context, str):
        conv["messages"] = [{"role": "customer", "text": context}]
    elif isinstance(context, list):
        conv["messages"] = [
            {"role": "customer", "text": m} if isinstance(m, str) else m for m in context
        ]
    ident = record.id if record.id is not None else conv.get("id")
    conv["id"] = str(ident) if ident is not None else f"{source}:{line}"
    conv["channel"] = record.channel or conv.get("channel") or channel
    if record.brand is not None:
        conv["brand"] = record.brand
    if record.brand_aliases:
        conv["brand_aliases"] = record.brand_aliases
    return _finish(
        text, index, node, text_node, conv, label, source, mapper, extra,
        record.noqa, record.name or record.title,
    )  # fmt: skip


def _conversation_item(
    text: str,
    index: LineIndex,
    node: JsonNode,
    label: str,
    source: str,
    channel: str | None,
    mapper: _Mapper,
    extra: Sequence[Suppression],
) -> Loaded | None:
    """A record in the conversation interchange format (``draft`` instead of ``text``)."""
    data = dict(node.value)
    draft = node.get("draft")
    assert draft is not None
    text_node = draft.get("text") if isinstance(draft.items, dict) else draft
    line = index.position(node.start)[0]
    if text_node is None or not isinstance(text_node.value, str):
        return LoadProblem(source, line, f"{label}.draft: expected a string or {{text: ...}}")
    noqa = data.pop("noqa", None)
    data.pop("draft")
    data.setdefault("channel", channel)
    if data.get("id") is None:
        data["id"] = f"{source}:{line}"
    return _finish(text, index, node, text_node, data, label, source, mapper, extra, noqa, None)


def _finish(
    text: str,
    index: LineIndex,
    node: JsonNode,
    text_node: JsonNode,
    conv: dict[str, Any],
    label: str,
    source: str,
    mapper: _Mapper,
    extra: Sequence[Suppression],
    noqa: Any,
    name: str | None,
    *,
    strip_html: bool = False,
) -> Loaded | None:
    line = index.position(node.start)[0]
    value = text_node.value
    if not isinstance(value, str):
        return LoadProblem(source, line, f"{label}: text: expected a string")
    mapped = mapper(text, text_node)
    if mapped is None:  # not followed: every character points at the value's start
        starts = [text_node.start] * len(value)
        ends = [text_node.end] * len(value)
    else:
        starts, ends = mapped
    if strip_html:
        value, starts, ends = _html_text(value, starts, ends)
    draft, starts, ends = _strip_draft(scrub_surrogates(value), starts, ends)
    if not draft.strip():
        return None
    conv = scrub_surrogates(conv)
    conv["draft"] = {"text": draft}
    try:
        conversation = Conversation.model_validate(conv)
    except ValidationError as exc:
        return LoadProblem(source, line, _describe(exc, label))
    suppressions = list(extra)
    if noqa is not None:
        if not isinstance(noqa, (str, list)) or not all(isinstance(r, str) for r in noqa):
            return LoadProblem(source, line, f"{label}.noqa: expected a list of rule names")
        noqa_node = node.get("noqa")
        at = noqa_node if noqa_node is not None else node
        key_at = (node.keys or {}).get("noqa", at.start)
        l1, c1 = index.position(key_at)
        l2, c2 = index.position(at.end)
        suppressions.append(
            Suppression(source, l1, c1, split_rules(noqa), text[key_at : at.end], l2, c2)
        )
    sm = SourceMap(index, starts, ends)
    return Item(
        conversation,
        source,
        line,
        sm.locate,
        frozenset(r for s in suppressions for r in s.rules),
        tuple(suppressions),
        name=name,
        locate_end=sm.locate_end,
    )


def _macro_item(
    text: str,
    index: LineIndex,
    node: JsonNode,
    where: str,
    source: str,
    channel: str | None,
    mapper: _Mapper,
    extra: Sequence[Suppression],
) -> Loaded | None:
    """A Zendesk macro: the comment its ``comment_value`` (or ``comment_value_html``)
    action adds. Macros without a comment are skipped."""
    line = index.position(node.start)[0]
    label = where or "macro"
    if not isinstance(node.items, dict):
        return LoadProblem(source, line, f"{label}: expected a macro object")
    actions = node.get("actions")
    if actions is None or not isinstance(actions.items, list):
        return LoadProblem(source, line, f"{label}.actions: expected a list of actions")
    plain: JsonNode | None = None
    rich: JsonNode | None = None
    for action in actions.items:
        if not isinstance(action.value, dict):
            continue
        kind = action.value.get("field")
        value = action.get("value")
        if value is not None and isinstance(value.items, list):
            # ["channel:all", "text"]: the comment is the last string
            value = next((v for v in reversed(value.items) if isinstance(v.value, str)), None)
        if value is None or not isinstance(value.value, str):
            continue
        if kind == "comment_value" and plain is None:
            plain = value
        elif kind == "comment_value_html" and rich is None:
            rich = value
    text_node = plain or rich
    if text_node is None:
        return None
    macro = node.value
    title = macro.get("title") if isinstance(macro.get("title"), str) else None
    ident = macro.get("id")
    suppressions = list(extra)
    description = node.get("description")
    if description is not None and isinstance(description.value, str):
        dm = _DIRECTIVE.search(description.value)
        if dm is not None:
            parsed = parse_directive(dm["body"], ("disable",))
            if isinstance(parsed, str):
                return LoadProblem(source, index.position(description.start)[0], parsed)
            suppressions.append(
                _suppression(index, source, description.start, description.end, parsed["disable"])
            )
    conv = {
        "id": str(ident) if ident is not None else (title or f"{source}:{line}"),
        "channel": channel,
    }
    return _finish(
        text, index, node, text_node, conv, label, source, mapper, suppressions,
        macro.get("noqa"), title, strip_html=text_node is not plain,
    )  # fmt: skip


_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)?[^>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]\w*);")
_BLOCK_TAGS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}


def _html_text(value: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """Text of an HTML comment: tags dropped (block tags become line breaks), entities
    decoded; offsets follow."""
    out: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    pos = 0
    for m in _TAG.finditer(value):
        out.append(value[pos : m.start()])
        o_starts.extend(starts[pos : m.start()])
        o_ends.extend(ends[pos : m.start()])
        token = m[0]
        if token.startswith("&"):
            decoded = html.unescape(token)
        elif (m[2] or "").lower() in _BLOCK_TAGS and (m[1] or m[2].lower() == "br"):
            decoded = "\n"
        else:
            decoded = ""
        if decoded:
            out.append(decoded)
            o_starts.extend([starts[m.start()]] * len(decoded))
            o_ends.extend([ends[m.end() - 1]] * len(decoded))
        pos = m.end()
    out.append(value[pos:])
    o_starts.extend(starts[pos:])
    o_ends.extend(ends[pos:])
    return "".join(out), o_starts, o_ends
