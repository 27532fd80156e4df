"""``duplicate-reply`` (batch): the same or nearly the same text sent to several
different customers in one run.

Each draft is reduced, as it streams past, to a small signature: a hash of its
normalised text (names, handles, numbers, placeholders and URLs taken out) and a
MinHash sketch of its word shingles. :meth:`DuplicateReply.finish` groups identical
hashes, then finds near-duplicates with locality-sensitive hashing: sketches are cut
into bands, drafts whose band falls in the same bucket are candidates, and each
candidate is compared with the bucket's first member only. The cost grows with the
number of drafts, never with the number of pairs.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import chain
from operator import eq
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from .._lazy import lazy_regex
from ..models import Severity
from ..placeholders import find_placeholders
from ._draft import (
    _topic_list,
    _topic_words,
    blank_spans,
    chunk_words,
    has_digit,
    may_hold_email,
    may_hold_url,
    shares_stem,
    url_spans,
)
from .base import BatchRule, DraftContext, Example, Finding, Need, RuleDocs
from .registry import register

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DuplicateReply", "DuplicateStats", "Signature", "find_duplicates", "normalise", "signature"]

# Drafts this short ("Thanks!", "You're welcome") are allowed to repeat.
MIN_WORDS = 8
SHINGLE = 3  # words per shingle; :func:`_shingles` zips exactly three runs of words
BANDS = 10
ROWS = 3
PERMUTATIONS = BANDS * ROWS
# Drafts further apart than this are separate bursts, not one bot-like run of posts.
WINDOW_SECONDS = 24 * 3600
# Near-duplicates: at least this share of the MinHash values agree (≈ Jaccard similarity).
THRESHOLD = 0.6

# Multiply-shift hashing of 32-bit shingle hashes: ((a * h + b) mod 2**64) >> 32, with
# odd ``a``. Fixed seeds: signatures from worker processes compare with each other.
@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, np.ndarray[Any, Any], np.ndarray[Any, Any], Any]:
    """numpy (loaded on first use) and the permutations, one row per permutation to
    broadcast against a row of shingle hashes."""
    import numpy as np

    rng = np.random.default_rng(20240611)
    a = rng.integers(1, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)
    return np, a[:, None], b[:, None], np.uint64(32)


_HANDLE = lazy_regex(r"(?<![\w@])@\w{1,30}")
_EMAIL = lazy_regex(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_NUMBER = lazy_regex(r"\d+(?:[.,:/-]\d+)*")
_SIGN_OFF = lazy_regex(r"(?:[\^*~/-]\s?[A-Z]{1,3}|[-–—]\s?[A-Z][a-z]+)\s*$")
_GREETING = lazy_regex(
    r"^\s*(?:(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening))\s+)"
    r"(?:there\b)?([\p{Lu}][\p{L}'-]*)?(?:\s[\p{Lu}][\p{L}'-]*)?\s*[,!.:-]?",
    regex.IGNORECASE,
)
_WORD = lazy_regex(r"[\p{L}']+|#")


_LETTERS = lazy_regex(r"\p{L}+")


def normalise(text: str, names: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` that make it the same reply: lower-cased, without URLs,
    e-mail addresses, @handles, placeholders, agent initials, the greeted name or the
    customer's ``names``; every number becomes ``#``."""
    words = _text_words(text)
    drop = frozenset().union(*map(_name_words, names)) if names else frozenset()
    return [w for w in words if w not in drop] if drop else list(words)


def _text_words(text: str) -> tuple[str, ...]:
    """:func:`normalise` before the customer's names are taken out: it depends on the
    text alone."""
    spans = [*url_spans(text), *find_placeholders(text)]
    if "@" in text and may_hold_email(text):
        spans += [m.span() for m in _EMAIL.finditer(text)]
    clean = blank_spans(text, spans)
    if "@" in clean:
        clean = _drop_handles(clean)
    clean = _drop_sign_off(clean.rstrip())
    # The greeting opens with "hi", "hello", "hey", "hiya", "dear" or "good" after
    # spaces: a text whose first other character is none of these letters has none.
    if clean.lstrip(_SPACES)[:1] in _GREETING_INITIALS:
        m = _GREETING.match(clean)
        if m:
            clean = "greeting " + clean[m.end() :]
    # Numbers and words never hold a space: the words of the text are those of its
    # whitespace-separated chunks. ASCII text is read in one pass (see ``_words``);
    # other text chunk by chunk, chunks repeating from draft to draft.
    if not clean.isascii():
        for mark in _PLAIN_MARKS:
            if mark in clean:
                clean = clean.replace(mark, " ")
        if not clean.isascii():
            return tuple(chunk_words(_CHUNK_WORDS, clean.split(), _words))
    return _words(clean)


