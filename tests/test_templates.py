"""Template files: every format loads, and every offset maps back into the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.loaders import Item, LoadProblem, load_jsonl_text, load_path
from replylint.templates import (
    json_items,
    json_string_offsets,
    markdown_items,
    parse_json_positions,
    yaml_items,
    yaml_string_offsets,
    yaml_tree,
)

yaml = pytest.importorskip("yaml")


def items(loaded: object) -> list[Item]:
    found = list(loaded)  # type: ignore[call-overload]
    problems = [p for p in found if isinstance(p, LoadProblem)]
    assert not problems, problems
    return found


def at(text: str, line: int, column: int) -> str:
    """The file text from a 1-based (line, column) on."""
    return text.split("\n")[line - 1][column - 1 :]


def check_positions(text: str, item: Item, phrase: str) -> None:
    """``phrase`` in the draft starts and ends where the file says it does."""
    draft = item.conversation.draft
    assert draft is not None
    start = draft.text.index(phrase)
    line, column = item.position(start)
    assert at(text, line, column).startswith(phrase[0])
    end_line, end_column = item.end_position(start + len(phrase))
    assert text.split("\n")[end_line - 1][end_column - 2] == phrase[-1]


# -- plain text ---------------------------------------------------------------------


def test_text_file_positions(tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Hello Ann,\n\nyou people again\n", encoding="utf-8")
    (item,) = items(load_path(f))
    assert item.position(12) == (3, 1)
    assert item.end_position(22) == (3, 11)


# -- Markdown -----------------------------------------------------------------------

MARKDOWN = """\
---
channel: sms
---
# Refund macros
Notes for the team: these go out by SMS.
<!-- replylint: disable=too-long -->

## Refund delay
<!-- replylint: disable=jargon -->
Hi {{first_name}}, sorry, you people
waited too long.

## Wrong charge ##
```
## not a heading inside a fence
```
Your refund of £12 is on its way.
### A sub-heading stays in the template
More text.
"""


def test_markdown_sections() -> None:
    found = items(markdown_items(MARKDOWN, "m.md"))
    assert [i.name for i in found] == ["Refund delay", "Wrong charge"]
    first, second = found
    assert first.conversation.draft is not None and second.conversation.draft is not None
    assert first.conversation.draft.text == "Hi {{first_name}}, sorry, you people\nwaited too long."
    assert first.conversation.channel == "sms"
    assert first.line == 8 and second.line == 13
    assert "## not a heading" in second.conversation.draft.text
    assert "A sub-heading" in second.conversation.draft.text
    check_positions(MARKDOWN, first, "you people")
    check_positions(MARKDOWN, second, "£12")
    # the preamble's comment applies to every section, the section's own only to it
    assert first.ignore == {"too-long", "jargon"}
    assert second.ignore == {"too-long"}
    assert [s.line for s in first.suppressions] == [6, 9]


def test_markdown_single_template_with_title() -> None:
    text = (
        "# Outage apology\n\n<!-- replylint: channel=email -->\nSorry, you people\nare affected.\n"
    )
    (item,) = items(markdown_items(text, "one.md"))
    assert item.name == "Outage apology"
    assert item.conversation.id == "one.md"
    assert item.conversation.channel == "email"
    assert item.conversation.draft is not None
    assert item.conversation.draft.text == "Sorry, you people\nare affected."
    check_positions(text, item, "you people")


def test_markdown_comment_inside_text_is_cut_out_and_mapped() -> None:
    text = "Hello <!-- internal note --> you people, bye\n"
    (item,) = items(markdown_items(text, "x.md"))
    assert item.conversation.draft is not None
    assert item.conversation.draft.text == "Hello  you people, bye"
    check_positions(text, item, "you people")


def test_markdown_bad_directive_is_a_problem() -> None:
    found = list(markdown_items("<!-- replylint: disabel=too-long -->\nHello\n", "x.md"))
    problems = [p for p in found if isinstance(p, LoadProblem)]
    assert problems and problems[0].line == 1 and "disabel" in problems[0].message


# -- YAML ---------------------------------------------------------------------------

YAML = """\
# replylint: disable=too-long
templates:
  - id: refund
    channel: sms
    text: "Caf\\u00e9 note:\\n you people \\"again\\" \\U0001F600 ok"
  - id: literal
    # replylint: disable=jargon
    text: |
      Hello there,
        you people
      bye
  - id: folded
    noqa: [you-people]
    text: >-
      Line one
      you people

      para two
  - id: plain
    text: this is
      plain you people
    context: "@TelcoCare my internet is down again"
    brand: "@TelcoCare"
  - id: single
    text: 'it''s
      you people'
