"""The fourth round of cheap paths in ``too-long`` and ``private-channel`` agree with
what they stand for.

* ``too-long``: the bound with a target stops as soon as it is within (23 for every dot,
  then 23 for every dot outside whole-URL words) and is still never below the length;
  the whole-URL words are those the reading through ``url_scheme_length`` and
  ``_url_to_end`` found; the leading @mentions are only looked for where the pattern can
  match; the rule flags exactly the drafts whose length is over the limit.
* ``private-channel``: the one-pass test for a digit right after a dot, a colon or
  "port " answers what the former cues answered.
"""

from __future__ import annotations

import random
import sys

import regex
from hypothesis import given
from hypothesis import strategies as st

import tests._hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from replylint import Linter
from replylint.lengths import (
    _LEADING_MENTIONS,
    _SPLIT_ONLY,
    _WORD_BREAKS,
    _url_to_end,
    _whole_url_words,
    twitter_length,
    twitter_upper_bound,
)
from replylint.rules.private_channel import (
    _IP_OR_PORT,
    _LOWER_DIGITS_AS_ZERO,
    _UNKNOWN_AS_ZERO,
    _cues,
    _may_hold_ip_or_port,
)

# -- too-long --------------------------------------------------------------------------

_URL_PIECES = [
    " ", " ", " ", "\n", "\t", "\xa0", "\u2028", "\u3000", "\x1c", "\x1f", "\x85",
    ".", ". ", ".\n", "..", ",", ")", "(", "!", "?", "…", '"', "<", ">", ":", "/", "&amp;",
    "&#46;", "a", "Z", "é", "İ", "ſ", "\u212a", "订", "👍", "©", "\u200d",
    "@ann ", "@ann", "@bob_9 ", " @cy ", "@" + "x" * 31,
    "https://", "http://", "HTTPS://", "hTtP://", "https:/", "://", "xhttps://", "(https://",
    "www.", "WWW.", "www.://", "wWw.://x", "http://é", "https://é", "http://x", "https://a.co",
    "https://web.archive.org/web/20200401224734/https://support.google.com/yt/answer/1",
    "http://amzn.to/NAYourOrders", "a.co", "x.co/p", "e.g.", "etc.)",
]  # fmt: skip


def _url_text(rng: random.Random) -> str:
    return "".join(rng.choice(_URL_PIECES) for _ in range(rng.randint(1, 18)))


_url_texts = st.lists(st.sampled_from(_URL_PIECES) | st.text(max_size=3), max_size=30).map("".join)


def _reference_whole_url_words(text: str) -> list[tuple[int, int]]:
    """``_whole_url_words`` as it read the scheme before: through ``_url_to_end``."""
    spans: list[tuple[int, int]] = []
    i = text.find("://")
    while i >= 0:
        start = i - 5 if i >= 5 and text[i - 5 : i].lower() == "https" else i - 4
        before = text[start - 1] if start > 0 else ""
        if start == 0 or (start > 0 and before.isspace() and before not in _SPLIT_ONLY):
            end = text.find(" ", i)
            if end < 0:
                end = len(text)
            word = text[start:end]
            if word.isprintable() and "." in word and _url_to_end(word):
                spans.append((start, end))
                i = text.find("://", end)
                continue
        i = text.find("://", i + 3)
    return spans


def _check_bound(text: str) -> None:
    assert _whole_url_words(text) == _reference_whole_url_words(text), text
    length = twitter_length(text)
    bound = twitter_upper_bound(text)
    assert bound >= length, text
    # With a target, each step is only taken while the bound is above it: whatever the
    # target, the bound is never below the length, and a bound within the target says
    # the length is.
    for within in {0, length - 1, length, length + 1, length + 23, bound, bound - 1, 280, 10**6}:
        assert twitter_upper_bound(text, within) >= length, (text, within)
    # The leading mentions are only looked for after "@" or whitespace, where the
    # pattern can match.
    if _LEADING_MENTIONS.match(text):
        assert text[:1] == "@" or text[:1].isspace(), text


def test_twitter_bound_steps_are_never_below_the_length() -> None:
    rng = random.Random(41)
    for _ in range(4000):
        _check_bound(_url_text(rng))


@given(_url_texts)
def test_twitter_bound_steps_on_any_text(text: str) -> None:
    _check_bound(text)


