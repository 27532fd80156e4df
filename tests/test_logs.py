"""Log readers: replylint JSONL, the Customer Support on Twitter CSV, the CDP JSON."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from replylint.loaders import Item, LoadProblem
from replylint.logs import detect_format, read_log
from replylint.models import Conversation

from .conftest import shared_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "logs"


def split(path: Path | str, **kw: str) -> tuple[list[Item], list[LoadProblem]]:
    items: list[Item] = []
    problems: list[LoadProblem] = []
    for thing in read_log(path, **kw):
        (problems if isinstance(thing, LoadProblem) else items).append(thing)  # type: ignore[arg-type]
    return items, problems


def by_id(items: list[Item]) -> dict[str, Conversation]:
    return {str(i.conversation.id): i.conversation for i in items}


# -- conversation JSONL ---------------------------------------------------------------


def test_jsonl_reads_good_lines_and_names_the_bad_one() -> None:
    items, problems = split(FIXTURES / "conversations-sample.jsonl")
    assert [i.conversation.id for i in items] == ["s-1", "s-2", "s-4", "s-5"]
    assert [i.line for i in items] == [1, 2, 4, 5]
    assert len(problems) == 1
    assert problems[0].line == 3 and "invalid JSON" in problems[0].message
    s1 = by_id(items)["s-1"]
    assert s1.draft is not None and s1.draft.author == "agent-7"
    assert s1.messages[0].role == "customer"


# -- Customer Support on Twitter CSV --------------------------------------------------


def test_twitter_csv_outbound_tweets_become_drafts_with_their_thread() -> None:
    items, _ = split(FIXTURES / "twcs-sample.csv")
    convs = by_id(items)
    assert list(convs) == ["102", "104", "202", "203", "401"]
    c = convs["104"]
    assert c.channel == "twitter" and c.brand == "@TelcoCare"
    assert [(m.role, m.author) for m in c.messages] == [
        ("customer", "@cust_ann"),
        ("agent", "@TelcoCare"),
        ("customer", "@cust_ann"),
    ]
    # a quoted field spanning two lines keeps its newline
    assert c.messages[2].text == "@TelcoCare done, sent it.\nStill nothing working here"
    assert c.messages[0].timestamp == datetime(2026, 11, 2, 9, 14, tzinfo=timezone.utc)
    assert c.draft is not None
    assert c.draft.text.startswith("@cust_ann You people")
    assert c.draft.author == "@TelcoCare" and c.draft.id == "104"
    assert c.draft.timestamp == datetime(2026, 11, 2, 9, 40, tzinfo=timezone.utc)


def test_twitter_csv_several_replies_to_one_tweet_share_its_context() -> None:
    items, _ = split(FIXTURES / "twcs-sample.csv")
    convs = by_id(items)
    for tweet_id in ("202", "203"):
        assert [m.text[:20] for m in convs[tweet_id].messages] == ["@TelcoCare how much "]
    # the tweet answered is not in the export: no context, not an error
    assert convs["401"].messages == []


def test_twitter_csv_bad_rows_name_row_and_problem_and_rest_is_read() -> None:
    items, problems = split(FIXTURES / "twcs-sample.csv")
    assert len(items) == 5
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (10, "row 8"),
        (11, "row 9"),
        (12, "row 10"),
    ]
    assert "inbound is 'maybe'" in problems[0].message
    assert "created_at 'yesterday'" in problems[1].message
    assert "3 fields, expected 7" in problems[2].message


def test_twitter_csv_rebuilds_threads_from_response_ids_alone(tmp_path: Path) -> None:
    log = tmp_path / "export.csv"
    log.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "1,c1,True,Tue Oct 31 22:10:47 +0000 2017,@Brand hi there,2,\n"
        "2,Brand,False,Tue Oct 31 22:11:47 +0000 2017,@c1 hello!,,\n",
        encoding="utf-8",
    )
    items, problems = split(log)
    assert problems == []
    assert [m.text for m in items[0].conversation.messages] == ["@Brand hi there"]


def test_twitter_csv_missing_column_is_one_clear_problem(tmp_path: Path) -> None:
    log = tmp_path / "export.csv"
    log.write_text("tweet_id,author_id,text\n1,a,hi\n", encoding="utf-8")
    items, problems = split(log)
    assert items == []
    assert len(problems) == 1 and problems[0].line == 1
    assert "missing columns inbound, created_at" in problems[0].message


def test_twitter_csv_duplicate_id_and_reply_cycle(tmp_path: Path) -> None:
    log = tmp_path / "export.csv"
    log.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "1,c1,True,,@B loop,,2\n"
        "2,B,False,,@c1 reply,,1\n"
        "2,B,False,,@c1 again,,1\n",
        encoding="utf-8",
    )
    items, problems = split(log)
    assert [m.text for m in items[0].conversation.messages] == ["@B loop"]
    assert len(problems) == 1 and "row 3: tweet_id 2 repeats" in problems[0].message


# -- IBM Twitter CDP JSON -------------------------------------------------------------


def test_cdp_json_records_become_conversations() -> None:
    items, _ = split(FIXTURES / "cdp-sample.json")
    convs = by_id(items)
    assert list(convs) == ["cdp-0000", "cdp-0001", "cdp-0004"]
    c = convs["cdp-0001"]
    assert c.brand == "@TelcoCare" and c.channel == "twitter"
    assert [(m.role, m.author) for m in c.messages] == [
        ("customer", "@shopgirl22"),
        ("agent", "@TelcoCare"),
        ("other", "@neighbour_ed"),
    ]
    assert c.draft is not None
    assert c.draft.text == "@shopgirl22 How could I be of service to you today?"
    assert c.draft.author == "@TelcoCare"


def test_cdp_json_bad_records_name_record_line_and_field() -> None:
    _, problems = split(FIXTURES / "cdp-sample.json")
    assert [(p.line, p.message) for p in problems] == [
        (62, "record 3: agentURL.url_utterance: missing (no reply to check)"),
        (69, "record 4: dialogContent[1].datetime: 'not a date' is not an ISO-8601 date"),
    ]


def test_cdp_json_truncated_file_keeps_records_before_the_break(tmp_path: Path) -> None:
    text = (FIXTURES / "cdp-sample.json").read_text(encoding="utf-8")
    cut = text.index(
        '"dialogHeader": {\n            "company": "TelcoCare",\n            '
        '"conversationDateTime": "2026-10-31'
    )
    log = tmp_path / "cut.json"
    log.write_text(text[:cut], encoding="utf-8")
    items, problems = split(log)
    assert [i.conversation.id for i in items] == ["cdp-0000"]
    assert len(problems) == 1 and problems[0].message.startswith("record 2: invalid JSON")


def test_cdp_json_matches_the_converted_dev_jsonl() -> None:
    """The reader gives the same conversations as the shared, already converted JSONL."""
    json_items, problems = split(shared_file("data", "twitter-care-dev.json"))
    assert problems == []
    jsonl_items, _ = split(shared_file("data", "twitter-care-dev.jsonl"))
    assert len(json_items) == len(jsonl_items) == 525
    for a, b in zip(json_items, jsonl_items):
        assert a.conversation.model_dump() == b.conversation.model_dump()


# -- choosing the reader --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("log.jsonl", "[]", "jsonl"),
        ("log.csv", "{}", "twitter-csv"),
        ("log.json", "  [\n{}]", "cdp-json"),
        ("log.json", '{"draft": "x"}\n', "jsonl"),
        ("export", "tweet_id,author_id,inbound,created_at,text\n", "twitter-csv"),
        ("notes.txt", "hello", None),
    ],
)
def test_detect_format(name: str, text: str, expected: str | None) -> None:
    assert detect_format(name, text) == expected


def test_gzip_logs_are_read(tmp_path: Path) -> None:
    raw = (FIXTURES / "cdp-sample.json").read_bytes()
    log = tmp_path / "week.json.gz"
    log.write_bytes(gzip.compress(raw, mtime=0))
    items, _ = split(log)
    assert len(items) == 3


def test_unreadable_inputs_are_problems_not_exceptions(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("just words", encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps({"not": "an array"}) + "x", encoding="utf-8")
    for name, expected in [
        ("notes.txt", "cannot tell the log format"),
        ("missing.csv", "cannot read"),
        (".", "is a directory"),
    ]:
        items, problems = split(tmp_path / name)
        assert items == [] and len(problems) == 1, name
        assert expected in problems[0].message
    _, problems = split(tmp_path / "bad.json")
    assert problems and problems[0].line == 1


def test_explicit_format_overrides_detection(tmp_path: Path) -> None:
    log = tmp_path / "week.txt"
    log.write_bytes((FIXTURES / "cdp-sample.json").read_bytes())
    items, _ = split(log, format="cdp-json")
    assert len(items) == 3