"""


def test_yaml_collection() -> None:
    found = items(yaml_items(YAML, "t.yaml"))
    assert [i.conversation.id for i in found] == ["refund", "literal", "folded", "plain", "single"]
    texts = [i.conversation.draft.text for i in found if i.conversation.draft]
    assert texts[0] == 'Café note:\n you people "again" 😀 ok'
    assert texts[1] == "Hello there,\n  you people\nbye"
    assert texts[2] == "Line one you people\npara two"
    assert texts[3] == "this is plain you people"
    assert texts[4] == "it's you people"
    for item in found:
        check_positions(YAML, item, "you people")
    refund, literal, folded, plain, single = found
    emoji = YAML.split("\n")[4].index("\\U0001F600") + 1
    assert refund.position(texts[0].index("😀")) == (5, emoji)
    assert refund.end_position(texts[0].index("😀") + 1) == (5, emoji + 10)
    assert refund.conversation.channel == "sms"
    assert plain.conversation.brand == "@TelcoCare"
    assert [m.text for m in plain.conversation.messages] == ["@TelcoCare my internet is down again"]
    assert refund.ignore == {"too-long"}
    assert literal.ignore == {"too-long", "jargon"}
    assert folded.ignore == {"too-long", "you-people"}
    assert single.line == 24


def test_yaml_top_level_list_and_context_list() -> None:
    text = (
        "- id: 7\n  text: Hi you people\n  channel: twitter\n"
        "  context:\n    - first message\n    - role: agent\n      text: earlier reply\n"
    )
    (item,) = items(yaml_items(text, "l.yml"))
    assert item.conversation.id == "7"
    assert [m.role for m in item.conversation.messages] == ["customer", "agent"]
    check_positions(text, item, "you people")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- id: a\n  txt: hello\n", "[0].txt: unknown key"),
        ("- id: a\n  chanel: sms\n  text: hi\n", "[0].chanel: unknown key"),
        ("- id: a\n  text: [1, 2]\n", "[0].text: Input should be a valid string"),
        ("- id: a\n  text: hi\n  context: {mesages: []}\n", "[0].context: unknown key 'mesages'"),
        ("templates: {a: 1}\n", "templates: expected a list"),
        ("just a string\n", "expected a list of templates"),
        ("- id: a\n  text: 'unclosed\n", "invalid YAML"),
    ],
)
def test_yaml_problems(text: str, expected: str) -> None:
    found = list(yaml_items(text, "bad.yaml"))
    problems = [p for p in found if isinstance(p, LoadProblem)]
    assert problems and expected in problems[0].message, problems
    assert problems[0].line is not None


def test_yaml_bad_record_does_not_lose_the_rest() -> None:
    text = "- id: a\n  txt: hello\n- id: b\n  text: you people\n"
    found = list(yaml_items(text, "x.yaml"))
    assert isinstance(found[0], LoadProblem) and found[0].line == 1
    assert isinstance(found[1], Item) and found[1].conversation.id == "b"


_TEXT = st.text(
    alphabet=st.sampled_from(list("ab yé 'x\"\\:#-\n\t😀{}"))
    | st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(
    text=_TEXT,
    style=st.sampled_from([None, '"', "'", "|", ">"]),
    width=st.integers(8, 80),
    nested=st.booleans(),
)
def test_yaml_offsets_follow_what_yaml_reads(
    text: str, style: str | None, width: int, nested: bool
) -> None:
    """Whatever PyYAML writes — quoted, folded, literal, with indentation indicators —
    each character maps to the file character it came from (or to the escape or line
    break that produced it)."""
    data = {"templates": [{"text": text}]} if nested else [{"text": text}]
    source = yaml.safe_dump(data, default_style=style, width=width, allow_unicode=True)
    root = yaml_tree(source)
    assert root is not None
    records = root.get("templates") if nested else root
    assert records is not None and isinstance(records.items, list)
    node = records.items[0].get("text")
    assert node is not None and node.value == text
    mapped = yaml_string_offsets(source, node)
    assert mapped is not None, (node.style, source)
    starts, ends = mapped
    assert len(starts) == len(ends) == len(text)
    for char, start, end in zip(text, starts, ends):
        raw = source[start:end]
        assert start < end
        if raw == char:
            continue
        assert raw.startswith("\\") or raw == "\n" or raw == "''", (char, raw)


# -- JSON ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, ascii_only=st.booleans())
def test_json_offsets_follow_escapes(text: str, ascii_only: bool) -> None:
    source = json.dumps({"a": [1, {"text": text}]}, ensure_ascii=ascii_only, indent=1)
    root = parse_json_positions(source)
    assert root.value == json.loads(source)
    a = root.get("a")
    assert a is not None
    obj = a.get(1)
    assert obj is not None
    node = obj.get("text")
    assert node is not None
    mapped = json_string_offsets(source, node)
    assert mapped is not None
    for char, start, end in zip(text, *mapped):
        raw = source[start:end]
        assert raw == char or json.loads(f'"{raw}"') == char


JSON = json.dumps(
    [
        {"id": "refund", "channel": "sms", "text": "Caf\u00e9\nyou people \U0001f600"},
        {"id": 2, "text": "Hi", "noqa": "too-long, you-people"},
    ],
    indent=2,
)


def test_json_collection() -> None:
    first, second = items(json_items(JSON, "t.json"))
    assert first.conversation.draft is not None
    assert first.conversation.draft.text == "Café\nyou people 😀"
    assert "\\u00e9" in JSON  # ensure_ascii: the file holds escapes
    line, column = first.position(first.conversation.draft.text.index("you"))
    assert at(JSON, line, column).startswith("you people \\ud83d")
    end = first.end_position(len(first.conversation.draft.text))
    assert at(JSON, *end).startswith('"')  # just after the 12-character surrogate pair
    assert second.conversation.id == "2"
    assert second.ignore == {"too-long", "you-people"}
    (supp,) = second.suppressions
    assert supp.text.startswith('"noqa"') and supp.line == 10


def test_json_conversation_records() -> None:
    text = json.dumps(
        {
            "templates": [
                {
                    "id": "c1",
                    "channel": "twitter",
                    "messages": [{"role": "customer", "text": "my bill is wrong"}],
                    "draft": {"text": "Sorry, you people"},
                }
            ]
        }
    )
    (item,) = items(json_items(text, "c.json"))
    assert item.conversation.messages[0].text == "my bill is wrong"
    check_positions(text, item, "you people")


ZENDESK = json.dumps(
    {
        "macros": [
            {
                "id": 360001,
                "title": "Refund::Delayed",
                "description": "Apology for a late refund",
                "active": True,
                "actions": [
                    {"field": "status", "value": "pending"},
                    {
                        "field": "comment_value",
                        "value": "Hi {{ticket.requester.first_name}},\nyou people \u00e9",
                    },
                    {
                        "field": "comment_value_html",
                        "value": "<p>ignored when plain text exists</p>",
                    },
                ],
            },
            {
                "id": 360002,
                "title": "HTML only",
                "description": "replylint: disable=too-long",
                "actions": [
                    {
                        "field": "comment_value_html",
                        "value": "<p>Hi &amp; welcome, you people</p><p>Bye</p>",
                    }
                ],
            },
            {"id": 360003, "title": "Close", "actions": [{"field": "status", "value": "solved"}]},
            {
                "id": 360004,
                "title": "Channel form",
                "actions": [
                    {"field": "comment_value", "value": ["channel:all", "Hello you people"]}
                ],
            },
        ],
        "count": 4,
    },
    indent=2,
)


def test_zendesk_macros() -> None:
    found = items(json_items(ZENDESK, "macros.json"))
    assert [i.conversation.id for i in found] == ["360001", "360002", "360004"]
    assert [i.name for i in found] == ["Refund::Delayed", "HTML only", "Channel form"]
    first, html_only, _listed = found
    assert first.conversation.draft is not None and html_only.conversation.draft is not None
    assert first.conversation.draft.text.endswith("you people é")
    assert html_only.conversation.draft.text == "Hi & welcome, you people\nBye"
    for item in found:
        check_positions(ZENDESK, item, "you people")
    assert html_only.ignore == {"too-long"}


def test_zendesk_single_macro_export() -> None:
    text = json.dumps(
        {
            "macro": {
                "id": 1,
                "title": "T",
                "actions": [{"field": "comment_value", "value": "Hi you people"}],
            }
        }
    )
    (item,) = items(json_items(text, "one.json"))
    check_positions(text, item, "you people")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "invalid JSON"),
        ("", "empty file"),
        (" \n\t\n", "empty file"),
        ('{"foo": 1}', "expected a list of templates"),
        ('[{"id": "a"}]', "[0].text: Field required"),
        ('[{"id": "a", "text": "hi", "noqa": 3}]', "noqa"),
        ('{"macros": [{"id": 1, "title": "x"}]}', "actions: expected a list"),
    ],
)
def test_json_problems(text: str, expected: str) -> None:
    found = list(json_items(text, "bad.json"))
    problems = [p for p in found if isinstance(p, LoadProblem)]
    assert problems and expected in problems[0].message, problems


# -- JSONL ---------------------------------------------------------------------------


def test_jsonl_columns_point_into_the_line() -> None:
    record = {
        "id": "a",
        "channel": "twitter",
        "draft": {"text": "Caf\u00e9 \u2014 you people"},
        "noqa": ["too-long"],
    }
    line = json.dumps(record)
    (item,) = items(load_jsonl_text("\n" + line + "\n", "log.jsonl"))
    assert item.line == 2
    assert item.conversation.draft is not None
    start = item.conversation.draft.text.index("you")
    assert item.position(start) == (2, line.index("you") + 1)
    assert item.end_position(start + 10) == (2, line.index("you") + 11)
    (supp,) = item.suppressions
    assert supp.rules == ("too-long",) and supp.text.startswith('"noqa"')


def test_loaders_are_chosen_by_suffix(tmp_path: Path) -> None:
    for name, body in [
        ("a.md", "Hello you people\n"),
        ("b.markdown", "Hello you people\n"),
        ("c.yaml", "- text: Hello you people\n"),
        ("d.yml", "- text: Hello you people\n"),
        ("e.json", '[{"text": "Hello you people"}]'),
    ]:
        f = tmp_path / name
        f.write_text(body, encoding="utf-8")
        (item,) = items(load_path(f))
        assert item.source == str(f)
        check_positions(body, item, "you people")


# -- the examples in docs/templates.md load as documented -------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "templates.md"


def doc_blocks(language: str) -> list[str]:
    import re

    return re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


def test_docs_examples_load() -> None:
    loaders = {"yaml": yaml_items, "json": json_items, "markdown": markdown_items}
    counts = {}
    for language, loader in loaders.items():
        blocks = doc_blocks(language)
        assert blocks, language
        for block in blocks:
            found = items(loader(block, f"doc.{language}"))
            assert found, block
            for item in found:
                for supp in item.suppressions:
                    assert all(" " not in r and "#" not in r for r in supp.rules), supp
            counts[language] = counts.get(language, 0) + len(found)
    assert counts == {"yaml": 3, "json": 3, "markdown": 3}


@pytest.mark.parametrize("style", ["|", ">"])
@pytest.mark.parametrize("text", ["\xa0", "\xa0a", "a\n\xa0\nb", "\u3000"])
def test_yaml_block_lines_of_other_whitespace_are_content(text: str, style: str) -> None:
    """YAML indents with spaces only: a block line holding a no-break space is text."""
    source = yaml.safe_dump([{"text": text}], default_style=style, allow_unicode=True)
    root = yaml_tree(source)
    assert root is not None and isinstance(root.items, list)
    node = root.items[0].get("text")
    assert node is not None and node.value == text
    mapped = yaml_string_offsets(source, node)
    assert mapped is not None
    starts, _ = mapped
    assert "".join(source[i] for i in starts if source[i] != "\n") == text.replace("\n", "")
