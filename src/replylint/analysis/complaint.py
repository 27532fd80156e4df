"""Complaint detection: does the customer express a breach of expectations?

The detector follows the definition of Preotiuc-Pietro et al. (ACL 2019): a
complaint states that reality falls short of what the customer expected. It is a
pair of logistic-regression models over the same features, trained by
``tools/train_complaint.py`` and shipped as ``data/complaint_model.json.gz``:

* the *addressee* model estimates whether the message is written to a brand at all;
* the *complaint* model, trained on brand-directed messages (the others come in as
  negatives with a small weight), estimates whether such a message is a complaint.

The score is ``P(addressee) ** power * P(complaint)``; ``power`` (0.5 or 1) and the
decision threshold are chosen by cross-validation at training time. Features are

* TF-IDF (sublinear term frequency, L2-normalised) word 1-2 grams,
* TF-IDF character 2-5 grams taken inside word boundaries,
* a few dense cues: capitals, ``!!``, question marks, length, links, handles and
  their shape (digits, "help"/"care"/"support" accounts), truncated auto-posts,
  promotion tags, emoticons, and counts of small word lists (negative words, service
  problems, elapsed time, negation, thanks and praise, questions, expectations,
  purchases, contact attempts, pronouns) and complaint phrases.

Everything the model sees goes through the functions of this module, which the
training script imports as well, so training and inference cannot drift apart.
Inference is plain Python and numpy (batched over ``score_many``); it reproduces the trained models' scores exactly.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import threading
from array import array
from collections.abc import Sequence
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

__all__ = [
    "FORMAT_VERSION",
    "ComplaintModel",
    "char_features",
    "dense_feature_names",
    "dense_features",
    "normalise",
    "word_features",
]

FORMAT_VERSION = 1
_RESOURCE = "complaint_model.json.gz"

# -- text normalisation ------------------------------------------------------------

_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'"}
_ENTITY_RE = re.compile("|".join(re.escape(e) for e in _ENTITIES))
_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def normalise(text: str) -> str:
    """The canonical form every feature is computed from.

    HTML entities are decoded (``&amp;`` -> ``&``), typographic quotes, dashes and the
    ellipsis folded to ASCII, white space collapsed and the text lower-cased.

    Handles, links and numbers are kept as written: in cross-validation, replacing
    them by placeholder tokens lost accuracy (the brand a message is addressed to is
    informative, and so is the shape of a shortened link).
    """
    t = _ENTITY_RE.sub(_entity, text) if "&" in text else text
    # str.split() splits on exactly the characters ``\s`` matches.
    return " ".join(t.translate(_PUNCT).split()).lower()


def _entity(match: re.Match[str]) -> str:
    return _ENTITIES[match.group(0)]


# -- sparse features ---------------------------------------------------------------

_TOKEN_RE = re.compile(r"[@#]?\w+(?:'\w+)*|[!?]+|\.\.\.|[^\w\s]")

CHAR_MIN = 2
CHAR_MAX = 5


def word_features(norm: str) -> list[str]:
    """Word unigrams and bigrams of a normalised text (punctuation runs are words)."""
    tokens = _TOKEN_RE.findall(norm)
    grams = list(tokens)
    grams.extend([a + " " + b for a, b in pairwise(tokens)])
    return grams


def char_features(norm: str) -> list[str]:
    """Character 2-5 grams inside word boundaries, each word padded with a space."""
    grams: list[str] = []
    for word in norm.split(" "):
        if word:
            grams.extend(_word_char_grams(word))
    return grams


def _word_char_grams(word: str) -> list[str]:
    padded = " " + word + " "
    size = len(padded)
    return [
        padded[i : i + n]
        for n in range(CHAR_MIN, min(CHAR_MAX, size) + 1)
        for i in range(size - n + 1)
    ]


# -- dense features ----------------------------------------------------------------


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


# Word lists: entries of four letters or more match as prefixes ("disappoint" covers
# "disappointed", "disappointing"), shorter ones match whole words. Lists marked
# exact always match whole words.
_LEXICON: dict[str, tuple[bool, tuple[str, ...]]] = {
    "negative": (
        False,
        _words("""worst terribl awful horribl horrend useless ridiculous pathetic disgust disgrac
            shock appall unacceptabl rubbish crap shit suck joke shambl disappoint frustrat
            annoy angry furious hate incompeten scam fraud liar lied lying nightmare outrag
            poor dreadful atrocious abysmal woeful inexcusabl clueless ripoff lousy mess
            garbage trash hell wtf smh ugh fuck damn bloody stupid idiot rude unprofession
            unhelpful pissed upset sad mad livid gutted fed sick tired bad worse insult
            embarrass unbeliev absurd laughabl sham greed misleading false ruin"""),
    ),
    "problem": (
        False,
        _words("""broke broken fail faulty damag missing lost stuck wrong error issue problem bug
            crash glitch freez delay late cancel overcharg charg refund down outage slow leak
            defect dead stopp unabl imposs declin denied reject block lock wait hold complain
            complaint fix replac return compensat"""),
    ),
    "time": (
        False,
        _words("""still again yet since hour day week month ages already twice third repeated keep
            keeps kept constant every always forever longer"""),
    ),
    "positive": (
        False,
        _words("""thank thx love great awesom amazing excellent best good nice happy glad
            brilliant perfect wonderful fantastic appreciat enjoy fun beautiful cool congrat
            win lol haha yay favo proud excit kudos impress helpful quick easy pleas delight
            sweet lovely yum delicious cute wow omg hope hoping cheers welcome super"""),
    ),
    "question": (
        False,
        _words("""how what when where which who can could would will please pls plz help dm
            advise info know wondering question possible any anyone"""),
    ),
    "negation": (
        True,
        _words("""not no never nothing nobody none cannot can't won't don't doesn't didn't isn't
            wasn't aren't haven't hasn't couldn't wouldn't shouldn't dont doesnt didnt cant
            wont isnt havent hasnt nope neither nor"""),
    ),
    "expectation": (
        False,
        _words("supposed promis expect should guarant meant advertis claim apparently"),
    ),
    "transaction": (
        False,
        _words("""order bought buy book paid purchas subscri deliver ship package parcel bill
            account contract plan"""),
    ),
    "contact": (
        False,
        _words("call rang email messag contact tweet chat phone spoke told said"),
    ),
    "contrast": (True, _words("but however though although instead yet")),
    "intensifier": (
        True,
        _words("so very really absolutely completely totally extremely such even literally"),
    ),
    "first_person": (True, _words("i my me i'm i've i'd mine myself we our us we've")),
    "second_person": (True, _words("you your you're yours u ur you've yourselves")),
}
_LEXICON_NAMES = tuple(_LEXICON)

_PHRASES = (
    "no reply",
    "no response",
    "no answer",
    "still waiting",
    "still not",
    "still no",
    "not working",
    "doesn't work",
    "does not work",
    "not work",
    "customer service",
    "sort it",
    "sort this",
    "how long",
    "no one",
    "nobody",
    "why is",
    "why does",
    "why do",
    "why are",
    "why can't",
    "why won't",
    "what is going on",
    "for the last",
    "been waiting",
    "not happy",
    "not good",
    "not impressed",
    "yet again",
    "once again",
    "every time",
    "fed up",
    "sick of",
    "tired of",
    "on hold",
    "never again",
    "not received",
    "never received",
    "hasn't arrived",
    "not arrived",
    "never arrived",
    "where is my",
    "where's my",
    "get back to",
    "no longer",
    "waste of",
    "not acceptable",
    "rip off",
    "sort out",
    "what's going on",
    "are you kidding",
    "seriously",
    "really?",
)
# The phrases by their first word (or first three letters): a phrase can only be
# in a text that contains its key.
_PHRASE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (key, tuple(p for p in _PHRASES if (p.split(" ")[0] if " " in p else p[:3]) == key))
    for key in dict.fromkeys(p.split(" ")[0] if " " in p else p[:3] for p in _PHRASES)
)
_SMILES = (":)", ":-)", ":D", "<3", ";)")
_FROWNS = (":(", ":-(", ":/")
_HANDLE_RE = re.compile(r"@(\w+)")
_LEAD_HANDLES_RE = re.compile(r"(?:@\w+\s*)+")
_CARE_RE = re.compile(r"help|support|care|service|ask|team|cs|hq|customer|official|info")
_TRUNCATED_RE = re.compile(r"(?:\.\.\.|\u2026)\s*(?:https?://\S+\s*)*$")
_PROMO_RE = re.compile(
    r"#(?:giveaway|promotion|promo|ad|sponsored|win|contest|sweepstakes)\b|\brt\b"
)
_ASCII_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_LETTERS = _ASCII_UPPER + _ASCII_UPPER.lower()
_LEX_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")

_BASE_DENSE = (
    "caps_ratio",
    "caps_words",
    "double_exclamation",
    "exclamations",
    "question_marks",
    "log_chars",
    "log_words",
    "starts_with_handle",
    "has_link",
    "hashtags",
    "handles",
    "smileys",
    "frowns",
    "handle_digits",
    "handle_care",
    "handle_count_lead",
    "truncated",
    "promotion",
    "handle_share",
)

_word_groups_cache: dict[str, tuple[int, ...]] = {}
_CACHE_LIMIT = 200_000


def _build_lexicon_index() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]], int]:
    """Whole-word and prefix tables of :data:`_LEXICON`, by group index."""
    whole: dict[str, set[int]] = {}
    prefix: dict[str, set[int]] = {}
    for index, name in enumerate(_LEXICON_NAMES):
        exact, entries = _LEXICON[name]
        for entry in entries:
            table = whole if exact or len(entry) < 4 else prefix
            table.setdefault(entry, set()).add(index)
    longest = max(map(len, prefix))
    return (
        {k: frozenset(v) for k, v in whole.items()},
        {k: frozenset(v) for k, v in prefix.items()},
        longest,
    )


_WHOLE, _PREFIX, _PREFIX_MAX = _build_lexicon_index()
# Every prefix entry has at least four letters: a word whose first four are not those
# of some entry can only match whole-word entries.
_PREFIX_HEADS = frozenset(entry[:4] for entry in _PREFIX)


def _word_groups(word: str) -> tuple[int, ...]:
    """Indices of the word lists ``word`` belongs to, in list order."""
    groups = _word_groups_cache.get(word)
    if groups is None:
        whole = _WHOLE.get(word)
        if word[:4] not in _PREFIX_HEADS:
            groups = tuple(sorted(whole)) if whole else ()
        else:
            found: set[int] = set(whole or ())
            get = _PREFIX.get
            for end in range(4, min(len(word), _PREFIX_MAX) + 1):
                hit = get(word[:end])
                if hit is not None:
                    found |= hit
            groups = tuple(sorted(found))
        if len(_word_groups_cache) >= _CACHE_LIMIT:
            _word_groups_cache.clear()
        _word_groups_cache[word] = groups
    return groups


def dense_feature_names() -> list[str]:
    """Names of :func:`dense_features`' values, in order."""
    return [*_BASE_DENSE, *(f"lex_{n}" for n in _LEXICON_NAMES), "phrases"]


