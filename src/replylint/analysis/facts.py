"""Facts about the customer's state, computed once per conversation and only on demand.

The facts read the customer's *latest turn*: the customer messages after the brand's
last message (or the last customer message when the brand has not spoken since).
Every fact can be supplied by the caller (``Conversation.facts``); supplied facts win.

Each fact is a boolean. ``question`` and ``anger`` are decided from a score between
0 and 1 (:attr:`ConversationAnalysis.question_score`, :attr:`~ConversationAnalysis.anger_score`)
that is kept on the analysis for rules and callers that want the detail; the public
:class:`~replylint.models.Facts` model carries the booleans (and ``complaint_score``).
See ``docs/analysis.md`` for what each fact means, with examples.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import regex

from .._lazy import lazy_re, lazy_regex
from ..models import Conversation, Facts, Message

if TYPE_CHECKING:
    from functools import cached_property

    from spacy.tokens import Doc

    from ..parse import Match, PhraseBank, Pipeline
else:
    _T = TypeVar("_T")

    class cached_property(Generic[_T]):
        """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on
        every first access, as dear as a cheap fact). An analysis belongs to one lint
        call; two threads racing on one would both compute the same value."""

        def __init__(self, func: Any) -> None:
            self.func = func
            self.attrname = func.__name__
            self.__doc__ = func.__doc__

        def __set_name__(self, owner: Any, name: str) -> None:
            self.attrname = name

        def __get__(self, instance: Any, owner: Any = None) -> Any:
            if instance is None:
                return self
            # A non-data descriptor: once stored, the instance attribute is found first.
            value = instance.__dict__[self.attrname] = self.func(instance)
            return value

__all__ = [
    "ANALYSIS_LISTS",
    "ConversationAnalysis",
    "Question",
    "brand_stem",
    "mentioned_handles",
    "split_questions",
]

# Phrase lists read from the customer's messages (data/phrases/NAME.txt).
ANALYSIS_LISTS: tuple[str, ...] = (
    "sales-inquiry",
    "churn",
    "anger",
    "profanity",
    "service-failure",
    "rhetorical-question",
    "phatic-question",
)

# A question counts when its score reaches this.
QUESTION_THRESHOLD = 0.5
# Anger counts when its score reaches this.
ANGER_THRESHOLD = 0.5

# URLs, including the broken "https: //" of some exports and bare domains with a path
# or query ("example.com/help?id=3"): a "?" inside one is not a question mark.
_URL = lazy_regex(
    r"(?:https?:\s?//|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", regex.IGNORECASE
)
# Every URL holds a "/" or starts with "www.": a message without one has no URL.
_URL_HINT = lazy_regex(r"/|www\.", regex.IGNORECASE)
_MENTION_PATTERN = r"(?<![\w@])@(\w{1,30})"
_MENTION = lazy_regex(_MENTION_PATTERN)
# The same pattern for the standard library, which tries it faster. In ASCII text the
# two agree: there ``\w`` is ``[A-Za-z0-9_]`` for both.
_ASCII_MENTION = lazy_re(_MENTION_PATTERN)
_SENTENCE = lazy_regex(r"[^.!?\n]+(?:[.!?…]+|$)|[.!?…]+", regex.MULTILINE)
_CLAUSE = lazy_regex(r"[^,;:–—]+")
_WORD = lazy_regex(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*")
# Stacked "!!!" or "?!" in a message: a sign of anger.
_STACKED_MARKS = lazy_regex(r"!{3,}|[!?]*(?:\?!|!\?)[!?]*")
# Words a direct question opens with (after "so", "hi", "also" ...).
_INTERROGATIVE = frozenset(
    [
        "how", "what", "what's", "whats", "when", "where", "why", "who", "which", "whose",
        "is", "are", "am", "was", "were", "can", "could", "will", "would", "do", "does",
        "did", "should", "shall", "has", "have", "had", "may", "might", "any", "anyone",
        "anybody", "isn't", "aren't", "can't", "couldn't", "won't", "wouldn't", "don't",
        "doesn't", "didn't", "hasn't", "haven't",
    ]
)
_OPENERS = frozenset(
    [
        "so", "and", "but", "also", "ok", "okay", "hi", "hey", "hello", "hiya", "please",
        "pls", "plz", "um", "well", "then", "now", "btw",
    ]
)
# Indirect questions: "any idea when", "can you tell me", "I was wondering if".
_INDIRECT = lazy_regex(
    r"\b(?:any idea (?:when|why|how|what|if|whether)|can you (?:please )?tell me"
    r"|could you (?:please )?(?:tell|let) me|i (?:was|am|'m) wondering (?:if|whether|when|why|how)"
    r"|i(?:'d| would) like to know|do you know (?:if|whether|when|why|how|what))\b",
    regex.IGNORECASE,
)
# Words in capitals that are not shouting.
_ACRONYMS = frozenset(
    [
        "ASAP", "COVID", "HTTP", "HTTPS", "HTML", "HDMI", "USB", "WIFI", "NASA", "NHS",
        "USA", "UK", "EU", "ATM", "PIN", "SIM", "IMEI", "APN", "VPN", "DNS", "SMS", "MMS",
        "LTE", "ISP", "FAQ", "CEO", "IOS", "MAC", "OK", "OMG", "LOL", "AM", "PM", "TV",
        "HD", "UHD",
    ]
)
_CAPS_WORD = lazy_regex(r"(?<![\w@#])[A-Z]{2,}(?![\w])")
# On these channels a comment on the brand's own page addresses the brand without
# naming it (a Facebook comment); elsewhere a public message has to @mention it.
_PAGE_CHANNELS = frozenset({"facebook"})
# Support-account decorations stripped to find a brand's core name:
# @HPSupport -> hp, @TeamYouTube -> youtube, @Ask_WellsFargo -> wellsfargo.
_HANDLE_PREFIXES = ("team", "ask", "hey", "the", "official")
_HANDLE_SUFFIXES = (
    "support", "supports", "help", "helps", "care", "cares", "service", "services",
    "team", "official", "hq", "us", "uk", "news", "desk",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Question:
    """A question sentence of the customer's latest turn.

    ``kind`` is ``"direct"`` (interrogative with "?"), ``"declarative"`` ("you charged me
    twice?"), ``"indirect"`` ("any idea when ..."), ``"rhetorical"`` ("how many times do
    I have to ask??") or ``"phatic"`` ("anyone there?", "help?"). ``score`` is how sure
    we are that it asks for an answer; real questions have ``score >= 0.5``.
    """

    text: str
    message: int
    """Index of the message in :attr:`ConversationAnalysis.latest`."""
    start: int
    end: int
    kind: str
    score: float

    @property
    def real(self) -> bool:
        return self.score >= QUESTION_THRESHOLD


class ConversationAnalysis:
    """Lazy, cached facts for one conversation.

    ``latest`` is the customer's latest turn; ``latest_docs`` are its tokens, parsed
    only when a fact that needs them is asked for.
    """

    # The latest turn's messages are tokenized and searched one by one, on demand: the
    # question fact reads the hits only of the messages that hold a question-like
    # sentence. Most drafts need neither: the dicts are made on first use.
    _docs: dict[int, Doc] | None = None
    _hits: dict[int, dict[str, list[Match]]] | None = None

    def __init__(
        self,
        conversation: Conversation,
        pipeline: Pipeline,
        bank: PhraseBank,
        *,
        public: bool = True,
    ) -> None:
        self.conversation = conversation
        self._pipeline = pipeline
        self._bank = bank
        self._public = public
        self._overrides = conversation.facts
        # The latest turn and its text are worked out now, not on demand: nearly every
        # draft's rules read them, and a lazy fact's first read costs more than both
        # for the most common thread, one customer message.
        messages = conversation.messages
        latest: list[Message]
        if len(messages) == 1:
            message = messages[0]
            latest = [message] if message.role == "customer" else []
            self.latest_text: str = message.text if latest else ""
        else:
            latest = _latest_turn(messages)
            self.latest_text = "\n".join([m.text for m in latest])
        self.latest: list[Message] = latest
        """Customer messages after the brand's last message (at most the last five)."""

    @cached_property
    def latest_docs(self) -> list[Doc]:
        return [self._message_doc(i) for i in range(len(self.latest))]

    @cached_property
    def latest_message_hits(self) -> list[dict[str, list[Match]]]:
        """Phrase-list hits per message of the latest turn (offsets into that message)."""
        return [self._message_hits(i) for i in range(len(self.latest))]

    def _message_doc(self, index: int) -> Doc:
        docs = self._docs
        if docs is None:
            docs = self._docs = {}
        doc = docs.get(index)
        if doc is None:
            doc = docs[index] = self._pipeline.make_doc(self.latest[index].text)
        return doc

    def _message_hits(self, index: int) -> dict[str, list[Match]]:
        found = self._hits
        if found is None:
            found = self._hits = {}
        hits = found.get(index)
        if hits is None:
            doc, text = self._message_doc(index), self.latest[index].text
            hits = found[index] = self._bank.find(doc, text)
        return hits

    @cached_property
    def latest_hits(self) -> dict[str, list[Match]]:
        hits: dict[str, list[Match]] = {}
        for found in self.latest_message_hits:
            for label, matches in found.items():
                hits.setdefault(label, []).extend(matches)
        return hits

    @cached_property
    def customer_text(self) -> str:
        """Everything the customer wrote in the conversation."""
        return "\n".join(m.text for m in self.conversation.customer_messages)

    def _positive_hits(self, label: str) -> list[Match]:
        """Hits of ``label`` in the latest turn that are not negated ("not switching")."""
        kept: list[Match] = []
        for doc, found in zip(self.latest_docs, self.latest_message_hits):
            for match in found.get(label, []):
                before = [t.norm_ for t in doc[max(0, match.token_start - 3) : match.token_start]]
                if any(w in _NEGATIONS for w in before):
                    continue
                kept.append(match)
        return kept

    # -- facts ------------------------------------------------------------------------

    def _override(self, name: str) -> bool | float | None:
        if self._overrides is None:
            return None
        value: bool | float | None = getattr(self._overrides, name)
        return value

    @cached_property
    def complaint_scores(self) -> list[float]:
        from .complaint import ComplaintModel

        texts = [m.text for m in self.latest]
        if not texts:
            return []
        return [float(score) for score in ComplaintModel.default().score_many(texts)]

    @cached_property
    def complaint_score(self) -> float:
        supplied = self._override("complaint_score")
        if supplied is not None:
            return float(supplied)
        complaint = self._override("complaint")
        if complaint is not None:
            return 1.0 if complaint else 0.0
        return max(self.complaint_scores, default=0.0)

    @cached_property
    def complaint(self) -> bool:
        supplied = self._override("complaint")
        if supplied is not None:
            return bool(supplied)
        if self._override("complaint_score") is not None:
            return self.complaint_score >= 0.5
        if not self.latest:
            return False
        from .complaint import ComplaintModel

        # Any of the four tests below makes a complaint; the answer does not depend on
        # their order. The model comes first: it settles most conversations (about 4 in
        # 5 of the real ones score as complaints), and the other three need the
        # messages tokenized and searched for phrases, which then costs nothing more.
        if ComplaintModel.default().is_complaint(self.complaint_score):
            return True
        if self.churn or self.anger:
            return True
        # A calm report of a failure, made to the brand, is a complaint too.
        return self.addressed_to_brand and bool(self._positive_hits("service-failure"))

    # question ----------------------------------------------------------------------

    @cached_property
    def _candidates(self) -> list[list[_Candidate]]:
        """Per message of the latest turn, its question-like sentences before the
        rhetorical and phatic phrase lists are read."""
        return [_question_candidates(m.text) for m in self.latest]

    @cached_property
    def question_items(self) -> list[Question]:
        """Every question-like sentence of the latest turn, real or not, with its score."""
        found: list[Question] = []
        for index, candidates in enumerate(self._candidates):
            if not candidates:
                continue  # no question-like sentence: its phrase-list hits change nothing
            hits = self._message_hits(index)
            rhetorical = [(m.start, m.end) for m in hits.get("rhetorical-question", [])]
            phatic = [(m.start, m.end) for m in hits.get("phatic-question", [])]
            for candidate in candidates:
                q = _classify(candidate, rhetorical, phatic)
                found.append(Question(q.text, index, q.start, q.end, q.kind, q.score))
        return found

    @cached_property
    def question_score(self) -> float:
        """How sure we are that the latest turn asks something (0 to 1)."""
        supplied = self._override("question")
        if supplied is not None:
            return 1.0 if supplied else 0.0
        return max((q.score for q in self.question_items), default=0.0)

    @cached_property
    def question(self) -> bool:
        supplied = self._override("question")
        if supplied is not None:
            return bool(supplied)
        # The phrase lists only ever lower a score (to rhetorical or phatic): when no
        # sentence reaches the threshold before them, none does after.
        if all(
            c.sentence.score < QUESTION_THRESHOLD
            for candidates in self._candidates
            for c in candidates
        ):
            return False
        return self.question_score >= QUESTION_THRESHOLD

    @cached_property
    def questions(self) -> list[str]:
        """The real questions of the latest turn, as sentences (URLs blanked out)."""
        return [q.text for q in self.question_items if q.real]

    # sales, churn, anger --------------------------------------------------------------

    @cached_property
    def sales_inquiry(self) -> bool:
        supplied = self._override("sales_inquiry")
        if supplied is not None:
            return bool(supplied)
        return bool(self._positive_hits("sales-inquiry"))

    @cached_property
    def churn(self) -> bool:
        supplied = self._override("churn")
        if supplied is not None:
            return bool(supplied)
        return bool(self._positive_hits("churn"))

    @cached_property
    def anger_score(self) -> float:
        """Strength of negative emotion in the latest turn (0 to 1): anger words and
        profanity, shouting in capitals, stacked "!!!" or "?!"."""
        supplied = self._override("anger")
        if supplied is not None:
            return 1.0 if supplied else 0.0
        score = 0.0
        score += 0.6 * len(self._positive_hits("anger"))
        score += 0.6 * len(self.latest_hits.get("profanity", []))
        text = self.latest_text
        if _URL_HINT.search(text):
            text = _URL.sub(" ", text)
        text = _MENTION.sub(" ", text)
        if _STACKED_MARKS.search(text):
            score += 0.5
        words = _WORD.findall(text)
        caps = [w for w in _CAPS_WORD.findall(text) if w not in _ACRONYMS]
        long_caps = [w for w in caps if len(w) >= 4]
        if len(long_caps) >= 2 or (len(words) >= 4 and len(caps) >= 0.5 * len(words)):
            score += 0.6
        return min(1.0, score)

    @cached_property
    def anger(self) -> bool:
        supplied = self._override("anger")
        if supplied is not None:
            return bool(supplied)
        return self.anger_score >= ANGER_THRESHOLD

    # addressed to the brand -----------------------------------------------------------

    @cached_property
    def addressed_to_brand(self) -> bool:
        overrides = self._overrides
        if overrides is not None and overrides.addressed_to_brand is not None:
            return bool(overrides.addressed_to_brand)
        if not self._public:
            return True  # a private channel is a conversation with the brand
        conv = self.conversation
        talk = conv.messages
        if not talk:
            return False
        aliases = conv.brand_aliases
        key = (conv.brand, *aliases) if aliases else conv.brand
        brand = _BRANDS.get(key)
        if brand is None:
            brand = _remember_brand(key, conv.brand, aliases)
        # Most threads open by @mentioning the brand's own handle as it is written: that
        # mention, like any mention of the brand below, makes the answer, and the string
        # tests of ``_stands_alone`` find it without the pattern.
        first = talk[0].text
        if brand.own is not None and _stands_alone(first, brand.own):
            return True
        # Many others open by @mentioning a handle of the brand's family ("@YouTube" for
        # "@TeamYouTube"), found the same way.
        if brand.prefix_cores and _mentions_family_first(first, brand.prefix_cores):
            return True
        roles = [m.role for m in talk]
        if "agent" in roles:
            return True  # the brand is already in the thread: this is a reply to it
        handles = brand.handles
        # Per message, its mentions; a mention of the brand, its alias or a handle of its
        # family ("@HP" for "@HPSupport") in any message makes the answer, so it is
        # known before the later messages are searched.
        mentions: list[set[str]] = []
        for m in talk:
            found = _handles_in(m.text)
            if handles and found and any(map(brand.owns, found)):
                return True
            mentions.append(found)
        mentioned = set().union(*mentions)
        if handles:
            names = brand.names
            if names and any(_mentions_name(m.text.lower(), n) for m in talk for n in names):
                return True
            # A public post about the brand by name ("my spotify keeps skipping"), not
            # directed at anyone else: brands answer those as if tagged. A message to a
            # friend that names the brand in passing is talk about it, not to it.
            stems = brand.stem_patterns
            if stems:
                for m, role, its_mentions in zip(talk, roles, mentions):
                    if role != "customer" or its_mentions:
                        continue
                    if any(p.search(m.text) is not None for p in stems):
                        return True
            if "other" in roles:
                return False
        elif mentioned:
            # Brand unknown: a mention of someone outside the thread may be the brand.
            participants = {
                (m.author or "").lstrip("@").lower() for m in conv.messages if m.author
            }
            if mentioned - participants:
                return True
        if not mentioned and "other" not in roles:
            # A comment on the brand's own page needs no @mention.
            return (conv.channel or "") in _PAGE_CHANNELS
        return False

    def facts(self) -> Facts:
        """All facts as a model."""
        return Facts(
            complaint=self.complaint,
            complaint_score=round(self.complaint_score, 4),
            question=self.question,
            sales_inquiry=self.sales_inquiry,
            churn=self.churn,
            anger=self.anger,
            addressed_to_brand=self.addressed_to_brand,
        )


_NEGATIONS = frozenset({"not", "n't", "never", "no", "nt", "dont", "don't", "wont", "won't"})


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    start: int
    end: int
    kind: str
    score: float


def split_questions(
    text: str,
    *,
    rhetorical: Sequence[tuple[int, int]] = (),
    phatic: Sequence[tuple[int, int]] = (),
) -> list[_Sentence]:
    """The question-like sentences of one message, each with a kind and a score.

    ``rhetorical`` and ``phatic`` are character ranges of phrase-list hits in ``text``.
    URLs are blanked out first, so a "?" in a query string is never a question mark.
    """
    return [_classify(c, rhetorical, phatic) for c in _question_candidates(text)]


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A question-like sentence, with the kind and score it has when no rhetorical or
    phatic phrase overlaps it, and its number of words."""

    sentence: _Sentence
    words: int


def _classify(
    candidate: _Candidate,
    rhetorical: Sequence[tuple[int, int]],
    phatic: Sequence[tuple[int, int]],
) -> _Sentence:
    """The candidate's final kind and score, given the phrase-list hits of its message."""
    s = candidate.sentence
    if any(a < s.end and b > s.start for a, b in rhetorical):
        return _Sentence(s.text, s.start, s.end, "rhetorical", 0.2)
    if candidate.words <= 6 and any(a < s.end and b > s.start for a, b in phatic):
        return _Sentence(s.text, s.start, s.end, "phatic", 0.3)
    return s


def _blank(m: regex.Match[str]) -> str:
    return " " * len(m.group())


def _blank_urls(text: str) -> str:
    """``text`` with every URL replaced by spaces (offsets unchanged)."""
    if _URL_HINT.search(text) is None:
        return text
    return str(_URL.sub(_blank, text))


def _question_candidates(text: str) -> list[_Candidate]:
    """The question-like sentences of one message (see :func:`split_questions`).

    Handles are blanked out once for the whole message: no handle or word crosses a
    sentence boundary (``.!?…`` or a line break) or a clause boundary (``,;:–—``), and
    none of those characters counts as a word character before a handle.
    """
    blank = _blank_urls(text)
    plain = _MENTION.sub(_blank, blank)
    # "any idea when ...": a match in a sentence is a match in the whole message.
    may_be_indirect = _INDIRECT.search(blank) is not None
    out: list[_Candidate] = []
    for m in _SENTENCE.finditer(blank):
        raw = m.group()
        start = m.start() + (len(raw) - len(raw.lstrip()))
        end = m.end() - (len(raw) - len(raw.rstrip()))
        sentence = blank[start:end]
        marks = "?" in sentence
        # The question proper starts at the clause opening with an interrogative word:
        # "2 days now, what's happening?" asks "what's happening?".
        focus = 0
        interrogative = False
        for clause in _CLAUSE.finditer(sentence):
            # Only the first two words that are not openers ("so", "hi") matter.
            lead: list[str] = []
            for w in _WORD.finditer(plain, start + clause.start(), start + clause.end()):
                word = w.group().lower()
                if word not in _OPENERS:
                    lead.append(word)
                    if len(lead) == 2:
                        break
            if lead and _opens_question(lead, marks):
                focus, interrogative = clause.start(), True
                break
        indirect = may_be_indirect and _INDIRECT.search(sentence) is not None
        if not (marks or indirect or interrogative):
            continue  # not question-like, whatever its words
        words: list[str] = _WORD.findall(plain, start, end)
        if not words or not (marks or indirect or (interrogative and len(words) >= 3)):
            continue
        if interrogative:
            rest = sentence[focus:]
            start += focus + (len(rest) - len(rest.lstrip()))
            sentence = blank[start:end]
        kind, score = "direct", 0.9
        if not marks:
            kind, score = ("indirect", 0.7) if indirect else ("direct", 0.6)
            if "!" in sentence:
                score = 0.4
        elif not (interrogative or indirect):
            kind, score = "declarative", 0.6
            if "??" in sentence or "?!" in sentence or "!?" in sentence:
                score = 0.4  # "Paying £60 a month for this??"
        if marks and len(words) <= 1:
            # "Help?", "Seriously??", "Hello?" (unless a rhetorical phrase overlaps it)
            kind, score = "phatic", 0.3
        out.append(_Candidate(_Sentence(sentence.strip(), start, end, kind, score), len(words)))
    return out


_WH = frozenset(["how", "what", "what's", "whats", "when", "where", "why", "who", "which", "whose"])
_AFTER_WH = frozenset(
    [
        "is", "are", "am", "was", "were", "do", "does", "did", "can", "could", "will",
        "would", "should", "shall", "has", "have", "had", "may", "might", "must", "'s",
        "much", "many", "long", "often", "to", "i", "you", "we", "it", "there",
    ]
)
_SUBJECTS = frozenset(
    [
        "i", "you", "u", "we", "they", "it", "there", "he", "she", "my", "your", "our",
        "anyone", "anybody", "someone", "somebody",
    ]
)


def _opens_question(lead: list[str], marks: bool) -> bool:
    """Do these first words open a question? Without a "?" only a wh-word or an
    auxiliary followed by a subject does ("can you", "is there"), not "did that twice"."""
    first = lead[0]
    if first not in _INTERROGATIVE:
        return False
    if marks:
        return True
    if len(lead) < 2:
        return False
    if first in _WH:
        return lead[1] in _AFTER_WH  # "how do", "when will", not "what our team knows"
    return lead[1] in _SUBJECTS


def _latest_turn(messages: Sequence[Message]) -> list[Message]:
    """Customer messages after the brand's last message (at most the last five), or
    the last customer message when the brand has spoken since."""
    turn: list[Message] = []
    for message in reversed(messages):
        if message.role == "agent":
            break
        if message.role == "customer":
            turn.append(message)
    if not turn:
        turn = [m for m in messages if m.role == "customer"][-1:]
    turn.reverse()
    return turn[-5:]


def _is_handle(name: str) -> bool:
    return " " not in name


@lru_cache(maxsize=4096)
def brand_stem(handle: str) -> str:
    """A handle's core name without support decorations (``hpsupport`` → ``hp``).
    Memoized: the same few brand handles come back with every conversation."""
    stem = handle.lstrip("@").lower()
    changed = True
    while changed:
        changed = False
        for prefix in _HANDLE_PREFIXES:
            rest = stem[len(prefix) :].lstrip("_")
            if stem.startswith(prefix) and len(rest) >= 2:
                stem, changed = rest, True
        for suffix in _HANDLE_SUFFIXES:
            rest = stem[: -len(suffix)].rstrip("_")
            if stem.endswith(suffix) and len(rest) >= 2:
                stem, changed = rest, True
    return stem


@dataclass(frozen=True, slots=True)
class _Brand:
    """What ``addressed_to_brand`` reads of a brand's handle and aliases, worked out
    once per brand (see :func:`_brand`)."""

    handles: tuple[str, ...]
    """``Conversation.brand_handles``."""
    handle_set: frozenset[str]
    own: str | None
    """``"@"`` and the brand's handle as written, when :func:`_stands_alone` can
    judge a mention of it (an ASCII handle of 1 to 30 word characters), else None."""
    names: tuple[str, ...]
    """The handles that are names ("voxline business care")."""
    cores: frozenset[str]
    """The :func:`brand_stem` of every handle that is one."""
    long_cores: tuple[str, ...]
    """The cores of 4 characters or more."""
    prefix_cores: tuple[str, ...]
    """The long cores of at most 30 ASCII word characters: those a mention can start
    with."""
    stem_patterns: tuple[regex.Pattern[str], ...]
    """:func:`_stem_pattern` of each core of 4 characters or more."""

    def owns(self, handle: str) -> bool:
        """Does the lower-cased ``handle`` (no ``@``) belong to the brand: its own
        handle, an alias, or a handle of the same family, whose core (:func:`brand_stem`)
        is the core of one of the brand's handles or starts with one of four characters
        or more (``@HP`` for ``@HPSupport``, ``@AdobePremiere`` for ``@AdobeCare``)?"""
        return (
            handle in self.handle_set
            or brand_stem(handle) in self.cores
            or handle.startswith(self.long_cores)
        )


def _brand(brand: str | None, aliases: Sequence[str]) -> _Brand:
    """The :class:`_Brand` of a conversation's ``brand`` and ``brand_aliases``."""
    conv = Conversation.model_construct(brand=brand, brand_aliases=list(aliases))
    handles = tuple(conv.brand_handles)
    cores = {brand_stem(h) for h in handles if _is_handle(h)}
    long_cores = tuple(sorted(c for c in cores if len(c) >= 4))
    own = None
    if brand:
        handle = brand.lstrip("@")
        if _judged_handle(handle):
            own = "@" + handle
    return _Brand(
        handles=handles,
        handle_set=frozenset(handles),
        own=own,
        names=tuple(h for h in handles if not _is_handle(h)),
        cores=frozenset(cores),
        long_cores=long_cores,
        prefix_cores=tuple(c for c in long_cores if _ASCII_HANDLE.fullmatch(c)),
        stem_patterns=tuple(_stem_pattern(c) for c in long_cores),
    )


# The :class:`_Brand` of the brands seen, by the brand, or by the brand and its aliases
# when it has some (a tuple, never equal to a brand): the same few brands come back with
# every conversation, and a plain dict is looked up in C. Emptied when it holds
# ``_BRANDS_KEPT``.
_BRANDS: dict[str | tuple[str | None, ...] | None, _Brand] = {}
_BRANDS_KEPT = 1024


def _remember_brand(
    key: str | tuple[str | None, ...] | None, brand: str | None, aliases: Sequence[str]
) -> _Brand:
    if len(_BRANDS) >= _BRANDS_KEPT:
        _BRANDS.clear()
    known = _BRANDS[key] = _brand(brand, aliases)
    return known


def _mentions_name(text: str, name: str) -> bool:
    # Brand names written out ("Voxline Business Care") count when they stand alone.
    if len(name) < 3:
        return False
    return _name_pattern(name).search(text) is not None


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?<!\w){regex.escape(name)}(?!\w)")


