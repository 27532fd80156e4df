"""duplicate-reply computes the MinHash sketches of a run's drafts together in
``finish``: the same sketches as one draft at a time."""

from __future__ import annotations

import hashlib
import random

import pytest

from replylint.rules import duplicate_reply as dup


def _words(rng: random.Random, n: int) -> list[str]:
    vocab = ["we", "are", "sorry", "#", "für", "订单", "l'été", "dm", "us", "café", "a"]
    return [rng.choice(vocab) for _ in range(n)]


def test_batched_sketches_equal_one_draft_at_a_time() -> None:
    rng = random.Random(11)
    drafts = [_words(rng, rng.choice([8, 9, 20, 60, 97, 99, 150, 400])) for _ in range(300)]
    one_by_one = [dup.signature(w, "c") for w in drafts]
    # What ``collect`` keeps: the hashes of the UTF-8 join cut at its spaces.
    joined = [" ".join(w).encode("utf-8") for w in drafts]
    shingles = [dup._shingles(j.split(b" ")) for j in joined]
    batched = dup._sketches(shingles)
    for sig, sketch, j in zip(one_by_one, batched, joined):
        assert sig is not None
        assert sig.sketch == sketch
        assert sig.exact == hashlib.blake2b(j, digest_size=12).digest()


def test_sketch_blocks_split_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    shingles = [dup._shingles([w.encode() for w in _words(rng, 30)]) for _ in range(50)]
    whole = dup._sketches(shingles)
    monkeypatch.setattr(dup, "_SKETCH_BLOCK", 7)  # smaller than a draft: one per block
    assert dup._sketches(shingles) == whole
    monkeypatch.setattr(dup, "_SKETCH_BLOCK", 100)
    assert dup._sketches(shingles) == whole