# The characters beyond ASCII most replies hold (curly quotes, dashes, the no-break
# space): none is a letter, a digit or a character of ``_NUMBER`` or ``_WORD``, so each
# parts words and numbers as a space does, and a reply holding no others is ASCII.
_PLAIN_MARKS = "’‘“”–—…\xa0"


@lru_cache(maxsize=1024)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(n.lower() for n in _LETTERS.findall(name))


_SIGN_OFF_LEADS = "^*~/-–—"  # what a sign-off starts with (see _SIGN_OFF)
# Every character ``\s`` matches, and a few more (all that ``str.isspace`` accepts);
# tests check every code point.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# What may follow a sign-off's lead character: ASCII letters and spaces (a superset).
_SIGN_OFF_TAIL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + _SPACES
# The characters that match the first letter of a greeting word under IGNORECASE (tests
# check every code point).
_GREETING_INITIALS = frozenset("hHdDgG")


def _drop_sign_off(text: str) -> str:
    """``_SIGN_OFF.sub(" ", text)``. Only ASCII letters and spaces follow a sign-off's
    lead character, itself neither: a sign-off starts at the last character that is
    neither, and only that position is tried (when it holds a lead)."""
    start = len(text.rstrip(_SIGN_OFF_TAIL)) - 1
    if start < 0 or text[start] not in _SIGN_OFF_LEADS:
        return text
    m = _SIGN_OFF.match(text, start)
    return text if m is None else text[:start] + " " + text[m.end() :]


def _drop_handles(text: str) -> str:
    """``_HANDLE.sub(" ", text)``. Every handle starts with "@" (and holds no other):
    the pattern is tried only at the "@" signs, not along the whole text."""
    parts: list[str] = []
    pos = 0
    at = text.find("@")
    ascii_text = text.isascii()
    while at >= 0:
        if ascii_text:
            # On ASCII text ``\w`` is [A-Za-z0-9_]: a handle is an "@" that follows
            # neither such a character nor "@", and the run of up to 30 of them after it.
            end = at + 1
            if at == 0 or text[at - 1] not in _ASCII_WORD_OR_AT:
                tail = text[end : end + 30]
                end += len(tail) - len(tail.lstrip(_ASCII_WORD))
        else:
            m = _HANDLE.match(text, at)
            end = at + 1 if m is None else m.end()
        if end == at + 1:  # no handle here
            at = text.find("@", end)
            continue
        parts += (text[pos:at], " ")
        pos = end
        at = text.find("@", pos)
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


_ASCII_WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
_ASCII_WORD_OR_AT = frozenset(_ASCII_WORD + "@")

_CHUNK_WORDS: dict[str, tuple[str, ...]] = {}


def _words(text: str) -> tuple[str, ...]:
    """The lower-cased words of ``text``, every number as ``#``."""
    if not text.isascii():
        return tuple(w.lower() for w in _WORD.findall(_NUMBER.sub(" # ", text)))
    # On ASCII text ``_WORD`` finds the runs of [a-z'] (after lower-casing, which
    # changes no digit) and each "#": with every "#" set apart by spaces and every
    # other character made a space, the words are what ``split`` gives. Translating
    # the bytes is one C pass, much cheaper than collecting the pattern's matches.
    plain = text.lower()
    if has_digit(plain):  # every number starts with a digit: else nothing to replace
        plain = _NUMBER.sub(" # ", plain)
    if "#" in plain:
        plain = plain.replace("#", " # ")
    return tuple(plain.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split())


