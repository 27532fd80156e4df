"""What a rule is: metadata, docs, examples, and a short check over a parsed draft.

A rule subclasses :class:`Rule`, fills in the class attributes and implements
:meth:`Rule.check` (or, for rules over a whole batch, :meth:`BatchRule.collect` and
:meth:`BatchRule.finish`). The ``@register`` decorator puts it in the catalog.
Its ``failing`` and ``passing`` examples run as tests (``tests/test_rule_examples.py``)
and appear in its generated documentation page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..models import Conversation, Draft, Fix, Severity

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..analysis.facts import ConversationAnalysis
    from ..config import ChannelConfig, Config
    from ..parse import Match

__all__ = [
    "BatchRule",
    "DraftContext",
    "Example",
    "Finding",
    "Need",
    "Rule",
    "RuleDocs",
]


class Need(str, Enum):
    """The facts a rule reads, beyond the draft itself."""

    DRAFT = "draft"
    CONVERSATION = "conversation"
    BATCH = "batch"
    TIMESTAMPS = "timestamps"


@dataclass(frozen=True)
class RuleDocs:
    """A rule's documentation, in the shape of ruff's rule pages."""

    what: str
    """What it does."""
    why: str
    """Why it matters, quoting or paraphrasing the guidance."""
    seeds: tuple[str, ...]
    """Which guidance documents it enforces (seed numbers, e.g. ``"002"``)."""
    instead: str
    """What to write instead."""
    guidance: str = ""
    """The guidance in one sentence, repeated on each violation."""


@dataclass(frozen=True)
class Example:
    """A draft, optionally with context, that a rule must pass or fail on.

    ``context`` is either the customer's message (a string) or a whole conversation
    in the interchange format. ``flagged`` is the text the first violation must span.
    ``batch`` holds further drafts linted with this one in the same ``lint_many`` call.
    """

    draft: str
    context: str | dict[str, Any] | None = None
    channel: str | None = None
    flagged: str | None = None
    batch: tuple[str, ...] = ()
    note: str = ""

    def conversations(self) -> list[Conversation]:
        """This example and its ``batch`` companions, in the order they are linted."""
        first = self.conversation()
        return [first] + [
            first.model_copy(update={"draft": Draft(text=text)}) for text in self.batch
        ]

    def conversation(self) -> Conversation:
        """The example as a conversation (brand ``@Brand``, customer ``@customer``)."""
        if isinstance(self.context, dict):
            data = dict(self.context)
            data.setdefault("channel", self.channel)
            draft = data.get("draft")
            # A draft given in the context keeps its other fields (author, timestamp).
            data["draft"] = {**draft, "text": self.draft} if isinstance(draft, dict) else self.draft
            return Conversation.model_validate(data)
        messages = []
        if self.context is not None:
            messages.append({"role": "customer", "author": "@customer", "text": self.context})
        return Conversation.model_validate(
            {
                "channel": self.channel,
                "brand": "@Brand",
                "messages": messages,
                "draft": self.draft,
            }
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a character range of the draft and, optionally, more."""

    start: int
    end: int
    message: str | None = None
    suggestion: str | None = None
    fix: Fix | None = None


@dataclass
class DraftContext:
    """Everything a rule may read about one draft. Expensive parts are lazy."""

    text: str
    doc: Doc
    conversation: Conversation
    channel: str
    channel_config: ChannelConfig
    config: Config
    matches: dict[str, list[Match]]
    analysis: ConversationAnalysis
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    """Per-draft memo for detectors shared by several rules."""

    def hits(self, label: str) -> list[Match]:
        """Phrase-list hits of ``label`` in the draft."""
        return self.matches.get(label, [])

    @cached_property
    def has_context(self) -> bool:
        return any(m.role == "customer" for m in self.conversation.messages)

    @property
    def public(self) -> bool:
        return self.channel_config.public


class Rule:
    """Base class of the per-draft rules."""

    slug: ClassVar[str]
    severity: ClassVar[Severity]
    message: ClassVar[str]
    """One line, shown on every violation and in ``replylint rules``."""
    docs: ClassVar[RuleDocs]
    needs: ClassVar[frozenset[Need]] = frozenset({Need.DRAFT})
    phrase_lists: ClassVar[tuple[str, ...]] = ()
    """Phrase lists (``data/phrases/NAME.txt``) the rule reads from the draft."""
    triggers: ClassVar[tuple[str, ...]] = ()
    """Phrase lists of which the draft must hold a hit for the rule to find anything:
    without one the linter does not run the rule at all. Empty: always run it."""
    suggestion: ClassVar[str | None] = None
    failing: ClassVar[Sequence[Example]] = ()
    passing: ClassVar[Sequence[Example]] = ()
    is_batch: ClassVar[bool] = False

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        """Findings for one draft. Return early when the rule does not apply."""
        raise NotImplementedError


T = TypeVar("T")


class BatchRule(Rule, Generic[T]):
    """A rule over all drafts of one ``lint_many`` call.

    :meth:`collect` runs on each draft as it streams past and keeps only what the
    rule needs (a signature, a flag); :meth:`finish` sees those and returns findings
    per draft index. No draft is kept in memory for the batch.
    """

    is_batch: ClassVar[bool] = True
    needs: ClassVar[frozenset[Need]] = frozenset({Need.DRAFT, Need.BATCH})

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        return ()

    def collect(self, ctx: DraftContext) -> T:
        raise NotImplementedError

    def finish(self, items: Sequence[T]) -> dict[int, list[Finding]]:
        raise NotImplementedError
