"""Fuzz targets, driven by hypothesis: the readers of untrusted files and the config
loaders.

* Readers (conversation JSONL, Markdown/YAML/JSON template collections, the logs of
  ``replylint report``) take any text and yield ``Item`` or ``LoadProblem``; they never
  raise, and every draft position they hand out resolves to a line and column.
* ``Config.from_mapping`` raises nothing but ``ConfigError``; neither does
  ``load_config_file`` on arbitrary bytes, nor building a linter from a config
  (phrase lists are compiled then).

Under ``HYPOTHESIS_PROFILE=ci`` the targets together run for well under a minute;
``HYPOTHESIS_PROFILE=soak`` runs 25 times as many examples. Any crash found becomes a
regression test at the end of this file.
"""

from __future__ import annotations

import atexit
import json
import shutil
import string
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from replylint import Config, ConfigError, Linter
from replylint.config_file import load_config_file
from replylint.loaders import Item, LoadProblem, decode, load_jsonl_text, load_stdin

from . import _hypothesis_profiles
from ._hypothesis_profiles import examples

assert _hypothesis_profiles.PROFILE  # registers and loads the profile

# -- building blocks ------------------------------------------------------------------------

_any_char = st.characters(codec=None, exclude_categories=())
_words = st.sampled_from(
    [
        "you people",
        "{{first_name}}",
        "\\ud800",
        "\\u0000",
        "\\n",
        "\\\\",
        '\\"',
        "😊",
        "\u200b",
        "\r",
        "\x00",
        "\ud800",
        "customer",
        "agent",
        "twitter",
        "draft",
        "messages",
    ]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=_any_char, max_size=20),
    _words,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), _words), inner, max_size=4),
    ),
    max_leaves=20,
)

_ROLES = st.one_of(st.sampled_from(["customer", "agent", "other"]), scalars)
_TIMES = st.one_of(
    st.sampled_from(
        [
            "2026-11-02T09:14:00Z",
            "2026-11-02T09:14:00+05:30",
            "2026-11-02",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            "not a date",
            "",
        ]
    ),
    scalars,
)
messages = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "role": _ROLES,
            "text": st.one_of(st.text(alphabet=_any_char, max_size=40), scalars),
            "author": scalars,
            "timestamp": _TIMES,
        },
    ),
    max_size=3,
)
drafts = st.one_of(
    st.text(alphabet=_any_char, max_size=60),
    st.fixed_dictionaries(
        {},
        optional={
            "text": st.one_of(st.text(alphabet=_any_char, max_size=60), scalars),
            "id": scalars,
            "author": scalars,
            "timestamp": _TIMES,
        },
    ),
    json_values,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": scalars,
        "channel": st.one_of(st.sampled_from(["twitter", "SMS", " email ", "fax", ""]), scalars),
        "brand": scalars,
        "brand_aliases": st.one_of(st.lists(scalars, max_size=3), scalars),
        "messages": st.one_of(messages, json_values),
        "draft": drafts,
        "facts": st.one_of(
            st.dictionaries(
                st.sampled_from(["complaint", "complaint_score", "anger", "bogus"]),
                scalars,
                max_size=3,
            ),
            scalars,
        ),
        "noqa": st.one_of(st.lists(scalars, max_size=3), scalars),
        "extra": json_values,
    },
)


