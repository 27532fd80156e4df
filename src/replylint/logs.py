"""Reading exported conversation logs for training reports.

Three layouts are understood, each turned into :class:`~replylint.loaders.Item`
objects (a conversation whose ``draft`` is the reply being judged) and, for rows that
cannot be used, :class:`~replylint.loaders.LoadProblem` objects naming the row and what
is wrong — one bad row never loses the rest of the log:

- replylint's own conversation JSONL (one conversation per line, SPEC §1);
- the "Customer Support on Twitter" CSV layout (``tweet_id, author_id, inbound,
  created_at, text, response_tweet_id, in_response_to_tweet_id``): threads are rebuilt
  from the reply links and every outbound tweet becomes a draft whose context is the
  thread before it;
- the IBM Twitter CDP JSON layout (a JSON array of ``{agentURL, dialogContent,
  dialogHeader}`` records): the draft is ``agentURL.url_utterance``.

:func:`read_log` picks the reader by file suffix, then by content. ``.gz`` files are
decompressed on the fly.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .config import describe_validation_error
from .loaders import Item, LoadProblem, decode, load_jsonl_text, read_bytes
from .models import Conversation, Draft, Message

__all__ = [
    "LOG_FORMATS",
    "Loaded",
    "detect_format",
    "read_cdp_json",
    "read_jsonl",
    "read_log",
    "read_twitter_csv",
]

Loaded = Item | LoadProblem
Reader = Callable[[str, str], Iterator[Loaded]]
"""``reader(text, source)``: items and problems of one log's decoded text."""

CSV_COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
_CSV_REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "text")
_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"


# -- replylint conversation JSONL ------------------------------------------------------


def read_jsonl(text: str, source: str) -> Iterator[Loaded]:
    """Conversation JSONL (SPEC §1): one conversation with its draft per line."""
    yield from load_jsonl_text(text, source)


# -- "Customer Support on Twitter" CSV ------------------------------------------------


class _Tweet:
    __slots__ = ("author", "created", "inbound", "line", "parent", "text", "tweet_id")

    def __init__(
        self,
        tweet_id: str,
        author: str,
        inbound: bool,
        created: datetime | None,
        text: str,
        parent: str | None,
        line: int,
    ) -> None:
        self.tweet_id = tweet_id
        self.author = author
        self.inbound = inbound
        self.created = created
        self.text = text
        self.parent = parent
        self.line = line


def _parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in {"true", "1", "yes", "t"}:
        return True
    if v in {"false", "0", "no", "f"}:
        return False
    return None


def _parse_twitter_time(value: str) -> datetime | None:
    """``Tue Oct 31 22:10:47 +0000 2017`` (or ISO-8601) → aware datetime."""
    value = value.strip()
    try:
        return datetime.strptime(value, _TWITTER_TIME)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"created_at {value!r} is not a date like 'Tue Oct 31 22:10:47 +0000 2017'"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _clean_id(value: str | None) -> str:
    """Tweet ids as written; ``123.0`` (a spreadsheet round trip) → ``123``."""
    v = (value or "").strip()
    if v.endswith(".0") and v[:-2].isdigit():
        v = v[:-2]
    return v


