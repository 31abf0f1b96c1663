"""Benchmark: evaluating 100,000 obligation-periods with the pure policy core.

Run: ``.venv/bin/python bench/policy_compliance.py`` (or ``make bench-policy``). Generates seeded
fictional posts and records, evaluates compliance for each post over ten years and reports the
time per 100,000 obligation-periods. Not a test: it prints figures, it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import time

from zeren.policy.compliance import evaluate_compliance
from zeren.policy.facts import ComplianceFacts, Post, Record
from zeren.policy.loader import Registry
from zeren.policy.vocabulary import ACTIVITIES

POSTS = [
    ("hebei-2018", "party_secretary", "township", None),
    ("hebei-2018", "government_head", "township", None),
    ("hebei-2018", "party_secretary", "county", None),
    ("hebei-2018", "dept_principal", "county", "key_regulator"),
    ("hebei-2018", "dept_deputy_for_safety", "county", "key_regulator"),
    ("changzhou-2018", "party_secretary", "county", None),
    ("changzhou-2018", "government_head", "township", None),
]


def generate(seed: int, posts: int, years: int) -> list[tuple[str, ComplianceFacts]]:
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    end = dt.date(2016 + years - 1, 12, 31)
    span = (end - start).days
    out = []
    for index in range(posts):
        pack, role, level, kind = POSTS[index % len(POSTS)]
        records = [
            Record(activity=rng.choice(ACTIVITIES), date=start + dt.timedelta(days=rng.randrange(span + 1)))  # type: ignore[arg-type]
            for _ in range(rng.randrange(10 * years, 25 * years))
        ]
        facts = ComplianceFacts.model_validate({
            "post": Post(role=role, level=level, department_kind=kind),  # type: ignore[arg-type]
            "from": start, "to": end, "as_of": end + dt.timedelta(days=10), "records": records,
        })
        out.append((pack, facts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--posts", type=int, default=1100)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    registry = Registry.default()
    policies = {p: registry.get(p) for p in {p for p, *_ in POSTS}}
    data = generate(args.seed, args.posts, args.years)
    best = float("inf")
    items = 0
    for _ in range(args.repeat):
        began = time.perf_counter()
        items = 0
        for pack, facts in data:
            items += len(evaluate_compliance(policies[pack], facts).items)
        best = min(best, time.perf_counter() - began)
    records = sum(len(f.records) for _, f in data)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"posts: {len(data)}, records: {records}, obligation-periods: {items}")
    print(f"best of {args.repeat}: {best:.3f} s, {best / items * 100_000:.3f} s per 100,000 obligation-periods")


if __name__ == "__main__":
    main()