@lru_cache(maxsize=1024)
def _stem_pattern(stem: str) -> regex.Pattern[str]:
    joiner = r"[\s-]?" if len(stem) >= 6 else ""
    pattern = joiner.join(regex.escape(ch) for ch in stem)
    return regex.compile(rf"(?<![\w@]){pattern}(?!\w)", regex.IGNORECASE)


def mentioned_handles(texts: Sequence[str]) -> set[str]:
    """Lower-cased @handles mentioned in ``texts``."""
    return set().union(*map(_handles_in, texts))


def _judged_handle(handle: str) -> bool:
    """Can :func:`_stands_alone` judge a mention of ``handle``: is it 1 to 30 ASCII
    word characters?"""
    return 0 < len(handle) <= 30 and handle.isascii() and handle.replace("_", "a").isalnum()


def _stands_alone(text: str, mention: str) -> bool:
    """For ``mention`` "@" and a handle :func:`_judged_handle` allows: True only when
    ``_MENTION`` finds that handle, as written, in ``text`` (so its lower case is in
    ``_handles_in(text)``); False says nothing. A few string tests instead of the
    pattern's matches.

    ``_MENTION`` takes "@" and then the longest run of up to 30 word characters, when
    the "@" follows neither a word character nor another "@". Take a handle of 1 to 30
    ASCII word characters (``[A-Za-z0-9_]``: ``\\w`` of ``regex`` and ``str.isalnum``
    agree on ASCII) written after such an "@" and followed by no word character: that
    run is the handle. Only ASCII neighbours are judged (a non-ASCII one says nothing:
    ``\\w`` and ``str.isalnum`` part ways on some, combining marks for one)."""
    at = text.find(mention)
    if at < 0:
        return False
    end = at + len(mention)
    return (at == 0 or text[at - 1] in _ASCII_NON_WORD) and (
        end == len(text) or text[end] in _ASCII_NON_WORD
    )


