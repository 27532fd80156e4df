"""A rule's ``triggers``: without a hit of one of those phrase lists the rule finds
nothing, so the linter may skip it. Checked by running each rule on drafts where it
fires (its failing examples, the dev cases) with those hits taken away."""

from __future__ import annotations

import dataclasses
import json

import pytest

from replylint import Conversation, Linter
from replylint.rules import Rule, all_rules
from replylint.rules.base import DraftContext

from .conftest import SHARED

RULES = [rule for rule in all_rules() if rule.triggers]
LINTER = Linter()


def _dev_conversations() -> list[Conversation]:
    path = SHARED / "cases" / "dev-cases.jsonl"
    if not path.exists():
        return []
    convs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            convs.append(Conversation.model_validate(case.get("conversation", case)))
    return convs


def _without(ctx: DraftContext, labels: tuple[str, ...]) -> DraftContext:
    """``ctx`` as if the draft held no hit of ``labels`` (a fresh per-draft memo)."""
    kept = {label: hits for label, hits in ctx.matches.items() if label not in labels}
    return dataclasses.replace(ctx, matches=kept, cache={})


def test_gated_rules_read_their_triggers() -> None:
    assert len(RULES) >= 10
    for rule in RULES:
        assert set(rule.triggers) <= set(rule.phrase_lists), rule.slug


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.slug)
def test_without_a_trigger_hit_the_rule_finds_nothing(rule: type[Rule]) -> None:
    instance = next(r for r in LINTER.rules if isinstance(r, rule))
    convs = [ex.conversation() for ex in (*rule.failing, *rule.passing) if not ex.batch]
    convs += _dev_conversations()
    fired = 0
    for ctx in LINTER._contexts(convs):
        if list(instance.check(ctx)):
            fired += 1
            assert not ctx.matches.keys().isdisjoint(rule.triggers)
        assert list(instance.check(_without(ctx, rule.triggers))) == []
    assert fired >= 3  # the check above ran on drafts where the rule fires
