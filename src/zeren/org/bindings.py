"""Which policy governs a jurisdiction on a date (policy binding), and loading that policy.

A rule is judged by the version of the policy in force on the date of the facts (docs/architecture.md):
the nearest binding up the tree that is valid on the date wins — one rule, :func:`governing`, which
:func:`binding_for` (one jurisdiction, one query) and :class:`Bindings` (every binding read once,
for a recompute of many jurisdictions) both apply.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from django.utils.translation import gettext as _

from zeren.org.models import Jurisdiction, PolicyBinding
from zeren.policy.loader import Registry
from zeren.policy.model import Policy


@cache
def registry() -> Registry:
    """The packs (built in, plus ``ZEREN_PACKS``), loaded once per process."""
    return Registry.default()


class Entry(NamedTuple):
    """What the rule reads of a binding."""

    id: int
    jurisdiction_id: int
    depth: int
    valid_from: datetime.date
    valid_until: datetime.date | None
    include_subtree: bool
    pack_id: str

    def in_force(self, on: datetime.date) -> bool:
        """Valid on ``on``: from ``valid_from`` on, until the day before ``valid_until``."""
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)


def governing(entries: Iterable[Entry], jurisdiction_id: int, on: datetime.date) -> Entry | None:
    """The binding that governs the jurisdiction ``jurisdiction_id`` on ``on``, among ``entries``
    (the bindings of it and of the jurisdictions above it): of those in force on the date and
    applying to it (its own, or an ancestor's that includes the subtree), the nearest one (deepest
    jurisdiction), then the one valid from the latest date, then the one made last."""
    best: Entry | None = None
    for entry in entries:
        if not entry.in_force(on):
            continue
        if entry.jurisdiction_id != jurisdiction_id and not entry.include_subtree:
            continue
        if best is None or (entry.depth, entry.valid_from, entry.id) > (best.depth, best.valid_from, best.id):
            best = entry
    return best


def _entry(binding: PolicyBinding) -> Entry:
    return Entry(
        binding.pk,
        binding.jurisdiction_id,
        binding.jurisdiction.depth,
        binding.valid_from,
        binding.valid_until,
        binding.include_subtree,
        binding.pack_id,
    )


def _codes(path: str) -> list[str]:
    return [c for c in path.strip("/").split("/") if c]


def binding_for(jurisdiction: Jurisdiction, on: datetime.date) -> PolicyBinding | None:
    """The binding that governs ``jurisdiction`` on ``on`` (:func:`governing`), or None."""
    candidates = {
        b.pk: b
        for b in PolicyBinding.objects.filter(jurisdiction__code__in=_codes(jurisdiction.path), valid_from__lte=on)
        .exclude(valid_until__lte=on)
        .select_related("jurisdiction")
    }
    best = governing((_entry(b) for b in candidates.values()), jurisdiction.pk, on)
    return candidates[best.id] if best is not None else None


def policy_for(jurisdiction: Jurisdiction, on: datetime.date) -> Policy | None:
    """The policy in force for ``jurisdiction`` on ``on``, or None when none is bound."""
    binding = binding_for(jurisdiction, on)
    return registry().get(binding.pack_id) if binding is not None else None


Part = tuple[datetime.date, datetime.date, Policy]
"""A stretch of days (first, last, inclusive) under one policy."""


class Bindings:
    """Every policy binding, read in one query, answering :func:`governing` for many jurisdictions
    and days in memory (a province's recompute asks for tens of thousands). Make one per recompute:
    it remembers its answers and does not see bindings made after it was read."""

    def __init__(self) -> None:
        self._by_code: dict[str, list[Entry]] = defaultdict(list)
        for b in PolicyBinding.objects.select_related("jurisdiction").order_by("id"):
            self._by_code[b.jurisdiction.code].append(_entry(b))
        self._policy: dict[tuple[str, datetime.date], Policy | None] = {}
        self._parts: dict[tuple[str, datetime.date, datetime.date], tuple[Part, ...]] = {}
        self._interned: dict[tuple[tuple[datetime.date, datetime.date, str, str], ...], tuple[Part, ...]] = {}
        self._entries: dict[str, tuple[list[Entry], int | None]] = {}

    def cut_days(self) -> set[datetime.date]:
        """Every day on which some binding starts or stops being in force."""
        return {
            day
            for entries in self._by_code.values()
            for entry in entries
            for day in (entry.valid_from, entry.valid_until)
            if day is not None
        }

    def _candidates(self, path: str) -> tuple[list[Entry], int | None]:
        """The bindings of the jurisdiction at ``path`` and above it, and its id (None when it has no
        binding of its own: then only subtree bindings apply, whichever id it has). Remembered per
        path: a province's recompute asks for each jurisdiction once per tenure that starts or ends
        within the year."""
        found = self._entries.get(path)
        if found is None:
            codes = _codes(path)
            own = self._by_code.get(codes[-1], []) if codes else []
            entries = [entry for code in codes for entry in self._by_code.get(code, ())]
            found = self._entries[path] = (entries, own[0].jurisdiction_id if own else None)
        return found

    def policy_on(self, path: str, on: datetime.date) -> Policy | None:
        """The policy in force for the jurisdiction at ``path`` on ``on`` (:func:`governing`)."""
        key = (path, on)
        if key in self._policy:
            return self._policy[key]
        entries, own = self._candidates(path)
        best = governing(entries, own if own is not None else -1, on)
        policy = self._policy[key] = registry().get(best.pack_id) if best is not None else None
        return policy

    def parts(self, path: str, start: datetime.date, end: datetime.date) -> tuple[Part, ...]:
        """[start, end] split where the policy in force for the jurisdiction at ``path`` changes (a
        binding that takes over from another with the same pack splits nothing); days under no
        policy left out. Equal answers are the same object (most of a province shares one), so
        callers may remember what they derive from an answer by it."""
        key = (path, start, end)
        found = self._parts.get(key)
        if found is not None:
            return found
        cuts = {start}
        for entry in self._candidates(path)[0]:
            for day in (entry.valid_from, entry.valid_until):
                if day is not None and start < day <= end:
                    cuts.add(day)
        bounds = sorted(cuts)
        out: list[Part] = []
        for index, first in enumerate(bounds):
            last = bounds[index + 1] - datetime.timedelta(days=1) if index + 1 < len(bounds) else end
            policy = self.policy_on(path, first)
            if policy is None:
                continue
            if out and out[-1][2] is policy and out[-1][1] + datetime.timedelta(days=1) == first:
                out[-1] = (out[-1][0], last, policy)  # another binding, the same policy: one part
            else:
                out.append((first, last, policy))
        answer = tuple(out)
        shape = tuple((s, e, p.id, p.version) for s, e, p in answer)
        found = self._parts[key] = self._interned.setdefault(shape, answer)
        return found


# How a page names a pack and its articles (the ids go to the technical details) ----------------------


def _policy(pack_id: str) -> Policy | None:
    try:
        return registry().get(pack_id) if pack_id else None
    except (KeyError, LookupError, ValueError):
        return None


def policy_name(pack_id: str, title: str = "") -> str:
    """《title》（document number）; a pack no longer installed by the title it was stored with."""
    policy = _policy(pack_id)
    if policy is None:
        return f"《{title}》" if title else _("a regulation no longer installed")
    number = policy.document_number or ""
    return f"《{policy.title}》" + (f"（{number}）" if number else "")


def article_label(cite: str, pack_id: str) -> str:
    """The article as a reader cites it; an id the pack does not know as 该规定的条款."""
    policy = _policy(pack_id)
    try:
        piece = policy.cite(cite) if policy is not None else None
    except (KeyError, ValueError):
        piece = None
    return piece.label if piece is not None else _("an article of the regulation")
