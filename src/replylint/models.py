"""The interchange formats of SPEC §1 as pydantic models.

Field names here are public: they are what JSON input and output look like.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator, model_validator

__all__ = [
    "Conversation",
    "Draft",
    "FactOverrides",
    "Facts",
    "Fix",
    "Message",
    "Report",
    "Severity",
    "Span",
    "Violation",
]

_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, one character for one.

    A JSON ``"\\ud800"`` escape decodes to a lone surrogate, which UTF-8 cannot
    encode; offsets into the text stay valid after the replacement.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


# Text that comes from users: written to JSON with lone surrogates as U+FFFD, so a
# report on any input can be serialised (``model_dump_json``, ``model_dump(mode="json")``).
Text = Annotated[str, PlainSerializer(scrub_surrogates, return_type=str, when_used="json")]


class Severity(str, Enum):
    """How bad a violation is. Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


class _Input(BaseModel):
    # Exports carry extra fields (ids, URLs, labels): they are ignored, not errors.
    model_config = ConfigDict(extra="ignore", frozen=False)


class Message(_Input):
    """One message of the conversation the draft answers."""

    role: Literal["customer", "agent", "other"]
    text: Text
    author: Text | None = None
    timestamp: datetime | None = None

    @field_validator("timestamp")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class Draft(_Input):
    """The reply being checked. In JSON it may also be a plain string."""

    text: Text
    author: Text | None = None
    timestamp: datetime | None = None
    id: Text | None = None

    @field_validator("timestamp")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return _utc(value)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        return data


class FactOverrides(BaseModel):
    """Facts a caller already knows (e.g. from the CRM). Supplied facts win."""

    model_config = ConfigDict(extra="forbid")

    complaint: bool | None = None
    complaint_score: float | None = Field(default=None, ge=0.0, le=1.0)
    question: bool | None = None
    sales_inquiry: bool | None = None
    churn: bool | None = None
    anger: bool | None = None
    addressed_to_brand: bool | None = None


class Conversation(_Input):
    """A draft with the conversation it answers (SPEC §1)."""

    id: Text | None = None
    channel: Text | None = None
    brand: Text | None = None
    brand_aliases: list[Text] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)
    draft: Draft | None = None
    facts: FactOverrides | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("channel")
    @classmethod
    def _channel_lower(cls, value: str | None) -> str | None:
        return value.strip().lower() if value is not None else None

    @property
    def customer_messages(self) -> list[Message]:
        return [m for m in self.messages if m.role == "customer"]

    @property
    def brand_handles(self) -> list[str]:
        """The brand's handle and aliases, lower-cased, without a leading ``@``."""
        names = [self.brand, *self.brand_aliases] if self.brand else list(self.brand_aliases)
        return [n.lstrip("@").lower() for n in names if n and n.strip()]


class Facts(BaseModel):
    """What the message analysis found about the customer's state (SPEC §5)."""

    complaint: bool = False
    complaint_score: float = 0.0
    question: bool = False
    sales_inquiry: bool = False
    churn: bool = False
    anger: bool = False
    addressed_to_brand: bool = False


class Span(BaseModel):
    """Where a violation is: character offsets into the draft as given."""

    start: int
    end: int
    text: Text
    line: int
    column: int


class Fix(BaseModel):
    """A safe edit: replace ``draft[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: Text


class Violation(BaseModel):
    """One broken rule in one draft."""

    rule: str
    severity: Severity
    message: Text
    span: Span
    guidance: str = ""
    suggestion: Text | None = None
    fix: Fix | None = None


class Report(BaseModel):
    """The violations found in one draft, sorted by position."""

    id: Text | None = None
    violations: list[Violation] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def at_least(self, severity: Severity | str) -> list[Violation]:
        """Violations of ``severity`` or worse."""
        floor = Severity(severity).rank
        return [v for v in self.violations if v.severity.rank >= floor]

    @property
    def rules(self) -> list[str]:
        """Slugs of the rules that fired, in order of first appearance."""
        return list(dict.fromkeys(v.rule for v in self.violations))