# Every byte but those of a word ([a-z'] once lower-cased) and "#" becomes a space.
_ASCII_WORD_BYTES = bytes(
    c if chr(c) in "abcdefghijklmnopqrstuvwxyz'#" else 32 for c in range(256)
)


@dataclass(frozen=True, slots=True)
class Signature:
    """What one draft contributes to the batch: a few dozen integers."""

    customer: str | None
    length: int
    exact: bytes
    sketch: tuple[int, ...]
    time: float | None = None
    """When the draft is sent (its timestamp, or the customer's last message), in
    seconds; ``None`` when unknown."""


def signature(
    words: Sequence[str],
    customer: str | None,
    length: int = 0,
    time: float | None = None,
) -> Signature | None:
    """The signature of a normalised draft, or ``None`` when it is too short to judge."""
    if len(words) < MIN_WORDS:
        return None
    encoded = [w.encode("utf-8") for w in words]  # UTF-8 of a join = join of the UTF-8s
    exact = hashlib.blake2b(b" ".join(encoded), digest_size=12).digest()
    (sketch,) = _sketches([_shingles(encoded)])
    return Signature(customer, length, exact, sketch, time)


def _shingles(encoded: Sequence[bytes]) -> bytes:
    """The 32-bit hashes of the word shingles (runs of :data:`SHINGLE` = 3 words), as C
    unsigned ints. A shingle that recurs is hashed again rather than set aside: a sketch
    is a minimum over the hashes, which repeats do not change, and the set cost more
    than the repeats."""
    hashes = map(zlib.crc32, map(b" ".join, zip(encoded, encoded[1:], encoded[2:])))
    return array("I", list(hashes)).tobytes()


_ITEM = array("I").itemsize


# Sketches are computed for this many shingles at once (a 30-row array of 8-byte values).
_SKETCH_BLOCK = 1 << 15


