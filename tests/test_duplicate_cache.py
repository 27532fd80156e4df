"""duplicate-reply reduces each distinct text once (the same stock reply is linted again
and again) and takes the customer's names out per conversation; whether a draft
engages with its customer's words is worked out in ``finish``, for drafts in a group
only. The results are those of :func:`normalise` and of working everything out per
draft."""

from __future__ import annotations

import hashlib
import random
from typing import Any

import pytest

from replylint import Conversation, Linter
from replylint.rules import duplicate_reply as dup
from replylint.rules._draft import _topic_words, shares_stem

STOCK = (
    "Hi Ola, we're sorry for any inconvenience caused to Ola and the team. Please DM us "
    "your details and a member of our team will look into this for you. ^TB"
)
AUTHORS = ["@ola_n", "Ola", "Kim R", "finn", "@sorry", "Order Desk", "team", None]
EXTRA = ["Ola", "Kim", "finn", "sorry", "team", "order", "desk", "{name}", "^TB", "12", "refund"]
SAID = ["@Brand my refund is late", "wifi down again", "Ola here, where is my order?", STOCK]


def _batch(seed: int, n: int) -> list[Conversation]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = STOCK.split()
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(EXTRA))
        if rng.random() < 0.3:
            words = words[: max(3, len(words) - rng.randint(0, 12))]
        messages: list[dict[str, Any]] = [
            {"role": "customer", "author": rng.choice(AUTHORS), "text": rng.choice(SAID)}
        ]
        if rng.random() < 0.3:
            messages.append(
                {"role": "customer", "author": rng.choice(AUTHORS), "text": "also the app"}
            )
        data = {"id": f"c{i}", "brand": "@Brand", "messages": messages, "draft": " ".join(words)}
        out.append(Conversation.model_validate(data))
    return out


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=["duplicate-reply"])


def _collected(linter: Linter, convs: list[Conversation]) -> list[Any]:
    (rule,) = linter._batch_rules()
    return [rule.collect(ctx) for ctx in linter._contexts(convs)]


def test_collect_keeps_what_normalise_gives(linter: Linter) -> None:
    convs = _batch(3, 300)
    dup._TEXTS.clear()
    for conv, got in zip(convs, _collected(linter, convs)):
        assert conv.draft is not None
        names = [m.author for m in conv.customer_messages if m.author]
        words = dup.normalise(conv.draft.text, names)
        if len(words) < dup.MIN_WORDS:
            assert got is None
            continue
        joined = " ".join(words).encode("utf-8")
        assert got.exact == hashlib.blake2b(joined, digest_size=12).digest()
        shingles = dup._shingles(joined.split(b" "))
        assert (got.sketch or dup._sketches([got.shingles])[0]) == dup._sketches([shingles])[0]


def test_cached_and_uncached_texts_give_the_same_reports(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    convs = _batch(5, 400)
    dup._TEXTS.clear()
    cached = linter.lint_many(convs)
    assert dup._TEXTS
    monkeypatch.setattr(dup, "_CACHED_TEXT", -1)
    dup._TEXTS.clear()
    uncached = linter.lint_many(convs)
    assert not dup._TEXTS
    assert cached == uncached
    assert any(not r.ok for r in cached)


def test_the_same_text_drops_each_customers_own_name(linter: Linter) -> None:
    text = "Ola, we're sorry for the delay. Please DM us your details and we will look into this."
    convs = [
        Conversation.model_validate(
            {
                "brand": "@Brand",
                "messages": [{"role": "customer", "author": a, "text": "hi"}],
                "draft": text,
            }
        )
        for a in ("Ola", "Kim", "Ola")
    ]
    first, second, third = _collected(linter, convs)
    assert first.exact == third.exact != second.exact
    assert "ola" not in dup.normalise(text, ["Ola"]) and "ola" in dup.normalise(text, ["Kim"])


def test_engagement_is_that_of_the_draft_and_its_customer(linter: Linter) -> None:
    convs = _batch(7, 200)
    (rule,) = linter._batch_rules()
    engages = dup._Engages()
    for ctx in linter._contexts(convs):
        got = rule.collect(ctx)
        if got is not None:
            expected = shares_stem(_topic_words(ctx.text), _topic_words(ctx.analysis.latest_text))
            assert engages(got) == expected


def test_sign_off_is_dropped_as_the_pattern_would() -> None:
    rng = random.Random(1)
    alphabet = [*dup._SIGN_OFF_LEADS, "A", "B", "Z", "a", "x", " ", "  ", "\t", ".", "1", "é"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert dup._drop_sign_off(text) == dup._SIGN_OFF.sub(" ", text)