def dense_features(text: str, norm: str) -> list[float]:
    """Case, punctuation, length and word-list cues of a message.

    ``text`` is the raw message (for case and emoticons), ``norm`` its
    :func:`normalise` form.
    """
    if text.isascii():
        raw = text.encode("ascii")
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
    else:
        letters = sum(map(str.isalpha, text))
        upper = sum(map(str.isupper, filter(str.isalpha, text))) if letters else 0
    caps_words = sum(1 for w in filter(str.isupper, text.split()) if len(w) >= 3 and w.isalpha())
    words = _LEX_WORD_RE.findall(norm)
    values = [
        upper / letters if letters else 0.0,
        float(caps_words),
        1.0 if "!!" in text else 0.0,
        float(text.count("!")),
        float(text.count("?")),
        math.log1p(len(text)),
        math.log1p(len(words)),
        1.0 if text.lstrip().startswith("@") else 0.0,
        1.0 if ("http" in norm or "www." in norm) and _URL_RE.search(norm) else 0.0,
        float(text.count("#")),
        float(text.count("@")),
        float(sum(map(text.count, _SMILES))),
        float(sum(map(text.count, _FROWNS))),
    ]
    counts = [0.0] * len(_LEXICON_NAMES)
    cache_get = _word_groups_cache.get
    for w in words:
        groups = cache_get(w)
        if groups is None:
            groups = _word_groups(w)
        for index in groups:
            counts[index] += 1.0
    at = "@" in norm
    handles: list[str] = _HANDLE_RE.findall(norm) if at else []
    lead = _LEAD_HANDLES_RE.match(norm) if at else None
    values.extend(
        [
            1.0 if handles and any(map(str.isdigit, handles[0])) else 0.0,
            1.0 if any(_CARE_RE.search(h) for h in handles) else 0.0,
            float(lead.group(0).count("@")) if lead else 0.0,
            1.0 if "..." in norm and _TRUNCATED_RE.search(norm) else 0.0,
            1.0 if ("#" in norm or "rt" in norm) and _PROMO_RE.search(norm) else 0.0,
            sum(len(h) + 1 for h in handles) / len(norm) if norm else 0.0,
        ]
    )
    values.extend(counts)
    phrases = 0
    for key, group in _PHRASE_GROUPS:
        if key in norm:
            phrases += sum(map(norm.__contains__, group))
    values.append(float(phrases))
    return values


