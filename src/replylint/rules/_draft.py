"""Draft-level detectors shared by several rules (promotion, private-channel offers,
sentences). Results are cached on the draft's context, so each runs once per draft."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

import regex

from .._lazy import lazy_re, lazy_regex
from .base import DraftContext

if TYPE_CHECKING:
    from ..parse import Match

__all__ = [
    "PRICE_PER_PERIOD",
    "Sentence",
    "content_words",
    "offers_private_channel",
    "promotion_score",
    "promotion_spans",
    "sentences",
]

# Where a sentence ends: the ends of ``(?<=[.!?…])["')\]]*\s+|\n+`` (in ``regex``), found
# faster: each match here starts at the character before one of those (".!?…", the
# look-behind's) or at the same place ("\n"), and ends where it does. A pattern that
# starts with a set of characters lets the search skip along the text to them, where
# the look-behind is tried at every position. ``re``'s ``\s`` also takes
# "\x1c".."\x1f", which ``regex``'s does not: they are left out.
_SENTENCE_END_AT = lazy_re(r"[.!?…\n](?:(?<=[.!?…])[\"')\]]*[^\S\x1c-\x1f]+|(?<=\n)\n*)")
_URL = lazy_regex(r"(?:https?://|www\.)\S+", regex.IGNORECASE)
PRICE_PER_PERIOD = lazy_regex(
    r"(?:[£$€¥₹]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|dollars|euros|pounds))"
    r"\s*(?:/|a|an|per|each)\s*(?:month|mo|year|yr|week|wk|day|seat|line)\b",
    regex.IGNORECASE,
)
_PRICE = lazy_regex(r"[£$€¥₹]\s?\d|\d\s?(?:USD|EUR|GBP)\b")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(ctx: DraftContext) -> list[Sentence]:
    """The draft split into sentences (after ``.!?…`` or at line breaks)."""
    cached = ctx.cache.get("sentences")
    if cached is None:
        cached = split_sentences(ctx.text)
        ctx.cache["sentences"] = cached
    result: list[Sentence] = cached
    return result


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    # URLs contain dots: never split inside one.
    protected = url_spans(text)
    for m in _SENTENCE_END_AT.finditer(text):
        start, end = m.span()
        if text[start] != "\n":
            start += 1  # where the end's look-behind match starts
        if protected and any(a <= start < b for a, b in protected):
            continue
        _add(out, text, pos, start)
        pos = end
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def content_words(
    ctx: DraftContext, start: int, end: int, skip: Sequence[tuple[int, int]] = ()
) -> int:
    """Word tokens between character offsets (no punctuation, handles, URLs, emoji),
    leaving out tokens inside the ``skip`` ranges."""
    tokens = _token_table(ctx)
    if not (0 <= start < tokens.length and 0 <= end - 1 < tokens.length):
        return 0  # outside the draft: no tokens (``Doc.char_span`` gives ``None``)
    # The tokens starting inside the range: one binary search on each side.
    first = bisect_left(tokens.starts, start)
    last = bisect_left(tokens.starts, end, first)
    if not skip:
        return tokens.words_before[last] - tokens.words_before[first]
    starts, words = tokens.starts, tokens.words
    return sum(
        1 for i in range(first, last) if words[i] and not any(a <= starts[i] < b for a, b in skip)
    )


@dataclass(frozen=True, slots=True)
class _TokenTable:
    """Per-token facts of a draft as plain lists (no spaCy ``Token`` objects)."""

    starts: list[int]
    """Character offset of each token."""
    words: list[bool]
    """Is the token a word: not punctuation, space, URL or handle, and holds a letter
    or digit?"""
    words_before: list[int]
    """How many of the tokens before each index are words (one more entry at the end)."""
    length: int
    """Characters the tokens cover (the draft's length)."""


def _token_table(ctx: DraftContext) -> _TokenTable:
    cached = ctx.cache.get("token-table")
    if cached is None:
        cached = _make_token_table(ctx)
        ctx.cache["token-table"] = cached
    table: _TokenTable = cached
    return table


def _make_token_table(ctx: DraftContext) -> _TokenTable:
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LIKE_URL, SPACY  # spaCy loads lazily

    doc = ctx.doc
    if not len(doc):
        return _TokenTable([], [], [0], 0)
    rows = doc.to_array([IDX, LENGTH, SPACY, IS_PUNCT, IS_SPACE, LIKE_URL]).tolist()
    text = ctx.text
    starts: list[int] = []
    words: list[bool] = []
    before = [0]
    count = 0
    for idx, length, _, punct, space, url in rows:
        starts.append(idx)
        word = not (punct or space or url) and _is_word_text(text[idx : idx + length])
        words.append(word)
        count += word
        before.append(count)
    idx, length, spacy_, *_ = rows[-1]
    return _TokenTable(starts, words, before, idx + length + spacy_)


@lru_cache(maxsize=4096)
def _is_word_text(token: str) -> bool:
    return not token.startswith("@") and any(ch.isalnum() for ch in token)


def promotion_score(ctx: DraftContext) -> int:
    """Points of promotional language: strong cue 2, price per period 2, weak cue 1.

    A draft with no strong cue never reaches :data:`PROMOTIONAL`."""
    cached = ctx.cache.get("promotion")
    if cached is None:
        strong = len(ctx.hits("promotion"))
        weak = len(ctx.hits("promotion-weak")) + len(ctx.hits("products"))
        prices = len(PRICE_PER_PERIOD.findall(ctx.text))
        if not prices and _PRICE.search(ctx.text) and strong:
            prices = 1
        cached = 2 * strong + 2 * prices + weak
        if not strong:
            # Prices and product words alone are how billing answers read too
            # ("the change is £2.50 a month on every plan"): a pitch needs a strong cue.
            cached = min(cached, PROMOTIONAL - 1)
        ctx.cache["promotion"] = cached
    score: int = cached
    return score


PROMOTION_LISTS = ("promotion", "promotion-weak", "products")
PROMOTIONAL = 4


def promotion_spans(ctx: DraftContext) -> tuple[int, int] | None:
    """From the first to the last sentence holding a promotional cue."""
    cues = [m.start for name in PROMOTION_LISTS for m in ctx.hits(name)]
    cues += [m.start() for m in PRICE_PER_PERIOD.finditer(ctx.text)]
    if not cues:
        return None
    sents = [s for s in sentences(ctx) if any(s.start <= c < s.end for c in cues)]
    if not sents:
        return None
    return sents[0].start, sents[-1].end


def offers_private_channel(ctx: DraftContext) -> bool:
    """Does the draft offer a DM, call, chat or e-mail?"""
    return bool(ctx.hits("private-offer"))


# -- topic words, help links and next steps (unanswered-question, vague-reply, ...) ----

_WORD = lazy_regex(r"[\p{L}\p{N}][\p{L}\p{N}'’]*(?:-[\p{L}\p{N}]+)*")
_HANDLE = lazy_regex(r"(?<![\w@])@\w{1,30}")
_EXTRA_STOP = frozenset(
    [
        "get",
        "got",
        "getting",
        "want",
        "wanted",
        "need",
        "needs",
        "needed",
        "like",
        "know",
        "let",
        "help",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "pls",
        "plz",
        "please",
        "going",
        "idea",
        "happen",
        "happening",
        "happened",
        "ok",
        "okay",
        "yes",
        "yeah",
        "guys",
        "today",
        "now",
        "still",
        "just",
        "tell",
        "anyone",
        "anybody",
        "someone",
        "there's",
        "what's",
        "it's",
        "i'm",
        "i've",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "isn't",
        "aren't",
        "you're",
        "we're",
        "u",
        "ur",
        "im",
        "ive",
        "dont",
        "cant",
    ]
)
# Words that point to where an answer is: a link framed as help, not as a sales pitch.
_HELP_FRAME = lazy_regex(
    r"\b(?:here|link|article|guide|steps?|info|information|details|page|faq|help|"
    r"instructions|form|learn|find out|more on|walk ?through|troubleshoot\w*)\b[^.!?]{0,40}$",
    regex.IGNORECASE,
)
# Words in a link's text that say it leads to help ("requests" holds "request").
_HELP_PATH_WORDS = (
    "support", "help", "faq", "answer", "article", "kb", "request", "contact",
    "troubleshoot", "status",
)  # fmt: skip
_HELP_PATH = lazy_regex(f"(?:{'|'.join(_HELP_PATH_WORDS)})", regex.IGNORECASE)


# The URLs of the last few texts :func:`url_spans` was asked about. Several rules ask in
# turn about the same drafts (the linter runs each rule over a chunk of drafts), so the
# memo holds a chunk's worth and is emptied when it grows past that. Its values are
# tuples, and each caller gets a list of its own.
_URLS: dict[str, tuple[tuple[int, int], ...]] = {}
_URLS_KEPT = 256


def url_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the URLs in ``text``."""
    known = _URLS.get(text)
    if known is not None:
        return list(known)
    spans = _find_urls(text)
    if len(_URLS) >= _URLS_KEPT:
        _URLS.clear()  # another thread may add meanwhile: each entry is still right
    _URLS[text] = tuple(spans)
    return spans


def _find_urls(text: str) -> list[tuple[int, int]]:
    """:func:`url_spans` without the memo."""
    if "\u0130" in text:  # the one character whose lower case is two characters
        return [m.span() for m in _URL.finditer(text)] if may_hold_url(text) else []
    # A URL starts with "http" or "www." in any case, and no other character folds to
    # these letters: the lower-cased text (same offsets) says where one may start, and
    # the pattern is tried only there instead of being searched for along the text.
    lower = text.lower()
    www = lower.find("www.")
    http = lower.find("http") if "://" in text else -1
    spans: list[tuple[int, int]] = []
    while www >= 0 or http >= 0:
        start = http if www < 0 else www if http < 0 else min(www, http)
        m = _URL.match(text, start)
        pos = start + 1 if m is None else m.end()
        if m is not None:
            spans.append(m.span())
        if 0 <= www < pos:
            www = lower.find("www.", pos)
        if 0 <= http < pos:
            http = lower.find("http", pos)
    return spans


# After one of these prefixes a character in "!".."~" (printable ASCII, not a space) is
# the "\S" that completes a URL match of ``url_spans`` (``(?:https?://|www\.)\S+``).
_URL_PREFIXES = ("https://", "http://", "www.")


def surely_url_at(text: str) -> int:
    r"""Where a URL of ``url_spans(text)`` surely is (its start, or inside it), or -1
    when this quick test cannot tell: a URL prefix in lower case followed by a printable
    ASCII character. -1 says nothing (the prefix may be in another case, or followed by
    another non-space character). A few substring searches instead of the lower-casing
    and pattern matches of :func:`url_spans`.

    That prefix starts a match of the URL pattern (``(?:https?://|www\.)\S+``): the
    leftmost-first scan of ``url_spans`` either takes that match or has already taken
    one covering it. Either way the URL holding this position runs on to the end of its
    run of non-space characters, so the printable ASCII run from here is part of it.
    """
    for prefix in _URL_PREFIXES:
        at = text.find(prefix)
        if at >= 0:
            after = at + len(prefix)
            if "!" <= text[after : after + 1] <= "~":
                return at
    return -1


def sure_url_at(ctx: DraftContext) -> int:
    """:func:`surely_url_at` of the draft, remembered for it (several rules ask)."""
    at: int | None = ctx.cache.get("sure-url-at")
    if at is None:
        at = ctx.cache["sure-url-at"] = surely_url_at(ctx.text)
    return at


# Printable ASCII, no space: characters every URL match (``\S+`` after its prefix)
# runs through.
_PRINTABLE_RUN = lazy_re(r"[!-~]*")


def _names_help_path(url: str) -> bool:
    """True only when ``_HELP_PATH`` finds a help-path word in the URL whose lower-cased
    printable ASCII text is ``url``. False says nothing (the pattern ignores case beyond
    ASCII too: "\u212a" is a "k")."""
    for word in _HELP_PATH_WORDS:  # noqa: SIM110  (a loop: no generator to set up)
        if word in url:
            return True
    return False


def may_hold_url(text: str) -> bool:
    """False when ``text`` certainly holds no URL (no "://", no "www." in any case):
    a test much cheaper than the search."""
    return "://" in text or "www." in text.lower()


def blank_urls(text: str) -> str:
    """``text`` with every URL replaced by spaces (offsets unchanged)."""
    return blank_spans(text, url_spans(text))


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every character inside one of ``spans`` (which may overlap) replaced
    by a space (offsets unchanged)."""
    spans = sorted(spans)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        if b <= pos:
            continue  # inside a span already blanked
        a = max(a, pos)
        parts += (text[pos:a], " " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


ASCII_DIGITS = "0123456789"
_ANY_DIGIT = lazy_regex(r"\d")


# The character an e-mail address has right before its "@" (a local part is ``[\w.+-]+``).
_EMAIL_LEAD = lazy_regex(r"[\w.+-]@")


def may_hold_email(text: str) -> bool:
    """False when no e-mail address (local part ``[\\w.+-]+``, then "@") can be in
    ``text``, nor in ``text`` with spans blanked: no "@" comes right after a character of
    a local part. An @handle opening the text or following a space has none, and
    blanking puts spaces in place of characters. Only the "@" signs are looked at."""
    at = text.find("@", 1)
    while at >= 0:
        if _EMAIL_LEAD.match(text, at - 1):
            return True
        at = text.find("@", at + 1)
    return False


_ASCII_DIGIT_BYTES = b"0123456789"


def digit_count(text: str) -> int:
    """How many characters of ``text`` match ``\\d`` (ASCII text: one pass over its bytes)."""
    if text.isascii():
        return len(text) - len(text.encode("ascii").translate(None, _ASCII_DIGIT_BYTES))
    return len(_ANY_DIGIT.findall(text))


def has_digit(text: str) -> bool:
    """Does ``text`` hold a character matching ``\\d``?"""
    if text.isascii():
        # In ASCII text only "0".."9" match; a search for one character is a memchr.
        return (
            "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
            or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
        )  # fmt: skip
    return _ANY_DIGIT.search(text) is not None


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | _EXTRA_STOP


_STOP: frozenset[str] | None = None


def topic_words(text: str) -> set[str]:
    """Content words of free text, lower-cased, without URLs, handles and stop words
    (``wi-fi`` → ``wifi``)."""
    return set(_topic_words(text))


# The draft, the customer's message and each of their sentences are asked for by several
# rules in turn: a few recent answers are kept.
@lru_cache(maxsize=64)
def _topic_words(text: str) -> frozenset[str]:
    clean = blank_urls(text)
    if "@" in clean:
        clean = _HANDLE.sub(" ", clean)
    # No word holds a space: the words of the text are those of its whitespace-separated
    # chunks, and chunks ("the", "order.", "you!") repeat from draft to draft.
    return frozenset(chunk_words(_TOPIC_CHUNKS, clean.split(), _topic_list))


_TOPIC_CHUNKS: dict[str, tuple[str, ...]] = {}
# Chunks longer than this are never kept; a cache is emptied when it holds this many.
_CACHED_CHUNK = 40
_CACHE_SIZE = 8192


def chunk_words(
    cache: dict[str, tuple[str, ...]], chunks: list[str], words: Callable[[str], tuple[str, ...]]
) -> Iterator[str]:
    """The words of each chunk in turn, ``words(chunk)`` remembered in ``cache`` (a plain
    dict: looking every chunk up is one call in C when all are known)."""
    try:
        return chain.from_iterable(list(map(cache.__getitem__, chunks)))
    except KeyError:
        pass
    found: list[tuple[str, ...]] = []
    for chunk in chunks:
        got = cache.get(chunk)
        if got is None:
            got = words(chunk)
            if len(chunk) <= _CACHED_CHUNK:
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                cache[chunk] = got
        found.append(got)
    return chain.from_iterable(found)


def _topic_list(text: str) -> tuple[str, ...]:
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    # Most chunks are one ASCII word, bare or with one mark before or after it ("the",
    # "order.", "(on"). For ASCII text ``[\p{L}\p{N}]`` is ``isalnum()``, so ``_WORD``
    # finds that word alone (a mark neither starts nor joins a word: "'" is left out, as
    # a word may end with it); it holds neither "’", "'" nor "-", so only the case and
    # the stop words matter below.
    if text.isascii():
        word = text
        if not word.isalnum():
            word = text[:-1] if text[-1:] != "'" else ""
            if not word.isalnum():
                word = text[1:]
                if not word.isalnum():
                    word = ""  # (and text that is empty) the pattern decides
        if word:
            word = word.lower()
            return () if word in _STOP or len(word) < 2 else (word,)
    out: list[str] = []
    for raw in _WORD.findall(text):
        word = raw.lower().replace("’", "'")
        if word in _STOP or len(word) < 2:
            continue
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.replace("-", ""))
    return tuple(out)


def same_stem(a: str, b: str) -> bool:
    """A crude stem match: ``refund``/``refunded``, ``call``/``calling``."""
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= 4:
        return True
    return len(short) >= 5 and short[:5] == long[:5]


def overlap(words: AbstractSet[str], others: AbstractSet[str]) -> set[str]:
    """The words of ``words`` that share a stem with one of ``others``."""
    if not words or not others:
        return set()
    # Words sharing a stem share their first three letters: compare within buckets.
    buckets: dict[str, list[str]] = {}
    for o in others:
        buckets.setdefault(o[:3], []).append(o)
    return {w for w in words if w in others or any(same_stem(w, o) for o in buckets.get(w[:3], ()))}


def shares_stem(words: AbstractSet[str], others: AbstractSet[str]) -> bool:
    """``bool(overlap(words, others))``, stopping at the first shared stem."""
    if not words or not others:
        return False
    if not words.isdisjoint(others):
        return True
    buckets: dict[str, list[str]] = {}
    for o in others:
        buckets.setdefault(o[:3], []).append(o)
    return any(same_stem(w, o) for w in words for o in buckets.get(w[:3], ()))


def help_links(ctx: DraftContext) -> list[tuple[int, int]]:
    """URLs the draft offers as help, as opposed to links in a sales pitch: every link of
    a draft without promotional signs, and in one with them only links framed as help
    ("steps here:") or on a support site."""
    cached = ctx.cache.get("help-links")
    if cached is None:
        cached = []
        pitch = promotion_score(ctx) >= 2
        for start, end in url_spans(ctx.text):
            before = ctx.text[max(0, start - 60) : start]
            if not pitch or _HELP_FRAME.search(before) or _HELP_PATH.search(ctx.text[start:end]):
                cached.append((start, end))
        ctx.cache["help-links"] = cached
    links: list[tuple[int, int]] = cached
    return links


NEXT_STEP_LISTS = ("private-offer", "answer-promise", *PROMOTION_LISTS)


def says_next_step(ctx: DraftContext) -> bool:
    """Does the draft say how the matter will be taken forward: a private channel, a
    help link, or a promise to get back ("we'll let you know", "I'll check and reply")?

    A draft with a link that surely is a help link is told without searching for all
    its URLs: the link found by :func:`sure_url_at` (the printable ASCII run from there
    is part of it) is one when its text names a help path, whatever the promotion
    score; and every link is one when that score stays below 2 (no "promotion" hit,
    fewer than two "promotion-weak" and "products" hits, no price per period: see
    :func:`quick_help_links`).
    """
    # Every draft goes through here (unanswered-question): the hits are read straight
    # from the dict (``ctx.hits`` does the same lookup behind a method call).
    matches = ctx.matches
    if matches.get("private-offer") or matches.get("answer-promise"):
        return True
    text = ctx.text
    at = sure_url_at(ctx)
    if at >= 0:
        run = _PRINTABLE_RUN.match(text, at)  # matches, if only the empty string
        if run is not None and _names_help_path(text[at : run.end()].lower()):
            return True
        if (
            not matches.get("promotion")
            and len(matches.get("promotion-weak", ())) + len(matches.get("products", ())) < 2
            and not may_price_per_period(text)
        ):
            return True
    return bool(quick_help_links(ctx))


def quick_help_links(ctx: DraftContext) -> list[tuple[int, int]]:
    """``help_links(ctx)``, without its scan for prices when the draft cannot be a pitch.

    In a draft that is no pitch (promotion score below 2) every link is a help link. The
    score reaches 2 only with a strong cue ("promotion"), two weak cues, or a price per
    period; :func:`may_price_per_period` rules the last out without the (slow) pattern.
    """
    text = ctx.text
    if not may_hold_url(text):
        return []  # help links are some of the URLs
    if (
        "help-links" in ctx.cache  # already known
        or "promotion" in ctx.cache
        or ctx.hits("promotion")
        or len(ctx.hits("promotion-weak")) + len(ctx.hits("products")) >= 2
        or may_price_per_period(text)
    ):
        return help_links(ctx)
    return url_spans(text)


def may_price_per_period(text: str) -> bool:
    """False when ``PRICE_PER_PERIOD`` certainly finds nothing in ``text``.

    Each of its matches holds a currency sign (£$€¥₹) or a currency word in any case
    (USD, EUR, GBP, dollars, euros, pounds). Exact: under the pattern's ``IGNORECASE``
    every character that matches a letter of those words case-folds to exactly that
    letter (checked over all of Unicode), so the word is in ``text.casefold()``.
    """
    if "$" in text:
        return True
    if text.isascii():
        folded = text.lower()  # the same as casefold() in ASCII, and cheaper
    elif "£" in text or "€" in text or "¥" in text or "₹" in text:
        return True
    else:
        folded = text.casefold()
    return (
        "usd" in folded
        or "eur" in folded  # and "euros"
        or "gbp" in folded
        or "dollars" in folded
        or "pounds" in folded
    )


# -- specific content (vague-reply, unanswered-question, unsolicited-reply) ----------

SPECIFIC_LISTS = (
    "private-offer",
    "answer-promise",
    "step-verbs",
    "concrete-action",
    "stock-reply",
    "pleasantry",
    "canned-greeting",
)
_DIGITS = lazy_regex(r"\d[\d:.,/-]*\d|\d")
_TIME_FRAME = lazy_regex(
    r"\b(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening|week|weekend|month)"
    r"|next (?:week|month|day)|within|by (?:the end of|noon|midday|midnight|\d)"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|seconds?|minutes?|hours?|days?|weeks?"
    r"|(?:right )?now|immediately|straight away|right away|overnight|am|pm)\b",
    regex.IGNORECASE,
)
_EMAIL = lazy_regex(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_YES_NO_START = lazy_regex(
    r"^(?:(?:hi|hello|hey)\b[^,.!?]{0,20}[,!]?\s*)?"
    r"(?:yes|yep|yeah|no|nope|sure|absolutely|of course|unfortunately|i'm afraid)\b",
    regex.IGNORECASE,
)


def specific_reasons(ctx: DraftContext) -> list[str]:
    """Why the draft is specific: which signs of information, a next step or a time
    frame it holds (empty when it says nothing specific). Cached per draft."""
    cached = ctx.cache.get("specific")
    if cached is None:
        cached = list(_specific_reasons(ctx))
        ctx.cache["specific"] = cached
    found: list[str] = cached
    return found


def is_specific(ctx: DraftContext) -> bool:
    """``bool(specific_reasons(ctx))``, stopping at the first reason found."""
    cached = ctx.cache.get("specific")
    if cached is not None:
        return bool(cached)
    first = ctx.cache.get("is-specific")
    if first is None:
        first = next(_specific_reasons(ctx), None) is not None
        ctx.cache["is-specific"] = first
    specific: bool = first
    return specific


def _specific_reasons(ctx: DraftContext) -> Iterator[str]:
    """The reasons of :func:`specific_reasons`, in order, found one at a time."""
    text = ctx.text
    urls = url_spans(text)
    if urls:
        yield "link"
    blank = blank_spans(text, urls)
    mail = "@" in blank and _EMAIL.search(blank) is not None
    if mail:
        yield "e-mail"
    said = ctx.analysis.customer_text if ctx.has_context else ""
    for m in _DIGITS.finditer(_EMAIL.sub(" ", blank) if mail else blank):
        if m.group() not in said:
            yield "figure"
            break
    if _TIME_FRAME.search(blank):
        yield "time frame"
    for label in ("private-offer", "answer-promise", "concrete-action"):
        if ctx.hits(label):
            yield label
    if any(_imperative(ctx, m.token_start) for m in ctx.hits("step-verbs")):
        yield "instruction"
    filler = Ranges(
        [
            (m.start, m.end)
            for label in ("stock-reply", "pleasantry", "canned-greeting")
            for m in ctx.hits(label)
        ]
    )
    topic = _topic_words(said) if said else frozenset()
    for sentence in sentences(ctx):
        stripped = sentence.text.rstrip()
        has_filler = filler.starts_within(sentence.start, sentence.end)
        if stripped.endswith("?") and not has_filler:
            yield "question"
        if _YES_NO_START.search(stripped):
            yield "yes/no"
        if has_filler:
            continue
        if topic and shares_stem(_topic_words(sentence.text), topic):
            yield "topic"
        elif content_words(ctx, sentence.start, sentence.end) >= 8:
            yield "content"


_BEFORE_INSTRUCTION = frozenset(
    [
        "please",
        "then",
        "and",
        "just",
        "simply",
        "try",
        "can",
        "could",
        "to",
        "also",
        "or",
        "first",
        "now",
        "pls",
        "kindly",
    ]
)


def _imperative(ctx: DraftContext, token_index: int) -> bool:
    """Is the token at ``token_index`` an instruction: at the start of a sentence or
    clause, or after "please", "then", "you can" ("go to Settings", not "didn't go to
    plan")?"""
    for tok in reversed(ctx.doc[:token_index]):
        if tok.is_space:
            continue
        return bool(tok.is_punct or tok.norm_ in _BEFORE_INSTRUCTION)
    return True


# -- requests for personal details (repeated-request, public-sensitive-request) ------

_DETAIL_KINDS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (kind, lazy_regex(pattern, regex.IGNORECASE))
    for kind, pattern in (
        ("password", r"password|passcode|\bpin\b|security|cvv|cvc"),
        ("ssn", r"ssn|social security"),
        ("dob", r"birth|\bdob\b|birthday"),
        ("email", r"e-?mail"),
        ("card", r"card|last (?:four|4)|4-digit|sort code"),
        ("device", r"device|model|serial|imei|\bmake\b"),
        ("phone", r"phone|mobile|cell|telephone|contact number"),
        ("order", r"order|booking|reservation|confirmation"),
        ("account", r"account|acct"),
        ("postcode", r"post ?code|zip|postal code"),
        ("address", r"address"),
    )
)
SENSITIVE_KINDS = frozenset({"password", "ssn", "dob", "card", "account", "address"})
# A verb asking for the detail right before it: "DM us your ...", "could you tell me
# the ...", "reply here with your current address and the ...", "what's your ...".
_DET = r"(?:(?:your|the|a|an)\s+)?"
_WORDS = r"(?:[\w'-]+,?\s+){0,3}?"
_REQUEST_CUE = lazy_regex(
    r"\b(?:send|tell|give|provide|share|post|tweet|comment|reply|respond|confirm|include|"
    r"enter|verify|need|require|dm|pm|message|what(?:'s|’s| is| was| are)|which|whats)"
    r"(?:\s+(?:us|me|here|below|back|publicly|with|over|please|again|directly|quickly))*"
    rf"\s+{_DET}{_WORDS}(?:(?:and|or|&)\s+{_DET}{_WORDS})*$",
    regex.IGNORECASE,
)
# "... a code to your phone number": the detail is where something goes, not a request.
_DESTINATION = lazy_regex(
    r"\b(?:to|at|on|from|for|in|into|under|via)\s+(?:your|the|this|that|my|our)\s+(?:[\w-]+\s+)?$",
    regex.IGNORECASE,
)
_NEGATION = lazy_regex(
    r"\b(?:never|not|don't|do not|doesn't|won't|will not|without|no need|delete|remove)\b"
    r"|n't\b",
    regex.IGNORECASE,
)
_DETAIL_DETERMINERS = frozenset(
    [
        "your",
        "the",
        "home",
        "current",
        "postal",
        "billing",
        "street",
        "full",
        "new",
        "delivery",
        "shipping",
        "mailing",
    ]
)


@dataclass(frozen=True, slots=True)
class DetailRequest:
    """The draft asks for a personal detail: which kind, where, in which sentence."""

    kind: str
    start: int
    end: int
    sentence: Sentence


def detail_requests(ctx: DraftContext) -> list[DetailRequest]:
    """Personal details the draft asks the customer for (``personal-detail`` hits shortly
    after a verb that asks: "DM us your", "could you tell me the", "what's your"), leaving
    out negated mentions ("never share your PIN") and destinations ("we'll text a code to
    your phone number")."""
    cached = ctx.cache.get("detail-requests")
    if cached is not None:
        found: list[DetailRequest] = cached
        return found
    found = []
    text = ctx.text
    for match in ctx.hits("personal-detail"):
        # The word before the detail, and a request verb shortly before it (without one
        # the sentence and the patterns below are spared): see :func:`_may_request`.
        kind = detail_kind(text[match.start : match.end])
        if kind is None or not _may_request(ctx, match):
            continue
        sentence = sentence_of(ctx, match.start)
        if sentence is None:
            continue
        lead = text[sentence.start : match.start]
        if _NEGATION.search(lead) or _DESTINATION.search(lead):
            continue
        if not _REQUEST_CUE.search(lead[-70:]):
            continue
        found.append(DetailRequest(kind, match.start, match.end, sentence))
    ctx.cache["detail-requests"] = found
    return found


# -- broadcast marketing (marketing-flood, unsolicited-reply) ------------------------

MARKETING_LISTS = (*PROMOTION_LISTS, "marketing")


@lru_cache(maxsize=1024)
def detail_kind(phrase: str) -> str | None:
    """The kind of personal detail a ``personal-detail`` phrase names, as
    :func:`detail_requests` reads it (``None``: a phrase it skips)."""
    return next((k for k, rx in _DETAIL_KINDS if rx.search(phrase)), None)


# A request (``_REQUEST_CUE`` of ``_draft``) ends, at most 70 characters before the
# detail, with one of its verbs; each holds one of these words ("whats" holds "what").
REQUEST_WORDS = (
    "send", "tell", "give", "provide", "share", "post", "tweet", "comment", "reply",
    "respond", "confirm", "include", "enter", "verify", "need", "require", "dm", "pm",
    "message", "what", "which",
)  # fmt: skip
_REQUEST_WORD = lazy_re("|".join(REQUEST_WORDS))
# How far before the detail the request's verb can start.
_CUE_REACH = 70


def may_be_request(text: str, start: int) -> bool:
    """False when the detail at ``start`` certainly follows no request cue: none of
    :data:`REQUEST_WORDS` is in the 70 characters of the text before it, in any case.

    :func:`detail_requests` looks for ``_REQUEST_CUE`` in the last 70 characters of the
    detail's sentence before it, which end those 70 characters of the text.
    ``_REQUEST_CUE`` matches case-insensitively (simple case folding), and every
    character it takes for an ASCII letter case-folds to exactly that letter (checked
    over all of Unicode) except "İ" taken for "i", put back as "i" before folding.
    Folding works character by character, so a verb it finds is in the folded text."""
    window = text[max(0, start - _CUE_REACH) : start]
    return _REQUEST_WORD.search(window.replace("\u0130", "i").casefold()) is not None


def request_kinds(ctx: DraftContext, wanted: Collection[str]) -> set[str]:
    """Of the kinds in ``wanted``, those that a request of the draft may be for.

    Each request :func:`detail_requests` finds is a ``personal-detail`` hit with its
    kind read as :func:`detail_kind` reads it, the word before it that makes "address"
    or "e-mail" the customer's, and a request verb before it: the kinds of the hits
    that :func:`_may_request` allows hold the kind of every request. A
    draft without a kind a rule looks for holds no request the rule flags, and the
    (costly) search for requests can be skipped."""
    text = ctx.text
    kinds: set[str] = set()
    for m in ctx.hits("personal-detail"):
        kind = detail_kind(text[m.start : m.end])
        if kind is not None and kind in wanted and kind not in kinds and _may_request(ctx, m):
            kinds.add(kind)
    return kinds


_EMAIL_DETERMINERS = frozenset(["your", "the"])


def _may_request(ctx: DraftContext, match: Match) -> bool:
    """False when the ``personal-detail`` hit ``match`` is certainly no request that
    :func:`detail_requests` finds: "address" or "e-mail" not after a word that makes it
    the customer's ("we'll address this", "send us an email"), or no request verb
    before it (:func:`may_be_request`). Both are tests of :func:`detail_requests`.
    Remembered for the draft: repeated-request, public-sensitive-request (through
    :func:`request_kinds`) and :func:`detail_requests` ask about the same hits."""
    known: dict[tuple[int, int], bool] | None = ctx.cache.get("may-request")
    if known is None:
        known = ctx.cache["may-request"] = {}
    span = (match.start, match.end)  # (hits may share a start: "email", "email address")
    found = known.get(span)
    if found is None:
        found = known[span] = _names_a_detail(ctx, match) and may_be_request(ctx.text, match.start)
    return found


def _names_a_detail(ctx: DraftContext, match: Match) -> bool:
    """Is the hit not "address" used as a verb ("we'll address this") nor "e-mail" as a
    channel ("send us an email at ...")? Told by the word before it."""
    lower = ctx.text[match.start : match.end].lower()
    if lower != "address" and lower != "email" and lower != "e-mail":
        return True
    start = match.token_start
    before = ctx.doc[start - 1].norm_ if start > 0 else None
    return before in (_DETAIL_DETERMINERS if lower == "address" else _EMAIL_DETERMINERS)


def marketing_score(ctx: DraftContext) -> int:
    """:func:`promotion_score` plus the broadcast cues of ``marketing`` (2 each) and,
    when there is such a cue, 2 for a price ("€3.99 this weekend only")."""
    cached = ctx.cache.get("marketing")
    if cached is None:
        cues = len(ctx.hits("marketing"))
        cached = promotion_score(ctx) + 2 * cues
        if cues and _PRICE.search(ctx.text) and not PRICE_PER_PERIOD.search(ctx.text):
            cached += 2
        ctx.cache["marketing"] = cached
    score: int = cached
    return score


# -- interval lookups in O(log n) (hostile drafts hold thousands of hits) ------------


class Ranges:
    """Sorted character ranges with logarithmic lookups: which range holds a position,
    and does any range overlap a span."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [a for a, _ in self._spans]
        # Running maximum of ends: ranges may nest or overlap.
        self._max_end: list[int] = []
        top = -1
        for _, b in self._spans:
            top = max(top, b)
            self._max_end.append(top)

    def __bool__(self) -> bool:
        return bool(self._spans)

    def overlaps(self, start: int, end: int) -> bool:
        """Does a range intersect ``[start, end)`` (an empty span: hold ``start``)?"""
        i = bisect_right(self._starts, max(start, end - 1)) - 1
        return i >= 0 and self._max_end[i] > start

    def starts_within(self, start: int, end: int) -> bool:
        """Does a range start inside ``[start, end)``?"""
        i = bisect_left(self._starts, start)
        return i < len(self._starts) and self._starts[i] < end


def sentence_of(ctx: DraftContext, pos: int) -> Sentence | None:
    """The sentence holding character ``pos`` (binary search)."""
    sents = sentences(ctx)
    starts = ctx.cache.get("sentence-starts")
    if starts is None:
        starts = [s.start for s in sents]
        ctx.cache["sentence-starts"] = starts
    i = bisect_right(starts, pos) - 1
    if i >= 0 and pos < sents[i].end:
        return sents[i]
    return None
