"""The engine: load → parse → analyse the conversation → rules → report.

A :class:`Linter` owns one :class:`~replylint.parse.Pipeline` (spaCy, built on first
use), one phrase matcher for all enabled rules, and the rule instances. It is safe to
share between threads: per-draft state lives in a :class:`DraftContext`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from pydantic import ValidationError

from ._gc import collection_paused
from .analysis.facts import ANALYSIS_LISTS, ConversationAnalysis
from .config import Config, describe_validation_error
from .errors import ConfigError, InputError, InputTooLargeError
from .models import Conversation, Draft, Facts, Message, Report, Severity, Violation
from .parse import PhraseBank, Pipeline, placeholder_spans
from .rules import BatchRule, DraftContext, Finding, Need, Rule, all_rules, get_rule

__all__ = ["ConversationLike", "Linter", "to_conversation"]

ConversationLike = Conversation | Mapping[str, Any]


def to_conversation(data: ConversationLike | str, *, source: str | None = None) -> Conversation:
    """Validate ``data`` (a model, a dict in the interchange format, or draft text)."""
    if isinstance(data, Conversation):
        return data
    if isinstance(data, str):
        return Conversation(draft=Draft(text=data))
    if not isinstance(data, Mapping):
        raise InputError(
            f"expected a conversation object, got {type(data).__name__}", source=source
        )
    try:
        return Conversation.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            describe_validation_error(exc, source or "conversation").replace(
                f"{source or 'conversation'}: ", "", 1
            ),
            source=source,
        ) from None


class Linter:
    """Checks drafts against the enabled rules.

    >>> linter = Linter({"select": ["you-people"]})
    >>> linter.lint("You people never read the FAQ.").rules
    ['you-people']
    """

    def __init__(self, config: Config | Mapping[str, Any] | None = None, **options: Any) -> None:
        if config is None:
            config = Config()
        elif not isinstance(config, Config):
            config = Config.from_mapping(dict(config))
        if options:
            config = Config.from_mapping({**config.model_dump(exclude_unset=True), **options})
        self.config = config
        self.rules: list[Rule] = self._select_rules(config)
        self.pipeline = Pipeline()
        self._banks_lock = threading.Lock()
        self._draft_bank: PhraseBank | None = None
        self._context_bank: PhraseBank | None = None

    # -- set-up -----------------------------------------------------------------------

    @staticmethod
    def _select_rules(config: Config) -> list[Rule]:
        catalog: list[type[Rule]] = list(all_rules())
        if config.patterns:
            from .patterns import pattern_rules

            clash = sorted(set(config.patterns) & {r.slug for r in catalog})
            if clash:
                raise ConfigError(f"patterns: {', '.join(clash)} is a built-in rule's slug")
            catalog += pattern_rules(config.patterns)
        known = {r.slug for r in catalog}
        for slug in [*(config.select or ()), *config.ignore, *config.severity]:
            if slug not in known:
                get_rule(slug)  # unknown slugs are a config error, with close matches
        chosen = [
            cls
            for cls in catalog
            if (config.select is None or cls.slug in config.select)
            and cls.slug not in config.ignore
        ]
        return [cls() for cls in chosen]

    @property
    def nlp(self) -> Any:
        """The spaCy ``Language`` object (built on first use)."""
        return self.pipeline.nlp

    def _banks(self) -> tuple[PhraseBank, PhraseBank]:
        if self._draft_bank is None or self._context_bank is None:
            with self._banks_lock:
                if self._draft_bank is None or self._context_bank is None:
                    nlp = self.pipeline.nlp
                    lists = [name for rule in self.rules for name in rule.phrase_lists]
                    self._draft_bank = PhraseBank(nlp, lists, self.config.phrases)
                    # Compiled when a conversation is first analysed (a template
                    # checked on its own never needs it), unless the configuration
                    # extends it: then its errors are reported now.
                    extended = any(name in self.config.phrases for name in ANALYSIS_LISTS)
                    self._context_bank = PhraseBank(
                        nlp, ANALYSIS_LISTS, self.config.phrases, lazy=not extended
                    )
        return self._draft_bank, self._context_bank

    def warm_up(self) -> None:
        """Build now what linting would build: the spaCy pipeline, the compiled phrase
        lists with their index and the complaint model. Call it before serving requests
        so the first one is not slow; forked workers of ``lint_many(n_process=N)`` share
        what it built."""
        self.pipeline.nlp  # noqa: B018 - builds the pipeline
        draft_bank, context_bank = self._banks()
        draft_bank.index()
        context_bank.index()
        if any(Need.CONVERSATION in rule.needs for rule in self.rules):
            from .analysis.complaint import ComplaintModel

            ComplaintModel.default()

    def severity_of(self, rule: Rule) -> Severity:
        return self.config.severity.get(rule.slug, rule.severity)

    # -- public API -------------------------------------------------------------------

    def lint(
        self,
        draft: str | Draft | ConversationLike,
        conversation: ConversationLike | None = None,
    ) -> Report:
        """Check one draft, optionally in the context of ``conversation``.

        ``draft`` may be the text, a :class:`Draft`, or a conversation that carries its
        own draft. Batch rules never fire on a single draft.
        """
        conv = self._prepare(draft, conversation)
        return self._lint_prepared([conv], batch=False)[0]

    def lint_many(
        self,
        conversations: Iterable[ConversationLike],
        *,
        batch_size: int = 256,
        n_process: int = 1,
    ) -> list[Report]:
        """Check many conversations (each carrying its ``draft``) in one pass.

        Drafts are tokenized through ``nlp.pipe``; batch rules (``duplicate-reply``,
        ``marketing-flood``) look across all of them. ``n_process > 1`` lints chunks in
        worker processes and gives the same reports in the same order.
        """
        # A batch makes hardly any reference cycles, and the collector's passes over
        # the caller's heap would cost ~15 % of its time (see ``_gc``).
        with collection_paused():
            convs = [self._prepare(c, None) for c in conversations]
            if n_process > 1 and len(convs) > batch_size:
                from .parallel import lint_parallel

                return lint_parallel(self, convs, n_process=n_process, batch_size=batch_size)
            return self._lint_prepared(convs, batch=True, batch_size=batch_size)

    def analyze(self, conversation: str | ConversationLike, *, brand: str | None = None) -> Facts:
        """Facts about the customer's state (SPEC §5).

        A string is taken as one customer message.
        """
        if isinstance(conversation, str):
            conv = Conversation(brand=brand, messages=[Message(role="customer", text=conversation)])
        else:
            conv = to_conversation(conversation)
        _, context_bank = self._banks()
        channel = self._channel(conv)
        return ConversationAnalysis(
            conv, self.pipeline, context_bank, public=self.config.channels[channel].public
        ).facts()

    def validate(self, conversation: ConversationLike) -> Conversation:
        """The conversation as a model, checked for everything linting needs (a draft,
        a known channel, size limits); raises :class:`InputError` otherwise."""
        return self._prepare(conversation, None)

    # -- internals --------------------------------------------------------------------

    def _prepare(
        self, draft: str | Draft | ConversationLike, conversation: ConversationLike | None
    ) -> Conversation:
        if isinstance(draft, (str, Draft)):
            text_draft = Draft(text=draft) if isinstance(draft, str) else draft
            conv = to_conversation(conversation) if conversation is not None else Conversation()
            conv = conv.model_copy(update={"draft": text_draft})
        else:
            conv = to_conversation(draft)
            if conversation is not None:
                raise InputError(
                    "pass either a conversation with a draft, or a draft and a conversation"
                )
        if conv.draft is None:
            raise InputError("the conversation has no draft to check", field="draft")
        self._channel(conv)
        limit = self.config.max_draft_chars
        if len(conv.draft.text) > limit:
            raise InputTooLargeError(
                f"input-too-large: draft has {len(conv.draft.text):,} characters "
                f"(max-draft-chars is {limit:,})",
                field="draft.text",
            )
        if len(conv.messages) > self.config.max_messages:
            raise InputTooLargeError(
                f"input-too-large: conversation has {len(conv.messages):,} messages "
                f"(max-messages is {self.config.max_messages:,})",
                field="messages",
            )
        return conv

    def _channel(self, conv: Conversation) -> str:
        channel = conv.channel or self.config.channel
        if channel not in self.config.channels:
            known = ", ".join(sorted(self.config.channels))
            raise InputError(f"unknown channel {channel!r} (known: {known})", field="channel")
        return channel

    def _contexts(
        self, convs: Sequence[Conversation], batch_size: int = 256
    ) -> Iterator[DraftContext]:
        for chunk in self._context_chunks(convs, batch_size):
            yield from chunk

    def _context_chunks(
        self, convs: Sequence[Conversation], batch_size: int = 256
    ) -> Iterator[list[DraftContext]]:
        """The drafts' contexts, ``_CHUNK`` at a time, each step done for all of them
        in turn (its code stays in the processor's caches)."""
        draft_bank, context_bank = self._banks()
        texts: list[str] = []
        for conv in convs:
            assert conv.draft is not None  # as _prepare made sure
            texts.append(conv.draft.text)
        docs = self.pipeline.pipe(texts, batch_size=batch_size)
        for start in range(0, len(convs), _CHUNK):
            part = convs[start : start + _CHUNK]
            part_texts = texts[start : start + _CHUNK]
            part_docs = list(islice(docs, len(part)))
            matches = [draft_bank.find(doc, text) for doc, text in zip(part_docs, part_texts)]
            chunk: list[DraftContext] = []
            for conv, text, doc, hits in zip(part, part_texts, part_docs, matches):
                channel = self._channel(conv)
                channel_config = self.config.channels[channel]
                chunk.append(
                    DraftContext(
                        text=text,
                        doc=doc,
                        conversation=conv,
                        channel=channel,
                        channel_config=channel_config,
                        config=self.config,
                        matches=hits,
                        analysis=ConversationAnalysis(
                            conv, self.pipeline, context_bank, public=channel_config.public
                        ),
                        placeholders=placeholder_spans(doc),
                    )
                )
            yield chunk

    def _lint_prepared(
        self, convs: Sequence[Conversation], *, batch: bool, batch_size: int = 256
    ) -> list[Report]:
        reports, texts, collected = self._run(convs, batch=batch, batch_size=batch_size)
        return self._finish(reports, texts, collected)

    def _batch_rules(self) -> list[BatchRule[Any]]:
        return [r for r in self.rules if isinstance(r, BatchRule)]

    def _run(
        self, convs: Sequence[Conversation], *, batch: bool, batch_size: int = 256
    ) -> tuple[list[Report], list[str], list[list[Any]]]:
        """Per-draft rules on every draft; batch rules only collect what they need."""
        single = [r for r in self.rules if not r.is_batch]
        batch_rules = self._batch_rules() if batch else []
        collected: list[list[Any]] = [[] for _ in batch_rules]
        reports: list[Report] = []
        texts: list[str] = []
        for chunk in self._context_chunks(convs, batch_size):
            # Rule by rule over a few drafts: each rule's code and patterns stay in the
            # processor's caches while it reads them all.
            found: list[list[Violation]] = [[] for _ in chunk]
            for rule in single:
                triggers = rule.triggers
                check = rule.check
                for ctx, violations in zip(chunk, found):
                    if triggers and ctx.matches.keys().isdisjoint(triggers):
                        continue  # none of the hits it needs
                    for finding in check(ctx):
                        violations.append(self._violation(rule, finding, ctx.text))
            for items, brule in zip(collected, batch_rules):
                items.extend(brule.collect(ctx) for ctx in chunk)
            for ctx, violations in zip(chunk, found):
                # Validated construction, not ``model_construct``: with pydantic 2 that is
                # the cheaper of the two for these small models (about half the time),
                # and gives the same model (fields set: both). The report keeps a copy of
                # ``violations``: ``_finish`` adds to the report's own list.
                reports.append(Report(id=_report_id(ctx.conversation), violations=violations))
                texts.append(ctx.text)
        return reports, texts, collected

    def _finish(
        self, reports: list[Report], texts: list[str], collected: list[list[Any]]
    ) -> list[Report]:
        """Batch rules' findings over everything collected; sort each report."""
        for items, brule in zip(collected, self._batch_rules()):
            for index, findings in brule.finish(items).items():
                reports[index].violations.extend(
                    self._violation(brule, f, texts[index]) for f in findings
                )
        for report in reports:
            if len(report.violations) > 1:  # nearly every report has none or one
                report.violations.sort(key=_position)
        return reports

    def _violation(self, rule: Rule, finding: Finding, text: str) -> Violation:
        start = max(0, min(finding.start, len(text)))
        end = max(start, min(finding.end, len(text)))
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        # Validated construction, in one call for the violation and its span: cheaper
        # than ``model_construct`` here (see ``_run``) and than building the span on its
        # own. The values are a rule's strings, ints and a ``Fix`` model (kept as it is);
        # every field is given, so every field counts as set, as with ``model_construct``.
        return Violation.model_validate(
            {
                "rule": rule.slug,
                "severity": self.severity_of(rule),
                "message": finding.message or rule.message,
                "span": {
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "line": line,
                    "column": column,
                },
                "guidance": rule.docs.guidance,
                "suggestion": finding.suggestion or rule.suggestion,
                "fix": finding.fix,
            }
        )


_CHUNK = 64
"""Drafts each rule reads in turn."""


def _position(violation: Violation) -> tuple[int, int, str]:
    """The order of a report's violations: by span, then rule."""
    return violation.span.start, violation.span.end, violation.rule


def _report_id(conv: Conversation) -> str | None:
    if conv.draft is not None and conv.draft.id:
        return conv.draft.id
    return conv.id
