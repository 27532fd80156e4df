"""Configuration: which rules run, how severe they are, and what each channel allows."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError
from .models import Severity

__all__ = ["DEFAULT_CHANNELS", "ChannelConfig", "Config", "PatternConfig"]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Settings(BaseModel):
    # Keys may be written ``per-file-ignores`` (TOML style) or ``per_file_ignores``.
    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True
    )


class ChannelConfig(_Settings):
    """What one channel allows.

    ``length`` picks how ``limit`` is counted: ``twitter`` (weighted, URLs count 23),
    ``sms`` (GSM-7 characters, 70 UCS-2 units when needed) or ``chars`` (code points).
    """

    public: bool
    social: bool = False
    limit: int | None = Field(default=None, gt=0)
    length: Literal["twitter", "sms", "chars"] = "chars"
    response_minutes: float | None = Field(default=None, gt=0)


DEFAULT_CHANNELS: dict[str, ChannelConfig] = {
    "twitter": ChannelConfig(
        public=True, social=True, limit=280, length="twitter", response_minutes=60
    ),
    "facebook": ChannelConfig(public=True, social=True, response_minutes=60),
    "sms": ChannelConfig(public=False, limit=160, length="sms", response_minutes=60),
    "chat": ChannelConfig(public=False, response_minutes=60),
    "dm": ChannelConfig(public=False, social=True, response_minutes=60),
    "email": ChannelConfig(public=False, response_minutes=24 * 60),
}


class PatternConfig(_Settings):
    """A house rule written as a regular expression (``regex`` module syntax).

    It runs with a time limit, so a pattern that backtracks catastrophically is
    reported as a configuration problem instead of hanging the run.
    """

    pattern: str
    message: str
    severity: Severity = Severity.WARNING
    ignore_case: bool = True
    suggestion: str | None = None
    public_only: bool = False
    """Only on public channels."""


class Config(_Settings):
    """Everything a :class:`replylint.Linter` can be told.

    >>> Config(select=["you-people"], severity={"too-long": "warning"})  # doctest: +ELLIPSIS
    Config(...)
    """

    select: tuple[str, ...] | None = None
    """Run only these rules (slugs). ``None`` runs every rule."""
    ignore: tuple[str, ...] = ()
    """Never run these rules."""
    severity: dict[str, Severity] = Field(default_factory=dict)
    """Per-rule severity overrides."""
    fail_on: Severity = Severity.WARNING
    """Command line: exit 1 when a violation at or above this severity is found."""
    channel: str = "twitter"
    """Channel assumed for drafts whose conversation names none."""
    channels: dict[str, ChannelConfig] = Field(default_factory=lambda: dict(DEFAULT_CHANNELS))
    """Channel facts. Entries given here replace the defaults of the same name."""
    phrases: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Extra phrases per phrase list (e.g. ``{"promotion": ["FiberMax"]}``)."""
    marketing_ratio: float = Field(default=0.3, ge=0.0, le=1.0)
    """``marketing-flood`` fires above this share of promotional drafts in a batch."""
    max_draft_chars: int = Field(default=100_000, gt=0)
    """Longer drafts are refused with ``input-too-large``."""
    max_messages: int = Field(default=10_000, gt=0)
    """Conversations with more messages are refused with ``input-too-large``."""
    per_file_ignores: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Glob → slugs ignored in matching files (command line)."""
    patterns: dict[str, PatternConfig] = Field(default_factory=dict)
    """House rules: slug → a regular expression that must not appear in a draft."""

    @field_validator("channels", mode="before")
    @classmethod
    def _fill_channels(cls, value: object) -> object:
        """A table for a known channel may set only what it changes
        (``[tool.replylint.channels.sms] limit = 140``); the rest is the default."""
        if not isinstance(value, dict):
            return value
        filled: dict[object, object] = {}
        for name, entry in value.items():
            default = DEFAULT_CHANNELS.get(name.lower()) if isinstance(name, str) else None
            if default is not None and isinstance(entry, dict):
                base = default.model_dump(by_alias=False)
                entry = {**base, **{str(k).replace("-", "_"): v for k, v in entry.items()}}
            filled[name] = entry
        return filled

    @field_validator("channels", mode="after")
    @classmethod
    def _merge_channels(cls, value: dict[str, ChannelConfig]) -> dict[str, ChannelConfig]:
        merged = dict(DEFAULT_CHANNELS)
        merged.update({k.lower(): v for k, v in value.items()})
        return merged

    @field_validator("channel")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()

    @classmethod
    def from_mapping(cls, data: object, *, source: str = "<config>") -> Config:
        """Validate ``data``; errors name the source, the key and what was expected."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(describe_validation_error(exc, source)) from None


def describe_validation_error(exc: ValidationError, source: str) -> str:
    """One line per problem: ``source: key.path: message``."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"{source}: {loc}: {msg}")
    return "\n".join(lines)
