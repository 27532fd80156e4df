"""The batch rules, duplicate-reply and marketing-flood: they fire across the drafts of
one ``lint_many`` call, never on ``lint()``, and duplicate-reply stays near-linear."""

from __future__ import annotations

import random
from typing import Any

import pytest

from replylint import Linter
from replylint.rules.duplicate_reply import (
    Signature,
    find_duplicates,
    normalise,
    signature,
)

STOCK = (
    "We're sorry for any inconvenience caused. Please DM us your details and a member of "
    "our team will look into this for you."
)


def conv(
    draft: str,
    customer: str = "@ann",
    text: str = "@Brand my broadband is down",
    brand: str = "@Brand",
    time: str | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "customer", "author": customer, "text": text}
    if time:
        message["timestamp"] = time
    return {"channel": "twitter", "brand": brand, "messages": [message], "draft": draft}


@pytest.fixture(scope="module")
def dup() -> Linter:
    return Linter(select=["duplicate-reply"])


@pytest.fixture(scope="module")
def flood() -> Linter:
    return Linter(select=["marketing-flood"])


# -- duplicate-reply --------------------------------------------------------------------


def test_same_stock_reply_to_three_customers(dup: Linter) -> None:
    batch = [
        conv(STOCK, "@gav", "@Brand paying for 300Mb and getting 40Mb"),
        conv(STOCK, "@pen", "@Brand you've billed me for a router I sent back"),
        conv(STOCK, "@luca", "@Brand how do I take my broadband when I move?"),
    ]
    reports = dup.lint_many(batch)
    assert all(r.rules == ["duplicate-reply"] for r in reports)
    v = reports[0].violations[0]
    assert v.span.start == 0 and v.span.text == STOCK
    assert "3 customers" in v.message


def test_names_handles_numbers_and_urls_are_ignored(dup: Linter) -> None:
    a = "@ola_n Hi Ola, thank you for your message. Due to operational reasons flight AN342 may be delayed. Please check https://x.example.com/a1 for the latest information. ^JR"
    b = "@finn_h Hi Finn, thank you for your message. Due to operational reasons flight AN117 may be delayed. Please check https://x.example.com/b2 for the latest information. ^MK"
    reports = dup.lint_many([conv(a, "@ola_n", "@Brand bag lost"), conv(b, "@finn_h", "@Brand refund?")])
    assert [r.rules for r in reports] == [["duplicate-reply"], ["duplicate-reply"]]
    assert normalise(a, ["@ola_n"]) == normalise(b, ["@finn_h"])


def test_template_opener_with_specific_answers_is_not_a_duplicate(dup: Linter) -> None:
    batch = [
        conv("Hi Nina, thanks for getting in touch, and sorry it's been three nights. We can see your router restarting around 8pm; a firmware fix goes out tonight. ^HB", "@nina"),
        conv("Hi Raj, thanks for getting in touch. The April change is £2.50 a month on every plan; it's set out on page 2 of your letter. ^HB", "@raj"),
        conv("Hi Tess, thanks for getting in touch. Yes: we've moved your engineer to tomorrow's 12-4pm slot, and they'll text you before. ^HB", "@tess"),
    ]
    assert all(r.ok for r in dup.lint_many(batch))


def test_same_answer_to_the_same_question_is_consistent(dup: Linter) -> None:
    answer = "We're actively reviewing listings on the site for price gouging and removing them as we find them."
    batch = [
        conv(answer, "@a", "@Brand what are you doing about price gouging on masks?"),
        conv(answer, "@b", "@Brand so much price gouging on your site right now"),
    ]
    assert all(r.ok for r in dup.lint_many(batch))


def test_drafts_days_apart_are_separate_bursts(dup: Linter) -> None:
    batch = [
        conv(STOCK, "@a", "@Brand speed is awful", time="2026-06-01T09:00:00Z"),
        conv(STOCK, "@b", "@Brand billing error", time="2026-06-05T09:00:00Z"),
        conv(STOCK, "@c", "@Brand moving house", time="2026-06-05T10:00:00Z"),
    ]
    assert [r.ok for r in dup.lint_many(batch)] == [True, False, False]


def test_short_replies_may_repeat(dup: Linter) -> None:
    batch = [conv("Thanks, have a great day!", c) for c in ("@a", "@b", "@c")]
    assert all(r.ok for r in dup.lint_many(batch))