# -- the model ---------------------------------------------------------------------


class _Block:
    """One TF-IDF block: vocabulary, idf, and a weight row per head."""

    __slots__ = ("idf", "index", "size", "weights")

    def __init__(self, data: dict[str, Any], heads: int) -> None:
        vocab = [str(f) for f in data["vocabulary"]]
        self.index: dict[str, int] = {f: i for i, f in enumerate(vocab)}
        self.size = len(vocab)
        self.idf: np.ndarray = np.asarray(data["idf"], dtype=np.float64)
        self.weights: np.ndarray = np.asarray(data["weights"], dtype=np.float64)
        if len(self.index) != self.size or self.idf.shape != (self.size,):
            raise ValueError("complaint model: inconsistent block sizes")
        if self.weights.shape != (heads, self.size):
            raise ValueError("complaint model: inconsistent block sizes")

    def contributions(self, rows: np.ndarray, found: np.ndarray, n: int) -> np.ndarray:
        """Each head's dot product with each row's L2-normalised sublinear TF-IDF vector.

        ``found`` lists vocabulary indices (with repeats), ``rows`` the row of each.
        Sums run in a fixed order per row, so a row's result does not depend on the
        other rows of the batch.
        """
        heads = self.weights.shape[0]
        if not found.size:
            return np.zeros((heads, n))
        keys = rows.astype(np.int64) * self.size + found
        unique, counts = np.unique(keys, return_counts=True)
        row = unique // self.size
        col = unique % self.size
        x = _sublinear(counts) * self.idf[col]
        norm = np.sqrt(np.bincount(row, weights=x * x, minlength=n))
        norm[norm == 0.0] = 1.0
        out = np.empty((heads, n))
        for h in range(heads):
            out[h] = np.bincount(row, weights=x * self.weights[h, col], minlength=n) / norm
        return out


