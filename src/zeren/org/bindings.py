"""Which policy governs a jurisdiction on a date (policy binding), and loading that policy.

A rule is judged by the version of the policy in force on the date of the facts (docs/architecture.md): the
nearest binding up the tree that is valid on the date wins.
"""

from __future__ import annotations

import datetime
from functools import cache

from zeren.org.models import Jurisdiction, PolicyBinding
from zeren.policy.loader import Registry
from zeren.policy.model import Policy


@cache
def registry() -> Registry:
    """The packs (built in, plus ``ZEREN_PACKS``), loaded once per process."""
    return Registry.default()


def binding_for(jurisdiction: Jurisdiction, on: datetime.date) -> PolicyBinding | None:
    codes = [c for c in jurisdiction.path.strip("/").split("/") if c]
    candidates = (
        PolicyBinding.objects.filter(jurisdiction__code__in=codes, valid_from__lte=on)
        .exclude(valid_until__lte=on)
        .select_related("jurisdiction")
    )
    best: PolicyBinding | None = None
    for binding in candidates:
        if binding.jurisdiction_id != jurisdiction.pk and not binding.include_subtree:
            continue
        depth = binding.jurisdiction.depth
        if best is None or (depth, binding.valid_from) > (best.jurisdiction.depth, best.valid_from):
            best = binding
    return best


def policy_for(jurisdiction: Jurisdiction, on: datetime.date) -> Policy | None:
    """The policy in force for ``jurisdiction`` on ``on``, or None when none is bound."""
    binding = binding_for(jurisdiction, on)
    return registry().get(binding.pack_id) if binding is not None else None