def _mentions_family_first(text: str, cores: tuple[str, ...]) -> bool:
    """True only when the first "@" of ``text`` opens a mention (of ``_MENTION``) that
    starts with one of ``cores`` (lower-case ASCII word characters, at most 30), the
    family test of :meth:`_Brand.owns`; False says nothing.

    The "@" follows nothing or an ASCII character that is neither a word character nor
    "@". When the characters after it are ASCII and lower-case to a core, they are word
    characters, so the mention's run of up to 30 of them starts with them."""
    at = text.find("@")
    if at < 0 or (at > 0 and text[at - 1] not in _ASCII_NON_WORD):
        return False
    for core in cores:
        head = text[at + 1 : at + 1 + len(core)]
        if head.lower() == core and head.isascii():
            return True
    return False


_ASCII_HANDLE = lazy_re(r"[a-z0-9_]{1,30}")

# ASCII characters that ``\w`` does not match, nor "@" (which may not come before a
# mention, and is left out after one too for simplicity).
_ASCII_NON_WORD = frozenset(
    ch for ch in map(chr, range(128)) if not (ch.isalnum() or ch in "_@")
)


def _handles_in(text: str) -> set[str]:
    """``{h.lower() for h in _MENTION.findall(text)}``."""
    return set(_mentions(text))


def _mentions(text: str) -> Iterator[str]:
    """The @mentions of ``text`` in order, lower-cased, as ``_MENTION.findall`` finds
    them. Every mention starts with an "@" and holds no other: the pattern is tried
    only at the "@" signs, not along the text (in ASCII text, the standard library's
    copy of the pattern is tried)."""
    at = text.find("@")
    if at < 0:
        return
    match = _ASCII_MENTION.match if text.isascii() else _MENTION.match
    while at >= 0:
        m = match(text, at)
        if m is None:
            at = text.find("@", at + 1)
        else:
            yield m.group(1).lower()
            at = text.find("@", m.end())