def read_twitter_csv(text: str, source: str) -> Iterator[Loaded]:
    """Rebuild threads from a "Customer Support on Twitter" CSV; one item per outbound
    tweet, in file order, with the thread before it as context."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield LoadProblem(source, 1, f"header: {exc}")
        return
    missing = [c for c in _CSV_REQUIRED if c not in header]
    if missing:
        yield LoadProblem(
            source,
            1,
            f"header: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(expected {', '.join(CSV_COLUMNS)})",
        )
        return
    col = {name: header.index(name) for name in CSV_COLUMNS if name in header}

    tweets: dict[str, _Tweet] = {}
    order: list[_Tweet] = []
    children: dict[str, str] = {}
    row_number = 0
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_number += 1
            yield LoadProblem(source, line, f"row {row_number}: unreadable CSV ({exc})")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not row or all(not c.strip() for c in row):
            continue
        row_number += 1
        where = f"row {row_number}"
        if len(row) < len(header):
            yield LoadProblem(
                source,
                start,
                f"{where}: {len(row)} field{'s' if len(row) != 1 else ''}, expected "
                f"{len(header)} ({', '.join(header)})",
            )
            continue

        def get(name: str, row: list[str] = row) -> str:
            index = col.get(name)
            return row[index] if index is not None else ""

        tweet_id = _clean_id(get("tweet_id"))
        author = get("author_id").strip()
        inbound = _parse_bool(get("inbound"))
        problem = None
        if not tweet_id:
            problem = "tweet_id is empty"
        elif tweet_id in tweets:
            problem = f"tweet_id {tweet_id} repeats row {tweets[tweet_id].line}'s"
        elif not author:
            problem = "author_id is empty"
        elif inbound is None:
            problem = f"inbound is {get('inbound')!r}, expected True or False"
        created: datetime | None = None
        if problem is None and get("created_at").strip():
            try:
                created = _parse_twitter_time(get("created_at"))
            except ValueError as exc:
                problem = str(exc)
        if problem is not None:
            yield LoadProblem(source, start, f"{where}: {problem}")
            continue
        assert inbound is not None
        parent = _clean_id(get("in_response_to_tweet_id")) or None
        tweet = _Tweet(tweet_id, author, inbound, created, get("text"), parent, start)
        tweets[tweet_id] = tweet
        order.append(tweet)
        for child in get("response_tweet_id").split(","):
            child = _clean_id(child)
            if child:
                children.setdefault(child, tweet_id)

    for tweet in order:
        if tweet.inbound:
            continue
        yield _twitter_item(tweet, tweets, children, source)


def _thread_before(
    tweet: _Tweet, tweets: dict[str, _Tweet], children: dict[str, str]
) -> list[_Tweet]:
    """The chain of tweets ``tweet`` answers, oldest first (cycles and gaps stop it)."""
    chain: list[_Tweet] = []
    seen = {tweet.tweet_id}
    parent_id = tweet.parent or children.get(tweet.tweet_id)
    while parent_id and parent_id not in seen and parent_id in tweets:
        seen.add(parent_id)
        parent = tweets[parent_id]
        chain.append(parent)
        parent_id = parent.parent or children.get(parent_id)
    chain.reverse()
    return chain


def _twitter_item(
    tweet: _Tweet, tweets: dict[str, _Tweet], children: dict[str, str], source: str
) -> Loaded:
    brand = tweet.author
    messages = []
    for earlier in _thread_before(tweet, tweets, children):
        role: Literal["customer", "agent", "other"]
        if earlier.inbound:
            role = "customer"
        elif earlier.author.lower() == brand.lower():
            role = "agent"
        else:
            role = "other"
        messages.append(
            Message(
                role=role,
                author=f"@{earlier.author}",
                text=earlier.text,
                timestamp=earlier.created,
            )
        )
    conv = Conversation(
        id=tweet.tweet_id,
        channel="twitter",
        brand=f"@{brand}",
        messages=messages,
        draft=Draft(
            text=tweet.text, author=f"@{brand}", timestamp=tweet.created, id=tweet.tweet_id
        ),
    )
    return Item(conv, source, tweet.line)


# -- IBM Twitter CDP JSON --------------------------------------------------------------


def _json_array(text: str, source: str) -> Iterator[tuple[int, int, Any] | LoadProblem]:
    """``(index, line, value)`` for each element of a top-level JSON array, parsed one
    element at a time so each record knows its line; a syntax error ends the scan."""
    decoder = json.JSONDecoder()
    n = len(text)

    def skip(pos: int) -> int:
        while pos < n and text[pos] in " \t\n\r":
            pos += 1
        return pos

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    pos = skip(0)
    if pos >= n or text[pos] != "[":
        yield LoadProblem(source, line_of(pos), "expected a JSON array of conversations")
        return
    pos = skip(pos + 1)
    if pos < n and text[pos] == "]":
        return
    index = 0
    line, last = 1, 0
    while pos < n:
        index += 1
        line += text.count("\n", last, pos)
        last = pos
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield LoadProblem(
                source,
                exc.lineno,
                f"record {index}: invalid JSON: {exc.msg} (column {exc.colno}); "
                "the rest of the file was not read",
            )
            return
        yield index, line, value
        pos = skip(end)
        if pos < n and text[pos] == ",":
            pos = skip(pos + 1)
        elif pos < n and text[pos] == "]":
            return
        else:
            yield LoadProblem(
                source,
                line_of(pos),
                f"record {index}: expected ',' or ']' after it; the rest of the file was not read",
            )
            return
    yield LoadProblem(source, line_of(n), "unterminated JSON array (missing ']')")


def _cdp_conversation(record: Any, index: int) -> Conversation:
    """One CDP record → a conversation; raises ValueError naming the bad field."""
    if not isinstance(record, dict):
        raise ValueError(f"expected an object, got {type(record).__name__}")
    header = record.get("dialogHeader")
    if not isinstance(header, dict):
        raise ValueError("dialogHeader: missing or not an object")
    company = header.get("company")
    if not isinstance(company, str) or not company.strip():
        raise ValueError("dialogHeader.company: missing")
    agent = record.get("agentURL")
    if not isinstance(agent, dict):
        raise ValueError("agentURL: missing or not an object")
    utterance = agent.get("url_utterance")
    if not isinstance(utterance, str):
        raise ValueError("agentURL.url_utterance: missing (no reply to check)")
    content = record.get("dialogContent", [])
    if not isinstance(content, list):
        raise ValueError("dialogContent: not a list")
    messages: list[dict[str, Any]] = []
    for number, turn in enumerate(content, start=1):
        if not isinstance(turn, dict):
            raise ValueError(f"dialogContent[{number}]: not an object")
        text = turn.get("message")
        if not isinstance(text, str):
            raise ValueError(f"dialogContent[{number}].message: missing")
        if "client" in turn:
            role, who = "customer", turn["client"]
        elif "agent" in turn:
            role, who = "agent", turn["agent"]
        else:
            others = sorted(k for k in turn if k.startswith("client"))
            if not others:
                raise ValueError(f"dialogContent[{number}]: no client or agent field")
            role, who = "other", turn[others[0]]
        message: dict[str, Any] = {"role": role, "author": f"@{who}", "text": text}
        when = turn.get("datetime")
        if when:
            try:
                datetime.fromisoformat(str(when).replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(
                    f"dialogContent[{number}].datetime: {when!r} is not an ISO-8601 date"
                ) from None
            message["timestamp"] = when
        messages.append(message)
    return Conversation.model_validate(
        {
            "id": f"cdp-{index - 1:04d}",
            "channel": "twitter",
            "brand": f"@{company}",
            "messages": messages,
            "draft": {"text": utterance, "author": f"@{company}"},
        }
    )


def read_cdp_json(text: str, source: str) -> Iterator[Loaded]:
    """The IBM Twitter CDP layout: a JSON array of dialogs, each ending in the agent
    reply ``agentURL.url_utterance``. Conversation ids are ``cdp-0000``, ``cdp-0001``…
    by position, as in the converted JSONL."""
    for entry in _json_array(text, source):
        if isinstance(entry, LoadProblem):
            yield entry
            continue
        index, line, record = entry
        try:
            conv = _cdp_conversation(record, index)
        except ValidationError as exc:
            detail = describe_validation_error(exc, "").replace(": ", "", 1)
            yield LoadProblem(source, line, f"record {index}: {detail}")
            continue
        except ValueError as exc:
            yield LoadProblem(source, line, f"record {index}: {exc}")
            continue
        yield Item(conv, source, line)


# -- choosing a reader -----------------------------------------------------------------

LOG_FORMATS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "twitter-csv": read_twitter_csv,
    "cdp-json": read_cdp_json,
}
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "twitter-csv",
}


def detect_format(name: str, text: str) -> str | None:
    """The log format of a file called ``name`` holding ``text``: by suffix, then by
    its first character (``[`` → CDP JSON array, ``{`` → JSONL) or its CSV header."""
    suffix = Path(name).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text.lstrip()[:1]
    if head == "[":
        return "cdp-json"
    if head == "{":
        return "jsonl"
    first = text.split("\n", 1)[0].lower()
    if "tweet_id" in first and "inbound" in first:
        return "twitter-csv"
    return None


def read_log(path: str | Path, *, format: str | None = None) -> Iterator[Loaded]:
    """Items (conversations with their drafts) and problems of one exported log.

    ``format`` is one of :data:`LOG_FORMATS`; by default it is chosen by the file's
    suffix (``.jsonl``, ``.csv``, ``.json``; ``.gz`` is decompressed) and content.
    """
    path = Path(path)
    source = str(path)
    data = read_bytes(path, source)
    if isinstance(data, LoadProblem):
        yield data
        return
    name = path.name
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield LoadProblem(source, None, f"not a readable gzip file ({exc})")
            return
        name = name[:-3]
    text = decode(data, source)
    if isinstance(text, LoadProblem):
        yield text
        return
    chosen = format or detect_format(name, text)
    if chosen is None or chosen not in LOG_FORMATS:
        known = ", ".join(LOG_FORMATS)
        what = f"unknown log format {format!r}" if format else "cannot tell the log format"
        yield LoadProblem(
            source,
            None,
            f"{what} (known: {known}; expected .jsonl, a Twitter .csv or a CDP .json array)",
        )
        return
    yield from LOG_FORMATS[chosen](text, source)