_CACHE_SIZE = 100_000
# Words looked up together in numpy once a batch has this many new ones, and the
# table for it built (some tens of ms) only for a batch with _BUILD_MIN new words:
# scoring one conversation at a time never pays for it.
_BULK_MIN = 16
_BUILD_MIN = 512
# Batches of at most this many texts (one conversation's messages) take
# ComplaintModel._small_logits: fewer numpy calls, the dense part in plain Python.
_SMALL_BATCH = 8
_KEY_BITS = 12
_KEY_LIMIT_CHAR = chr(1 << _KEY_BITS)
# 1 + ln(count) for small counts, from math.log: elementwise numpy transcendental
# functions may round differently across SIMD lanes, which would make a text's score
# depend on its position in a batch.
_SUBLINEAR = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 256)])


def _sublinear(counts: np.ndarray) -> np.ndarray:
    out: np.ndarray = _SUBLINEAR[np.minimum(counts, len(_SUBLINEAR) - 1)]
    big = np.flatnonzero(counts >= len(_SUBLINEAR))
    if big.size:
        out[big] = [1.0 + math.log(c) for c in counts[big].tolist()]
    return out


class _KeyTable:
    """An open-addressing hash table from non-negative int64 keys to int64 values.

    Built and probed in numpy, many keys at a time (linear probing, multiplicative
    hashing, load factor at most one half).
    """

    __slots__ = ("_keys", "_mask", "_shift", "_values")

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        bits = max(4, int(keys.size * 2 - 1).bit_length())
        self._mask = (1 << bits) - 1
        self._shift = np.uint64(64 - bits)
        self._keys: np.ndarray = np.full(1 << bits, -1, dtype=np.int64)
        self._values: np.ndarray = np.zeros(1 << bits, dtype=np.int64)
        slots = self._slots(keys)
        pending = np.arange(keys.size)
        while pending.size:
            wanted = slots[pending]
            free = self._keys[wanted] == -1
            # Of several keys wanting the same free slot, the first takes it.
            taken, first = np.unique(wanted[free], return_index=True)
            winners = pending[free][first]
            self._keys[taken] = keys[winners]
            self._values[taken] = values[winners]
            placed = np.zeros(keys.size, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slots[pending] = (slots[pending] + 1) & self._mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        hashed = (keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift
        slots: np.ndarray = hashed.astype(np.int64)
        return slots

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions in ``keys`` that are in the table, and their values."""
        slots = self._slots(keys)
        found = np.full(keys.size, -1, dtype=np.int64)
        active = np.arange(keys.size)
        while active.size:
            at = slots[active]
            stored = self._keys[at]
            hit = stored == keys[active]
            found[active[hit]] = self._values[at[hit]]
            active = active[~hit & (stored != -1)]
            slots[active] = (slots[active] + 1) & self._mask
        where = np.flatnonzero(found >= 0)
        return where, found[where]


class ComplaintModel:
    """Scores messages for complaints; see the module docstring for the method."""

    threshold: float

    _default: ComplaintModel | None = None
    _default_lock = threading.Lock()

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"complaint model: unsupported format {data.get('format')!r}")
        heads = [str(h) for h in data["heads"]]
        if heads != ["addressee", "complaint"]:
            raise ValueError(f"complaint model: unexpected heads {heads!r}")
        self.threshold = float(data["threshold"])
        self._power = float(data["addressee_power"])
        self._word = _Block(data["word"], len(heads))
        self._char = _Block(data["char"], len(heads))
        dense = data["dense"]
        if [str(n) for n in dense["names"]] != dense_feature_names():
            raise ValueError("complaint model: dense features do not match this version")
        self._mean: np.ndarray = np.asarray(dense["mean"], dtype=np.float64)
        self._scale: np.ndarray = np.asarray(dense["scale"], dtype=np.float64)
        self._dense_weights: np.ndarray = np.asarray(dense["weights"], dtype=np.float64)
        self._intercepts: np.ndarray = np.asarray(data["intercepts"], dtype=np.float64)
        size = len(dense_feature_names())
        if self._mean.shape != (size,) or self._scale.shape != (size,):
            raise ValueError("complaint model: inconsistent dense sizes")
        if self._dense_weights.shape != (len(heads), size) or self._intercepts.shape != (2,):
            raise ValueError("complaint model: inconsistent dense sizes")
        self._char_cache: dict[str, bytes] = {}
        self._table: _KeyTable | None = None
        self._fused_blocks: tuple[int, int, np.ndarray] | None = None
        self._dense_cache: (
            tuple[list[float], list[float], tuple[list[float], list[float]], tuple[float, float]]
            | None
        ) = None

    # construction

    @classmethod
    def default(cls) -> ComplaintModel:
        """The shipped model, loaded once per process."""
        model = cls._default
        if model is None:
            with cls._default_lock:
                model = cls._default
                if model is None:
                    ref = resources.files("replylint") / "data" / _RESOURCE
                    model = cls._from_bytes(ref.read_bytes())
                    cls._default = model
        return model

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ComplaintModel:
        """A model written by ``tools/train_complaint.py``."""
        with open(path, "rb") as fh:
            return cls._from_bytes(fh.read())

    @classmethod
    def _from_bytes(cls, raw: bytes) -> ComplaintModel:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("complaint model: not a JSON object")
        return cls(data)

    def prepare(self) -> ComplaintModel:
        """Build now the lookup table large batches use (otherwise built on first use).

        Takes some tens of milliseconds; callers that time scoring call it first, as
        they load the model first. Returns the model.
        """
        self._gram_table()
        return self

    # scoring

    def _char_indices(self, word: str) -> bytes:
        """Vocabulary indices of a word's character n-grams, as native int64 bytes."""
        get = self._char.index.get
        found = [i for g in _word_char_grams(word) if (i := get(g)) is not None]
        return array("q", found).tobytes()

    def _gram_table(self) -> _KeyTable:
        """The character vocabulary by integer key.

        A gram's key packs its code points, 12 bits each, first character lowest.
        Only grams of at most ``CHAR_MAX`` characters, all in U+0001..U+0FFF, get a
        key, so keys are unique and never collide with a shorter gram's.
        """
        table = self._table
        if table is None:
            grams = list(self._char.index)  # in index order
            joined = "".join([g[:CHAR_MAX].ljust(CHAR_MAX, "\0") for g in grams])
            codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
            codes = codes.reshape(-1, CHAR_MAX)
            sizes = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
            keyed = (codes < (1 << _KEY_BITS)).all(axis=1) & ((codes != 0).sum(axis=1) == sizes)
            index = np.flatnonzero(keyed)
            wide = codes[index].astype(np.int64)
            keys = np.zeros(index.size, dtype=np.int64)
            for k in range(CHAR_MAX):
                keys |= wide[:, k] << (_KEY_BITS * k)
            table = self._table = _KeyTable(keys, index)
        return table

    def _bulk_char_indices(self, words: list[str]) -> list[bytes]:
        """:meth:`_char_indices` of many words at once, in numpy.

        The words (each with characters in U+0001..U+0FFF) are padded, joined with
        U+0000 between them, and every n-gram that does not cross a separator is
        packed into a key and looked up in :meth:`_gram_table`. Indices come out in
        the order of :meth:`_char_indices` (by size, then by position).
        """
        table = self._gram_table()
        joined = "\0" + "\0".join([" " + w + " " for w in words]) + "\0"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        size = codes.size
        zero = codes == 0
        word_of = np.cumsum(zero) - 1
        zeros = np.concatenate(([0], np.cumsum(zero)))
        window = codes.copy()
        found_words: list[np.ndarray] = []
        found_index: list[np.ndarray] = []
        for n in range(2, CHAR_MAX + 1):
            starts = size - n + 1
            window = window[:starts] | (codes[n - 1 :] << (_KEY_BITS * (n - 1)))
            inside = np.flatnonzero(zeros[n:] == zeros[:starts])
            hit, index = table.lookup(window[inside])
            found_words.append(word_of[inside[hit]])
            found_index.append(index)
        owner = np.concatenate(found_words)
        order = np.argsort(owner, kind="stable")
        packed = np.concatenate(found_index)[order].tobytes()
        ends = (np.cumsum(np.bincount(owner, minlength=len(words))) * 8).tolist()
        return [packed[a:b] for a, b in zip([0, *ends], ends)]

    def _lookup_chars(self, words: list[str]) -> dict[str, bytes]:
        """Character n-gram indices of words not in the cache."""
        bulk = [w for w in words if max(w) < _KEY_LIMIT_CHAR and min(w) > "\0"]
        found: dict[str, bytes] = {}
        if len(bulk) >= (_BULK_MIN if self._table is not None else _BUILD_MIN):
            found.update(zip(bulk, self._bulk_char_indices(bulk)))
        for word in words:
            if word not in found:
                found[word] = self._char_indices(word)
        return found

    def _resolve(self, word: str, fresh: dict[str, bytes]) -> bytes:
        packed = fresh.get(word)
        if packed is None:
            # Cached when the batch started; another thread may have cleared it since.
            packed = self._char_cache.get(word)
        return self._char_indices(word) if packed is None else packed

    def _features(
        self, texts: Sequence[str]
    ) -> tuple[list[int], list[int], list[bytes], list[list[float]]]:
        """Word vocabulary indices (all texts') and their number per text; per text the
        packed character indices and the dense features."""
        word_get = self._word.index.get
        char_get = self._char_cache.get
        word_found: list[int] = []
        word_lens: list[int] = []
        char_parts: list[bytes] = []
        unresolved: dict[int, list[str]] = {}
        missing: dict[str, None] = {}
        dense: list[list[float]] = []
        for row, text in enumerate(texts):
            norm = normalise(text)
            found = [i for i in map(word_get, word_features(norm)) if i is not None]
            word_found.extend(found)
            word_lens.append(len(found))
            words = norm.split(" ")
            parts: list[bytes] = []
            for word in words:
                packed = char_get(word)
                if packed is not None:
                    parts.append(packed)
                elif word:
                    missing[word] = None
                    unresolved[row] = words
            char_parts.append(b"" if row in unresolved else b"".join(parts))
            dense.append(dense_features(text, norm))
        if missing:
            fresh = self._lookup_chars(list(missing))
            cache = self._char_cache
            for row, words in unresolved.items():
                char_parts[row] = b"".join([self._resolve(w, fresh) for w in words if w])
            if len(cache) + len(fresh) > _CACHE_SIZE:
                cache.clear()
            cache.update(fresh)
        return word_found, word_lens, char_parts, dense

    def _small_logits(self, texts: Sequence[str]) -> list[tuple[float, float]]:
        """The heads' logits per text, bitwise those of :meth:`_batch_decisions`.

        For the few texts of one conversation, where numpy's fixed cost per call
        outweighs the arithmetic, the two TF-IDF blocks share one sort and one
        ``np.bincount`` (over the fused column space of :meth:`_fused`), and the dense
        part runs in plain Python. Every value still comes from the same IEEE
        operations in the same order, so results are identical, not just close:

        * a row's distinct columns come out ascending within each block, as from
          ``np.unique`` in :meth:`_Block.contributions`, with the same counts, the
          same ``_sublinear`` and the same products;
        * ``np.bincount`` adds its weights to each bin one after the other from 0.0,
          in input order; each (quantity, row, block) has its own bin, so each sum
          sees the same terms in the same order as in ``contributions``;
        * the same ``sqrt``, zero-norm rule and division, then ``(word + char) +
          intercept``, then per feature ``weight * ((value - mean) * scale)`` added
          in feature order, as the numpy loop does (Python floats are IEEE doubles;
          the loop adds with ``+=``, never with ``sum``).
        """
        n = len(texts)
        word_indices, word_lens, char_parts, dense = self._features(texts)
        offset, total, table = self._fused()
        word_found = np.array(word_indices, dtype=np.int64)
        char_found = np.frombuffer(b"".join(char_parts), dtype=np.int64)
        if n == 1:
            keys = np.concatenate((word_found, char_found + offset))
        else:
            bases = np.arange(n, dtype=np.int64) * total
            keys = np.concatenate(
                (
                    np.repeat(bases, word_lens) + word_found,
                    np.repeat(bases + offset, [len(p) >> 3 for p in char_parts]) + char_found,
                )
            )
        keys.sort()
        # Where each run of equal keys starts, and one past the last key.
        bounds = np.empty(keys.size + 1, dtype=bool)
        bounds[0] = bounds[-1] = True
        np.not_equal(keys[1:], keys[:-1], out=bounds[1:-1])
        edges = np.flatnonzero(bounds)
        starts = edges[:-1]
        row, col = np.divmod(keys[starts], total)
        entries = table.take(col, axis=0)  # rows of (idf, first head, second head)
        x = _sublinear(edges[1:] - starts) * entries[:, 0]
        terms = np.empty((3, x.size))
        np.multiply(x, x, out=terms[0])
        np.multiply(entries[:, 1:].T, x, out=terms[1:])
        groups = 2 * n
        # Bin of (quantity, row, block): quantity 0 is the squared norm, 1 and 2 the heads.
        group = row * 2 + (col >= offset)
        sums = np.bincount(
            (group + np.arange(0, 3 * groups, groups)[:, None]).ravel(),
            weights=terms.ravel(),
            minlength=3 * groups,
        ).reshape(3, groups)
        norm = np.sqrt(sums[0])
        norm[norm == 0.0] = 1.0
        head_a, head_b = (sums[1:] / norm).tolist()
        mean, scale, (first_w, second_w), (base_a, base_b) = self._dense_lists()
        out: list[tuple[float, float]] = []
        for r, values in enumerate(dense):
            a = head_a[2 * r] + head_a[2 * r + 1] + base_a
            b = head_b[2 * r] + head_b[2 * r + 1] + base_b
            for j, value in enumerate(values):
                scaled = (value - mean[j]) * scale[j]
                a += first_w[j] * scaled
                b += second_w[j] * scaled
            out.append((a, b))
        return out

    def _fused(self) -> tuple[int, int, np.ndarray]:
        """Word then character columns in one space: offset of the character columns,
        total size, and per column one row (idf, first head's weight, second's).

        One row per column keeps a column's three values together in memory (one
        gather instead of three: the small-batch path is bound by cache misses).
        """
        fused = self._fused_blocks
        if fused is None:
            word, char = self._word, self._char
            table = np.ascontiguousarray(
                np.column_stack(
                    (
                        np.concatenate((word.idf, char.idf)),
                        np.concatenate((word.weights, char.weights), axis=1).T,
                    )
                )
            )
            fused = self._fused_blocks = (word.size, word.size + char.size, table)
        return fused

    def _dense_lists(
        self,
    ) -> tuple[list[float], list[float], tuple[list[float], list[float]], tuple[float, float]]:
        """Dense mean, scale, the heads' weights and the intercepts as Python floats."""
        lists = self._dense_cache
        if lists is None:
            first, second = self._dense_weights.tolist()
            base_a, base_b = self._intercepts.tolist()
            lists = (self._mean.tolist(), self._scale.tolist(), (first, second), (base_a, base_b))
            self._dense_cache = lists
        return lists

    def decisions(self, texts: Sequence[str]) -> np.ndarray:
        """The heads' logits, shape (2, len(texts)): addressee, complaint."""
        n = len(texts)
        if 0 < n <= _SMALL_BATCH:
            rows = self._small_logits(texts)
            logits: np.ndarray = np.array([[a for a, _ in rows], [c for _, c in rows]])
            return logits
        return self._batch_decisions(texts)

    def _batch_decisions(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`decisions` in numpy, for batches of any size."""
        n = len(texts)
        word_found, word_lens, char_parts, dense = self._features(texts)
        char_lens = [len(p) >> 3 for p in char_parts]
        rows = np.arange(n)
        logits: np.ndarray = (
            self._word.contributions(
                np.repeat(rows, word_lens), np.array(word_found, dtype=np.int64), n
            )
            + self._char.contributions(
                np.repeat(rows, char_lens), np.frombuffer(b"".join(char_parts), dtype=np.int64), n
            )
            + self._intercepts[:, None]
        )
        # Dense part accumulated feature by feature (a fixed order, unlike BLAS).
        scaled = (np.array(dense, dtype=np.float64) - self._mean) * self._scale
        for j in range(scaled.shape[1]):
            logits += self._dense_weights[:, j : j + 1] * scaled[:, j]
        return logits

    def score(self, text: str) -> float:
        """Probability (0..1) that the message is a complaint."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> list[float]:
        """:meth:`score` for each text, in order."""
        if not texts:
            return []
        power = self._power
        if len(texts) <= _SMALL_BATCH:
            return [_sigmoid(a) ** power * _sigmoid(c) for a, c in self._small_logits(texts)]
        logits = self._batch_decisions(texts).tolist()
        return [_sigmoid(a) ** power * _sigmoid(c) for a, c in zip(logits[0], logits[1])]

    def is_complaint(self, score: float) -> bool:
        """Whether a score from :meth:`score` counts as a complaint."""
        return score >= self.threshold


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
