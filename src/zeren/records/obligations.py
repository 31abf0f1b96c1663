"""The texts behind a stored verdict: an obligation's title and the articles it cites, read from the
pack that produced it, and the kind of a period from its id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zeren.org.bindings import registry
from zeren.policy.schema import Duty


@cache
def _duties(policy_version: str, policy_id: str) -> dict[str, Duty]:
    return {d.id: d for d in registry().get(policy_id).duties}


@dataclass(frozen=True)
class Citation:
    id: str
    label: str
    text: str


def obligation_info(policy_id: str, policy_version: str, obligation: str) -> tuple[str, list[Citation]]:
    """The duty's title and its citations (article label and text) in the policy."""
    try:
        policy = registry().get(policy_id)
    except Exception:  # a pack removed since the verdict was stored
        return obligation, []
    duty = _duties(policy.version, policy_id).get(obligation)
    if duty is None:
        return obligation, []
    cites = []
    for cite in duty.cites:
        citable = policy.cite(cite)
        cites.append(Citation(cite, citable.label, citable.text))
    return duty.title, cites


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def period_kind(period: str) -> str:
    if period.startswith("event:"):
        return "event"
    if _MONTH.match(period):
        return "month"
    if "-Q" in period:
        return "quarter"
    if "-H" in period:
        return "half_year"
    if re.fullmatch(r"\d{4}", period):
        return "year"
    if re.fullmatch(r"\d{4}/\d{4}", period):
        return "two_years"
    return "range"