def _dump(value: Any, ascii_only: bool) -> str:
    try:
        return json.dumps(value, ensure_ascii=ascii_only)
    except ValueError:  # NaN with allow_nan... never; circular never: keep it total
        return repr(value)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """``base`` with a few random edits: insert, delete or replace a character."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        ch = draw(st.sampled_from([*'{}[]":,\\\n\r\x00 ud8', "\ud800", "😊"]))
        if op == "insert":
            text = text[:i] + ch + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "replace":
            text = text[:i] + ch + text[i + 1 :]
        else:
            text = text[:i]
    return text


jsonl_lines = st.one_of(
    st.builds(_dump, records, st.booleans()),
    st.builds(_dump, json_values, st.booleans()),
    mutated(st.builds(_dump, records, st.booleans())),
    st.text(alphabet=_any_char, max_size=40),
)
jsonl_texts = st.lists(jsonl_lines, max_size=5).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\n\n"]).map(lambda sep: sep.join(lines))
)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_loaded(loaded: list[Any], text: str) -> None:
    """Only items and problems; every draft offset maps to a position."""
    n_lines = len(text.splitlines()) + 1  # CR, LS, PS... count as breaks too
    for thing in loaded:
        assert isinstance(thing, (Item, LoadProblem)), thing
        if isinstance(thing, LoadProblem):
            assert thing.message and str(thing)
            if thing.line is not None:
                assert 1 <= thing.line <= n_lines + 1, thing
            continue
        draft = thing.conversation.draft
        assert draft is not None
        assert isinstance(thing.label, str)
        for offset in {0, len(draft.text) // 2, len(draft.text), len(draft.text) + 1}:
            line, column = thing.position(offset)
            assert line >= 1 and column >= 1, (offset, line, column)
            line, column = thing.end_position(offset)
            assert line >= 1 and column >= 1, (offset, line, column)


FUZZ = settings(max_examples=examples(1_000, 100))

# -- readers ----------------------------------------------------------------------------------


@FUZZ
@given(text=jsonl_texts, channel=st.one_of(st.none(), st.sampled_from(["sms", "fax", ""])))
@example(text='{"draft": "x", "noqa": {"a": 1}}', channel=None)
@example(text='{"draft": {"text": "\\ud800"}, "messages": [{"role": "customer"}]}', channel=None)
@example(text='{"draft": "x"}\n' * 3, channel="")
@example(text="[1]\n" + '{"draft": "\\u0000"}', channel=None)
def test_jsonl_reader_never_raises(text: str, channel: str | None) -> None:
    loaded = list(load_jsonl_text(text, "fuzz.jsonl", channel))
    check_loaded(loaded, text)
    # stdin takes the same path when the text looks like JSONL
    if text.lstrip().startswith("{"):
        check_loaded(list(load_stdin(channel, stream=[text])), text)


@FUZZ
@given(data=st.binary(max_size=200) | st.builds(lambda t: t.encode("utf-16"), st.text(max_size=40)))
def test_decode_never_raises(data: bytes) -> None:
    text = decode(data, "fuzz.txt")
    if isinstance(text, LoadProblem):
        assert str(text).startswith("fuzz.txt")
    else:
        assert "\r" not in text


def _template_readers() -> dict[str, Callable[[str, str], Iterator[Any]]]:
    from replylint import templates

    return {
        "md": lambda text, source: templates.markdown_items(text, source),
        "yaml": lambda text, source: templates.yaml_items(text, source),
        "json": lambda text, source: templates.json_items(text, source),
    }


_md = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "# Title",
                "## Refund",
                "```",
                "```text",
                "<!-- replylint: disable=you-people -->",
                "<!-- replylint: channel=sms -->",
                "<!-- replylint: bogus -->",
                "<!--",
                "-->",
                "---",
                "> quote",
                "    indented",
                "You people {{first_name}}",
                "",
            ]
        ),
        st.text(alphabet=_any_char, max_size=30),
    ),
    max_size=8,
).map("\n".join)
_yaml = st.one_of(
    mutated(
        st.sampled_from(
            [
                "refund:\n  text: You people\n  channel: sms\n",
                "- name: a\n  text: |\n    You people\n    again\n",
                "a: >\n  folded\n  text\n# replylint: disable=you-people\nb: 'q''uoted'\n",
                'x: "esc\\u00e9 \\ud800 \\n"\n',
                "&a x: *a\n",
                "!!python/object:os.system x\n",
                "? [a, b]\n: c\n",
                "templates:\n  - text: hi\n    noqa: [you-people]\n",
            ]
        )
    ),
    st.text(alphabet=_any_char, max_size=60),
)
_json = st.one_of(
    st.builds(
        _dump,
        st.one_of(
            st.dictionaries(st.text(max_size=6), st.one_of(drafts, json_values), max_size=3),
            st.lists(st.one_of(records, drafts), max_size=3),
            st.fixed_dictionaries({"templates": st.lists(st.one_of(records, drafts), max_size=3)}),
        ),
        st.booleans(),
    ),
    mutated(st.builds(_dump, st.lists(records, max_size=2), st.booleans())),
)


@settings(max_examples=examples(1_000, 50))
@given(
    kind_text=st.one_of(
        st.tuples(st.just("md"), _md),
        st.tuples(st.just("yaml"), _yaml),
        st.tuples(st.just("json"), _json),
    )
)
def test_template_readers_never_raise(kind_text: tuple[str, str]) -> None:
    kind, text = kind_text
    loaded = list(_template_readers()[kind](text, f"fuzz.{kind}"))
    check_loaded(loaded, text)


_csv_header = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id"


@settings(max_examples=examples(500, 50))
@given(
    kind_text=st.one_of(
        st.tuples(st.just("jsonl"), jsonl_texts),
        st.tuples(
            st.just("twitter-csv"),
            st.lists(
                st.lists(
                    st.one_of(
                        st.text(alphabet=_any_char, max_size=12),
                        st.sampled_from(
                            ["True", "False", "1", "", '"', "Tue Oct 31 22:10:47 +0000 2017"]
                        ),
                    ),
                    max_size=8,
                ).map(",".join),
                max_size=5,
            ).map(lambda rows: "\n".join([_csv_header, *rows])),
        ),
        st.tuples(st.just("cdp-json"), _json),
    )
)
def test_log_readers_never_raise(kind_text: tuple[str, str]) -> None:
    from replylint import logs

    kind, text = kind_text
    reader = {
        "jsonl": logs.read_jsonl,
        "twitter-csv": logs.read_twitter_csv,
        "cdp-json": logs.read_cdp_json,
    }[kind]
    check_loaded(list(reader(text, f"fuzz.{kind}")), text)


# -- configuration ----------------------------------------------------------------------------

_KEYS = [
    "select",
    "ignore",
    "severity",
    "fail-on",
    "fail_on",
    "channel",
    "channels",
    "phrases",
    "marketing-ratio",
    "max-draft-chars",
    "max-messages",
    "per-file-ignores",
    "bogus",
]
_rule_names = st.sampled_from(["you-people", "too-long", "nope", "", "unused-suppression"])
_config_values = st.one_of(
    json_values,
    st.lists(_rule_names, max_size=3),
    st.dictionaries(
        _rule_names, st.sampled_from(["error", "warning", "info", "fatal"]), max_size=2
    ),
    st.dictionaries(
        st.sampled_from(["twitter", "sms", "pager", "Twitter"]),
        st.one_of(
            st.dictionaries(
                st.sampled_from(["public", "limit", "length", "response-minutes", "social", "x"]),
                scalars,
                max_size=3,
            ),
            scalars,
        ),
        max_size=2,
    ),
)
config_mappings = st.one_of(
    st.dictionaries(st.sampled_from(_KEYS), _config_values, max_size=4),
    json_values,
)


@settings(max_examples=examples(1_500, 100))
@given(data=config_mappings)
@example(data={"channels": {"twitter": {"limit": 10**40}}})
@example(data={"max-draft-chars": float("inf")})
@example(data={"channels": {"\ud800": {"public": True}}})
def test_config_from_mapping_raises_only_config_error(data: Any) -> None:
    try:
        config = Config.from_mapping(data)
    except ConfigError as exc:
        assert str(exc)
        return
    # a config that validates survives a JSON round trip (parallel workers rely on it),
    # unless a key holds a lone surrogate (API only: TOML cannot), which JSON turns to U+FFFD
    if _utf8(json.dumps(data, ensure_ascii=False, default=repr)):
        assert Config.model_validate_json(config.model_dump_json()) == config


_toml_lines = st.sampled_from(
    [
        "[tool.replylint]",
        "[tool]",
        "replylint = 1",
        'select = ["you-people"]',
        'ignore = "you-people"',
        "max-draft-chars = 10",
        "max-draft-chars = -1",
        "max-messages = 1e999",
        "[channels.sms]",
        "limit = 140",
        "[channels.pager]",
        "public = true",
        "[phrases]",
        'you-people = ["yous guys"]',
        'you-people = ["a? b?"]',
        'nonsense = ["x"]',
        "[severity]",
        'too-long = "fatal"',
        '"per-file-ignores" = {"*.md" = ["you-people"]}',
        "a = [",
        'b = """',
        "= 1",
        "",
    ]
)
toml_bytes = st.one_of(
    st.binary(max_size=120),
    st.lists(_toml_lines, max_size=8).map(lambda lines: "\n".join(lines).encode()),
    mutated(st.lists(_toml_lines, max_size=8).map("\n".join)).map(
        lambda t: t.encode("utf-8", "surrogatepass")
    ),
)