def test_twitter_bound_steps_stop_where_they_should() -> None:
    url = "https://web.archive.org/web/20200401224734/https://support.google.com/yt/answer/1"
    # 23 for each dot already fits: no URL is looked for (and the bound says so).
    short = "@ann Thanks. See you soon."
    assert twitter_upper_bound(short, 280) == len(short) + 2 * 23
    # A long link word makes the text longer than 280; counted 23 it fits.
    draft = "@someone " + "Sorry for the trouble. " * 9 + url
    assert len(draft) > 280 >= twitter_upper_bound(draft, 280) >= twitter_length(draft)
    # Without a target the bound is the same as before: the length on the usual shapes,
    # leading mentions left out (after whitespace too).
    for text in (f"@ann @bob Here's how: {url} Hope this helps", f"\n @ann Thanks, {url}"):
        assert twitter_upper_bound(text) == twitter_length(text), text


def test_word_breaks_are_whitespace_but_split_only() -> None:
    spaces = {chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace()}
    assert spaces - set(_SPLIT_ONLY) == _WORD_BREAKS
    # Every character the mentions pattern takes for whitespace is one ``str.isspace``
    # holds for: a text the pattern matches starts with "@" or such a character.
    space = regex.compile(r"\s")
    assert all(chr(cp).isspace() for cp in range(sys.maxunicode + 1) if space.match(chr(cp)))


def _near_limit(rng: random.Random) -> str:
    url = rng.choice(["https://x.co/a", "https://web.archive.org/web/2020/https://a.com/b", "a.co"])
    words = ["Sorry", "for", "the", "wait.", "DM", "us", url, "@ann", "e.g.", "订", "👍", "&amp;"]
    text = "@bob "
    while len(text) < rng.randint(200, 420):
        text += rng.choice(words) + " "
    return text


def test_too_long_flags_the_drafts_over_the_limit() -> None:
    rng = random.Random(42)
    linter = Linter(select=["too-long"])
    texts = [_near_limit(rng) for _ in range(150)]
    for text, report in zip(
        texts,
        linter.lint_many([{"channel": "twitter", "brand": "@Brand", "draft": t} for t in texts]),
    ):
        length = twitter_length(text)
        assert [v.rule for v in report.violations] == (["too-long"] if length > 280 else []), text
        for v in report.violations:
            assert f"Draft is {length} weighted characters long" in v.message, text


# -- private-channel ------------------------------------------------------------------

_IP_PIECES = [
    " ", "\xa0", "\n", ".", ":", "?", "’", "…", "0", "1", "10", "٣", "١٢", "port ", "PORT ",
    "Port\xa0", "İport 8", "port ?", ".?", ":?", "v1.2", "10: ", "10.10.1.1", "x.co:8080",
    "mms.example.com:٨٠٠٢", "https://web.archive.org/web/2020/https://a.com/b", "a", "Z",
]  # fmt: skip


def _reference_may_hold_ip_or_port(text: str) -> bool:
    """The pre-check as it was: the cues looked for one by one."""
    if text.isascii():
        return _cues(text.encode("ascii").translate(_LOWER_DIGITS_AS_ZERO), text)
    folded = text.replace("\xa0", " ").encode("ascii", "replace").translate(_LOWER_DIGITS_AS_ZERO)
    if _cues(folded, text):
        return True
    if not _cues(folded.translate(_UNKNOWN_AS_ZERO), text):
        return False
    return _IP_OR_PORT.search(text) is not None


def _check_ip_or_port(text: str) -> None:
    assert _may_hold_ip_or_port(text) == _reference_may_hold_ip_or_port(text), text
    if _IP_OR_PORT.search(text):
        assert _may_hold_ip_or_port(text), text


def test_ip_or_port_quick_pass_agrees_with_the_cues() -> None:
    rng = random.Random(44)
    for _ in range(6000):
        _check_ip_or_port("".join(rng.choice(_IP_PIECES) for _ in range(rng.randint(1, 12))))


@given(st.lists(st.sampled_from(_IP_PIECES) | st.text(max_size=3), max_size=20).map("".join))
def test_ip_or_port_quick_pass_on_any_text(text: str) -> None:
    _check_ip_or_port(text)