def _sketches(shingles: Sequence[bytes]) -> list[tuple[int, ...]]:
    """The MinHash sketch of each draft's shingle hashes (see :func:`_shingles`), a few
    thousand drafts per numpy call: the same values as one draft at a time."""
    np, a_column, b_column, shift = _permutations()
    out: list[tuple[int, ...]] = []
    start = 0
    while start < len(shingles):
        end, size = start, 0
        while end < len(shingles) and (end == start or size + len(shingles[end]) // _ITEM <= _SKETCH_BLOCK):
            size += len(shingles[end]) // _ITEM
            end += 1
        block = shingles[start:end]
        hashes = np.frombuffer(b"".join(block), dtype=np.uintc).astype(np.uint64)
        counts = [len(b) // _ITEM for b in block]
        offsets = np.cumsum([0, *counts[:-1]])
        # Unsigned integer arrays wrap around silently: no overflow state to set. The
        # shift keeps the order of values, so it can come after the minimum.
        values = a_column * hashes
        values += b_column
        mins = np.minimum.reduceat(values, offsets, axis=1) >> shift
        out += map(tuple, mins.T.tolist())
        start = end
    return out


class _Draft(NamedTuple):
    """What :meth:`DuplicateReply.collect` keeps of a draft: a :class:`Signature` whose
    sketch is computed in :meth:`DuplicateReply.finish`, for all drafts at once, from
    the shingle hashes (4 bytes each on common platforms; a long draft's sketch is computed right away).
    A named tuple: one is made per draft, and a tuple is made several times faster
    than a frozen dataclass."""

    customer: str | None
    length: int
    text: str
    said: str
    """The draft and its customer's latest words: whether the draft engages with them
    is worked out in :meth:`DuplicateReply.finish`, only for drafts in a group."""
    exact: bytes
    shingles: bytes
    sketch: tuple[int, ...] | None
    time: float | None


# A draft with more shingles than this gets its sketch in ``collect``.
_DEFERRED_SHINGLES = 96

# What a text reduces to (the words of :func:`normalise` before the customer's names are
# taken out, joined by spaces; its exact hash, shingle hashes and sketch), or ``None``
# when it is too short. The same stock reply is linted again and again: texts up to
# _CACHED_TEXT characters are kept, the dict emptied when it holds _TEXTS_SIZE of them.
_Reduced = tuple[str, bytes, bytes, tuple[int, ...] | None]
_TEXTS: dict[str, _Reduced | None] = {}
_CACHED_TEXT = 600
_TEXTS_SIZE = 1024


def _reduce_text(text: str) -> _Reduced | None:
    words = _text_words(text)
    if len(words) < MIN_WORDS:
        return None
    joined = " ".join(words)
    return (joined, *_reduce_joined(joined))


def _reduce(words: Sequence[str]) -> tuple[bytes, bytes, tuple[int, ...] | None]:
    """The exact hash, shingle hashes and (for a long draft) sketch of ``words``."""
    return _reduce_joined(" ".join(words))


def _reduce_joined(text: str) -> tuple[bytes, bytes, tuple[int, ...] | None]:
    """:func:`_reduce` of the words joined by spaces."""
    # The words hold no space and are never empty: the UTF-8 of the join, cut at its
    # spaces, is the UTF-8 of each word.
    joined = text.encode("utf-8")
    exact = hashlib.blake2b(joined, digest_size=12).digest()
    shingles = _shingles(joined.split(b" "))
    if len(shingles) > _ITEM * _DEFERRED_SHINGLES:
        (sketch,) = _sketches([shingles])
        return exact, b"", sketch
    return exact, shingles, None


@dataclass
class DuplicateStats:
    """How much work :func:`find_duplicates` did (tests assert it stays near-linear)."""

    drafts: int = 0
    distinct: int = 0
    comparisons: int = 0
    groups: list[list[int]] = field(default_factory=list)


def find_duplicates(items: Sequence[Signature | None]) -> DuplicateStats:
    """Groups of two or more draft indexes holding the same or nearly the same text."""
    sketch_of: dict[bytes, tuple[int, ...]] = {}
    for sig in items:
        if sig is not None:
            sketch_of.setdefault(sig.exact, sig.sketch)
    return _find([None if sig is None else sig.exact for sig in items], sketch_of)


def _find(
    exacts: Sequence[bytes | None], sketch_of: Mapping[bytes, tuple[int, ...]]
) -> DuplicateStats:
    """:func:`find_duplicates` of drafts given by their exact hashes (``None``: not
    judged) and the sketch of each hash."""
    stats = DuplicateStats(drafts=len(exacts))
    by_exact: dict[bytes, list[int]] = {}
    for index, exact in enumerate(exacts):
        if exact is not None:
            by_exact.setdefault(exact, []).append(index)
    # Each distinct text, as the index of its first draft and its sketch.
    reps = [(members[0], sketch_of[exact]) for exact, members in by_exact.items()]
    stats.distinct = len(reps)
    parent = {r: r for r, _ in reps}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(BANDS):
        buckets: dict[tuple[int, ...], tuple[int, tuple[int, ...]]] = {}
        lo, hi = band * ROWS, (band + 1) * ROWS
        for rep in reps:
            r, sketch = rep
            first, other = buckets.setdefault(sketch[lo:hi], rep)
            if first == r or root(first) == root(r):
                continue
            stats.comparisons += 1
            same = sum(map(eq, sketch, other)) / PERMUTATIONS
            if same >= THRESHOLD:
                parent[root(r)] = root(first)
    clusters: dict[int, list[int]] = {}
    for members in by_exact.values():
        clusters.setdefault(root(members[0]), []).extend(members)
    for members in clusters.values():
        if len(members) >= 2:
            stats.groups.append(sorted(members))
    return stats


@register
class DuplicateReply(BatchRule[_Draft | None]):
    slug = "duplicate-reply"
    severity = Severity.WARNING
    message = "Same or nearly the same reply sent to several customers"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION, Need.BATCH})
    suggestion = "Write to each customer about their own problem; keep templates to the opener."
    docs = RuleDocs(
        what=(
            "In one run (one `lint_many` call, one input file), flags drafts whose text is "
            "the same or nearly the same — after taking out names, handles, numbers, "
            "placeholders, links and agent initials — as another draft of the run, "
            "typically the same stock paragraph pasted to several customers. Only drafts "
            "that do not take up their own customer's words count: the same answer to the "
            "same question (\"price gouging\" to customers asking about price gouging) is "
            "consistent, not bot-like. A shared opener or sign-off with a specific answer in "
            "between is not a duplicate either. When drafts carry timestamps (the draft's, "
            "or else the customer's last message), only drafts within 24 hours of each "
            "other count as one run of pasted replies. Drafts of fewer than eight words and drafts with no customer message "
            "are not judged. Comparison uses MinHash signatures in locality-sensitive "
            "buckets, so 100,000 drafts cost little more than 1,000. Never fires on a "
            "single `lint()` call."
        ),
        why=(
            '"Tweeting like a bot or offering a vague response that is out of context does '
            'not do anything other than annoy" (seed 003). The same paragraph pasted to '
            "customers with different problems answers none of them."
        ),
        seeds=("003",),
        instead=(
            "Answer each customer's own question: \"Hi Marit, refunds for cancelled "
            'bookings take 7-10 days; yours was issued on 2 December."'
        ),
        guidance="Don't tweet like a bot: each customer gets an answer to their own problem (seed 003).",
    )
    _stock = (
        "We're sorry for any inconvenience caused. Please DM us your details and a member "
        "of our team will look into this for you."
    )
    failing = (
        Example(
            _stock,
            context="@Brand paying for 300Mb and getting 40Mb every evening",
            batch=(_stock, "Thanks, all sorted now."),
        ),
        Example(
            "Hi Ola, thank you for your message. Due to operational reasons there may be "
            "delays. Please check the app for the latest information. Have a nice day!",
            context="@Brand is AN342 to Tromsø still going ahead?",
            batch=(
                "Hi Finn, thank you for your message. Due to operational reasons there may "
                "be delays. Please check the app for the latest information. Have a nice day!",
            ),
        ),
        Example(
            "@kim_r Thanks for reaching out! Please follow this link so we can help you "
            "one-on-one: https://support.example.com/a?step=1 ^TB",
            context="@Brand can't log in to my account",
            batch=(
                "@jo_p Thanks for reaching out! Please follow this link so we can help you "
                "one-on-one: https://support.example.com/a?step=2 ^MS",
            ),
        ),
    )
    passing = (
        Example(
            "Hi Nina, thanks for getting in touch. We can see your router restarting around "
            "8pm; a firmware fix goes out tonight. ^HB",
            context="@Brand wifi drops every evening around 8",
            batch=(
                "Hi Raj, thanks for getting in touch. The April change is £2.50 a month on "
                "every plan; it's on page 2 of your letter. ^HB",
            ),
        ),
        Example(
            "Thanks so much, have a great day!",
            context="@Brand all sorted, thanks",
            batch=("Thanks so much, have a great day!",),
            note="too short to be a copied answer",
        ),
        Example(
            "We're sorry for any inconvenience caused. Please DM us your details and a "
            "member of our team will look into this for you.",
            context="@Brand paying for 300Mb and getting 40Mb every evening",
            note="linted alone: batch rules never fire on a single draft",
        ),
    )

    def collect(self, ctx: DraftContext) -> _Draft | None:
        conv = ctx.conversation
        # Whether the customer speaks, the authors of their messages and the time of the
        # last message that has one: one pass.
        spoke = False
        names: list[str] = []
        last: datetime | None = None
        for message in conv.messages:
            if message.role == "customer":
                spoke = True
                if message.author:
                    names.append(message.author)
            if message.timestamp is not None:
                last = message.timestamp
        if not spoke:
            return None
        text = ctx.text
        if text in _TEXTS:
            reduced = _TEXTS[text]
        else:
            reduced = _reduce_text(text)
            if len(text) <= _CACHED_TEXT:
                if len(_TEXTS) >= _TEXTS_SIZE:
                    _TEXTS.clear()
                _TEXTS[text] = reduced
        if reduced is None:
            return None  # too short to judge, even before names are taken out
        joined, exact, shingles, sketch = reduced
        for name in names:
            name_words = _name_words(name)
            # A word of the text is part of their join: a name none of whose words is
            # part of it is not among them (a test cheaper than looking every word up).
            for word in name_words:
                if word in joined:
                    break
            else:
                continue
            if not name_words.isdisjoint(joined.split(" ")):
                # A customer's name is among the words: what ``normalise(text, names)`` is.
                drop = frozenset().union(*map(_name_words, names))
                kept = [w for w in joined.split(" ") if w not in drop]
                if len(kept) < MIN_WORDS:
                    return None  # too short to judge: the rest of the signature is never read
                exact, shingles, sketch = _reduce(kept)
                break
        customer = names[0].lower() if names else (conv.id or None)
        draft = conv.draft
        stamp = draft.timestamp if draft is not None else None
        if stamp is None:
            stamp = last
        time = stamp.timestamp() if stamp is not None else None
        said = ctx.analysis.latest_text
        return _Draft(customer, len(text), text, said, exact, shingles, sketch, time)

    def finish(self, items: Sequence[_Draft | None]) -> dict[int, list[Finding]]:
        exacts = [None if d is None else d.exact for d in items]
        out: dict[int, list[Finding]] = {}
        engages = _Engages()
        for found in _find(exacts, _sketch_of(items)).groups:
            # Every member of a group was judged: none is ``None``.
            drafts = {i: d for i in found if (d := items[i]) is not None}
            # Reported are the bursts of the group's pasted drafts. Taking drafts out only
            # widens the gaps between the times left, so each of these bursts lies within
            # one burst of the whole group; a burst of one draft reports nothing. Whether a
            # draft engages is asked only in the group's bursts of two or more: on real
            # data most drafts of a group are days from any other.
            for run in _bursts(found, drafts):
                if len(run) >= 2:
                    pasted = _pasted(run, drafts, engages)
                    # A whole burst (sorted, as _bursts gives it) is its own only burst.
                    for group in [run] if pasted == run else _bursts(pasted, drafts):
                        self._report(group, drafts, out)
        return out

    @staticmethod
    def _report(
        group: list[int], drafts: Mapping[int, _Draft], out: dict[int, list[Finding]]
    ) -> None:
        if len(group) >= 2:
            customers = {drafts[i].customer for i in group}
            who = f"{len(customers)} customers" if len(customers) > 1 else "the same customer"
            message = f"Same or nearly the same reply sent {len(group)} times in this run, to {who}"
            # A finding is immutable: drafts of the same length share one.
            by_length: dict[int, Finding] = {}
            for index in group:
                length = drafts[index].length
                finding = by_length.get(length)
                if finding is None:
                    finding = by_length[length] = Finding(0, length, message=message)
                out[index] = [finding]