_TMP = Path(tempfile.mkdtemp(prefix="replylint-fuzz-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


@settings(max_examples=examples(1_000, 100))
@given(data=toml_bytes, name=st.sampled_from(["replylint.toml", "pyproject.toml"]))
@example(data=b"\xff\xfe", name="replylint.toml")
@example(data=b"[tool]\nreplylint = 3\n", name="pyproject.toml")
@example(data=b"[tool.replylint]\nselect = 3\n", name="pyproject.toml")
def test_config_file_raises_only_config_error(data: bytes, name: str) -> None:
    path = _TMP / name
    path.write_bytes(data)
    try:
        load_config_file(path)
    except ConfigError as exc:
        assert str(path) in str(exc)


_phrase_words = st.one_of(
    st.sampled_from(
        ["you", "people", "a?", "*", "*?", "?", "|", "a|", "|b", "=>", "-", "😊", "{{x}}", "it's"]
    ),
    st.text(alphabet=string.ascii_letters + "?|*-'", min_size=1, max_size=6),
    st.text(alphabet=_any_char, min_size=1, max_size=4),
)
phrases = st.lists(_phrase_words, min_size=0, max_size=6).map(" ".join)


@settings(max_examples=examples(50, 15))
@given(
    extra=st.dictionaries(
        st.sampled_from(["you-people", "promotion", "condescending", "no-such-list"]),
        st.lists(phrases, min_size=1, max_size=3),
        min_size=1,
        max_size=2,
    ),
    draft=st.text(alphabet=_any_char, max_size=40).map(lambda t: "you people " + t),
)
@example(extra={"you-people": ["?"]}, draft="you people")
@example(extra={"you-people": ["a? *?"]}, draft="a b")
@example(extra={"you-people": ["=> x"]}, draft="x")
def test_user_phrases_raise_only_config_error(extra: dict[str, list[str]], draft: str) -> None:
    """Phrase lists are compiled when a linter first lints: a bad phrase is a ConfigError,
    never a crash, and a good one never breaks spans."""
    try:
        linter = Linter(Config(phrases=extra, select=("you-people", "condescending-language")))
        report = linter.lint(draft.encode("utf-8", "replace").decode("utf-8"))
    except ConfigError as exc:
        assert str(exc)
        return
    text = draft.encode("utf-8", "replace").decode("utf-8")
    for v in report.violations:
        assert text[v.span.start : v.span.end] == v.span.text


_regex_pieces = st.sampled_from(
    [
        "a",
        "(",
        ")",
        "+",
        "*",
        "?",
        "|",
        "[",
        "]",
        "^",
        "$",
        "\\",
        "{2,}",
        "(?i)",
        "\\b",
        "\\p{L}",
        "(?<x>",
        "(?P=x)",
        "\\1",
        ".",
        "\\d",
        "you",
        " ",
        "(?r)",
        "\\X",
        "\ud800",
    ]
)
regex_patterns = st.lists(_regex_pieces, min_size=1, max_size=10).map("".join)


@settings(max_examples=examples(100, 20))
@given(
    pattern=st.one_of(regex_patterns, st.text(alphabet=_any_char, min_size=1, max_size=10)),
    draft=st.text(max_size=60),  # lone surrogates are test_robustness's business
)
@example(pattern="(a+)+$", draft="a" * 5_000 + "b")
@example(pattern="(?<x>a)(?P=x)", draft="aa")
def test_user_patterns_raise_only_config_error(pattern: str, draft: str) -> None:
    """House-rule regexes (``patterns``): invalid or catastrophic ones are a ConfigError
    (raised when the linter is built, or by the search's time limit), never a crash or
    a hang."""
    from replylint.config import PatternConfig

    try:
        config = Config(patterns={"house-rule": PatternConfig(pattern=pattern, message="no")})
        linter = Linter(config)
        report = linter.lint(draft)
    except ConfigError as exc:
        assert "patterns.house-rule" in str(exc)
        return
    for v in report.violations:
        assert draft[v.span.start : v.span.end] == v.span.text


# -- regressions found by fuzzing ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"draft": "You people \\ud800"}',  # a JSON escape that decodes to a lone surrogate
        '{"draft": {"text": "\\udfff\\ud800"}, "id": "x"}',
    ],
)
def test_surrogate_escapes_load(text: str) -> None:
    [item] = load_jsonl_text(text, "s.jsonl")
    assert isinstance(item, Item)
    check_loaded([item], text)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\r\x00",  # UTF-16 (LE, BOM) with a lone CR
        "\ufeffHi\r\nthere\r\n".encode("utf-16-le"),  # Notepad's "Unicode": CRLF
        "\ufeffHi\r\nthere".encode("utf-16-be"),
    ],
)
def test_utf16_line_breaks_are_normalised(data: bytes) -> None:
    """Found by ``test_decode_never_raises``: UTF-8 text has CRLF/CR turned into LF,
    UTF-16 text kept its CRs, so drafts and spans from Windows "Unicode" files carried
    ``\\r``."""
    text = decode(data, "win.txt")
    assert isinstance(text, str) and "\r" not in text
