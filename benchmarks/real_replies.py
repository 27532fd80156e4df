"""False-alarm check: lint the real agent replies of ../shared/data/twitter-care-dev.jsonl
(each with its conversation as context) and print how many replies each rule flags.

Real replies from big brands are mostly fine, so every flag is a suspected false alarm
until read. ``--show RULE`` prints each flag of that rule (``--show all`` for every rule)
with the customer's last message, to read them.

    python benchmarks/real_replies.py [--show RULE] [--select R,..] [--path FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from replylint import Linter

DEFAULT = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "twitter-care-dev.jsonl"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT)
    parser.add_argument("--show", default=None, help="print the flags of this rule (or 'all')")
    parser.add_argument("--select", default=None, help="comma-separated rules to run")
    args = parser.parse_args()
    if not args.path.exists():
        print(f"not found: {args.path} (this script reads ../shared/data/)", file=sys.stderr)
        return 2
    convs = [
        json.loads(line)
        for line in args.path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    options = {"select": args.select.split(",")} if args.select else {}
    linter = Linter(**options)
    reports = linter.lint_many(convs)

    per_rule: Counter[str] = Counter()
    any_flag = errors = 0
    for conv, report in zip(convs, reports):
        rules = set(report.rules)
        per_rule.update(rules)
        any_flag += bool(rules)
        errors += bool(report.at_least("error"))
        for v in report.violations:
            if args.show in (v.rule, "all"):
                last = next(
                    (m["text"] for m in reversed(conv["messages"]) if m["role"] == "customer"), ""
                )
                print(f"--- {conv['id']} {v.rule} [{v.severity}] span={v.span.text[:90]!r}")
                print(f"    customer: {last[:200]!r}")
                print(f"    draft:    {conv['draft']['text'][:300]!r}")
    n = len(convs)
    print(f"replies: {n}")
    print(f"with any violation: {any_flag} ({any_flag / n:.1%})")
    print(f"with an error-severity violation: {errors} ({errors / n:.1%})")
    for rule in [r.slug for r in linter.rules]:
        count = per_rule.get(rule, 0)
        print(f"  {rule:26} {count:4d}  ({count / n:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