class _Engages:
    """Does a draft take up its own customer's words? A stock answer that does is
    answering the same question again; one that does not is pasted. Drafts and
    customer messages repeat: each text's topic words are worked out once."""

    def __init__(self) -> None:
        self._topics: dict[str, frozenset[str]] = {}
        self._known: dict[tuple[str, str], bool] = {}

    def __call__(self, draft: _Draft) -> bool:
        key = (draft.text, draft.said)
        known = self._known.get(key)
        if known is None:
            # The customer's words first: when there are none, the draft's are not needed
            # (no stem is shared with nothing).
            said = self._words(draft.said)
            known = self._known[key] = bool(said) and shares_stem(self._words(draft.text), said)
        return known

    def _words(self, text: str) -> frozenset[str]:
        words = self._topics.get(text)
        if words is None:
            words = self._topics[text] = topic_words_by_chunk(text)
        return words


def topic_words_by_chunk(text: str) -> frozenset[str]:
    """``_topic_words(text)``, put together from the topic words of each of the text's
    whitespace-separated chunks, which are remembered (chunks repeat from draft to
    draft, the texts asked about here seldom within a few drafts).

    ``_topic_words`` blanks the URLs (``(?:https?://|www\\.)\\S+``), then the @handles
    (``(?<![\\w@])@\\w{1,30}``) and takes the words of the chunks left. Neither match
    holds a character that parts chunks, so none runs from one chunk into the next;
    and what precedes a chunk (a space, or nothing) is neither ``\\w`` nor "@", so a
    chunk gives the same matches alone as in its text. Blanking only parts chunks
    further: the words of the text are those of its chunks, each cleaned alone. The
    exception: the four characters ``str.split`` takes for spaces and ``\\s`` does not
    (U+001C..U+001F), inside which a URL runs on; a text holding one goes the long way."""
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
        return _topic_words(text)
    chunks = text.split()
    found = list(map(_CHUNK_TOPICS.get, chunks))
    # The chunks not kept (few: mostly long URLs), found by C loops, not a Python one.
    at = -1
    for _ in range(found.count(None)):
        at = found.index(None, at + 1)
        chunk = chunks[at]
        found[at] = got = _chunk_topic_words(chunk)
        if len(chunk) <= _CACHED_TOPIC_CHUNK:
            if len(_CHUNK_TOPICS) >= _TOPIC_CHUNKS_SIZE:
                _CHUNK_TOPICS.clear()
            _CHUNK_TOPICS[chunk] = got
    return frozenset(chain.from_iterable(found))  # type: ignore[arg-type]  # no None left