def test_lint_never_fires_batch_rules(dup: Linter, flood: Linter) -> None:
    assert dup.lint(conv(STOCK)).ok
    promo = "Upgrade to Ultra 4K and get 3 months half price! Offer ends Sunday."
    assert flood.lint({"channel": "twitter", "brand": "@Brand", "draft": promo}).ok


def _drafts(n: int, seed: int = 7) -> list[Signature | None]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    sigs: list[Signature | None] = []
    for i in range(n):
        words = [rng.choice(vocab) for _ in range(rng.randint(10, 30))]
        sigs.append(signature(words, f"@c{i}", len(" ".join(words))))
    return sigs


def test_scaling_is_near_linear() -> None:
    n = 20_000
    sigs = _drafts(n)
    # Plant 50 copies of one stock reply and 20 near-copies of another.
    stock = [f"s{i}" for i in range(20)]
    for k in range(50):
        sigs[k * 10] = signature(stock, f"@stock{k}", 100)
    near = [f"n{i}" for i in range(40)]
    for k in range(20):
        words = list(near)
        words[k % 40] = f"x{k}"  # one word changed in each copy
        sigs[k * 10 + 5] = signature(words, f"@near{k}", 100)
    stats = find_duplicates(sigs)
    assert stats.drafts == n
    # All-pairs would be 200 million comparisons; the buckets need a few per draft.
    assert stats.comparisons <= 5 * n
    sizes = sorted(len(g) for g in stats.groups)
    assert 50 in sizes
    assert any(15 <= s <= 20 for s in sizes)
    assert sum(sizes) <= 50 + 20 + 5  # random drafts do not collide


def test_identical_drafts_cost_no_comparisons() -> None:
    stock = [f"s{i}" for i in range(20)]
    sigs = [signature(stock, f"@c{i}", 100) for i in range(10_000)]
    stats = find_duplicates(sigs)
    assert stats.distinct == 1 and stats.comparisons == 0
    assert len(stats.groups) == 1 and len(stats.groups[0]) == 10_000


# -- marketing-flood --------------------------------------------------------------------

PROMOS = [
    "Every match of the season, live on Sports+ for just €9.99/month. Sign up today!",
    "Rent any new-release film for €3.99, this weekend only!",
    "Upgrade to Ultra 4K and get 3 months half price! Offer ends Sunday.",
]
CARE = [
    "Sorry about the outage in Leeds; engineers expect it fixed by 6pm.",
    "Your refund of £12 went out today and lands in 3-5 days.",
    "We've moved your engineer to tomorrow's 12-4pm slot.",
    "The April change is £2.50 a month on every plan; it's on page 2 of your letter.",
    "Hi Nina, a firmware fix for your router goes out tonight.",
    "Sorry Jo, we've cancelled the duplicate payment.",
]


def post(text: str, brand: str = "@CasaTV") -> dict[str, Any]:
    return {"channel": "twitter", "brand": brand, "messages": [], "draft": text}


def test_flood_fires_on_each_promotional_draft(flood: Linter) -> None:
    reports = flood.lint_many([post(t) for t in PROMOS + CARE[:2]])
    assert [r.ok for r in reports] == [False, False, False, True, True]
    v = reports[0].violations[0]
    assert v.severity.value == "info"
    assert "3 of 5" in v.message


def test_flood_stays_quiet_under_the_ratio(flood: Linter) -> None:
    reports = flood.lint_many([post(t) for t in PROMOS[:2] + CARE])  # 2 of 8 = 25%
    assert all(r.ok for r in reports)


def test_flood_ratio_is_configurable() -> None:
    strict = Linter(select=["marketing-flood"], marketing_ratio=0.2)
    reports = strict.lint_many([post(t) for t in PROMOS[:2] + CARE])
    assert [r.ok for r in reports][:2] == [False, False]


def test_flood_is_counted_per_brand(flood: Linter) -> None:
    batch = [post(t, "@CasaTV") for t in PROMOS[:2]] + [post(t, "@Other") for t in CARE]
    batch += [post(PROMOS[2], "@Other")]
    reports = flood.lint_many(batch)
    assert [r.ok for r in reports[:2]] == [False, False]  # CasaTV: 2 of 2
    assert all(r.ok for r in reports[2:])  # Other: 1 of 7


def test_one_promotion_is_not_a_flood(flood: Linter) -> None:
    assert all(r.ok for r in flood.lint_many([post(PROMOS[0])]))