def _chunk_topic_words(chunk: str) -> tuple[str, ...]:
    """The topic words of one chunk (no character of it a space): a URL in it runs
    from its start to the end of the chunk, so only what comes before is read."""
    if may_hold_url(chunk):
        m = _URL_START.search(chunk)
        if m is not None:
            chunk = chunk[: m.start()]
    if "@" in chunk:
        chunk = _HANDLE.sub(" ", chunk)
        return tuple(chain.from_iterable(map(_topic_list, chunk.split())))
    return _topic_list(chunk) if chunk else ()


# Where a URL of ``_draft.url_spans`` starts: its prefix and one more non-space character.
_URL_START = lazy_regex(r"(?:https?://|www\.)\S", regex.IGNORECASE)
_CHUNK_TOPICS: dict[str, tuple[str, ...]] = {}
# Chunks longer than this are never kept; the dict is emptied when it holds this many.
_CACHED_TOPIC_CHUNK = 40
_TOPIC_CHUNKS_SIZE = 8192


def _pasted(indexes: list[int], drafts: Mapping[int, _Draft], engages: _Engages) -> list[int]:
    """The drafts of ``indexes`` (a burst of a group) that do not engage with their
    customer's words (see :class:`_Engages`), or fewer of them when they cannot make a
    report: a report needs two pasted drafts, so once fewer than two could still be
    found, the rest are not asked about (working out a text's topic words is the dear
    part of ``finish``)."""
    pasted: list[int] = []
    for left, index in zip(range(len(indexes), 0, -1), indexes):
        if len(pasted) + left < 2:
            break
        if not engages(drafts[index]):
            pasted.append(index)
    return pasted


def _sketch_of(items: Sequence[_Draft | None]) -> dict[bytes, tuple[int, ...]]:
    """The sketch of each exact hash of the collected drafts, the deferred sketches
    computed together, once per distinct text (drafts with the same exact hash have the
    same words, so the same sketch)."""
    firsts: dict[bytes, _Draft] = {}
    for d in items:
        if d is not None:
            firsts.setdefault(d.exact, d)
    pending = [d for d in firsts.values() if d.sketch is None]
    sketch_of = {d.exact: d.sketch for d in firsts.values() if d.sketch is not None}
    sketch_of.update(zip((d.exact for d in pending), _sketches([d.shingles for d in pending])))
    return sketch_of


def _bursts(indexes: list[int], drafts: Mapping[int, _Draft]) -> list[list[int]]:
    """Split a group into runs of drafts sent within :data:`WINDOW_SECONDS` of each
    other; drafts without a time form one run of their own."""
    untimed = [i for i in indexes if drafts[i].time is None]
    timed = sorted((t, i) for i in indexes if (t := drafts[i].time) is not None)
    runs: list[list[int]] = [untimed] if untimed else []
    last: float | None = None
    for t, i in timed:
        if last is None or t - last > WINDOW_SECONDS:
            runs.append([])
        runs[-1].append(i)
        last = t
    return [sorted(r) for r in runs]
