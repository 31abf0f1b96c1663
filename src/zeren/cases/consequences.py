"""Consequences of a decision: the restrictions (影响期, 一票否决) it puts on a person.

They are taken from the verdict the engine gives with the decided measures (its ``restrictions``:
kind, from, until, cites, because) and stored on the :class:`~zeren.org.models.Person`, so they
follow the person across transfers, promotion and retirement.

The hook for other pages::

    from zeren.cases.consequences import restrictions_for
    restrictions_for(person, on=date)   # the restrictions in force on that date

The person page (``zeren.org.views.person``) lists all of a person's restrictions with their dates
and articles through :func:`zeren.cases.selectors.restrictions_for_person`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from zeren.accidents.presentation import articles, policy_or_none
from zeren.cases.labels import restriction_label
from zeren.cases.models import Restriction, Subject
from zeren.org.models import Person


def restrictions_from_verdict(subject: Subject, verdict: dict[str, Any]) -> list[Restriction]:
    """Create the restrictions of ``verdict`` for the subject's person."""
    created = []
    for entry in verdict.get("restrictions", []):
        created.append(
            Restriction.objects.create(
                person=subject.person,
                subject=subject,
                kind=entry["kind"],
                start=datetime.date.fromisoformat(entry["from"]),
                until=datetime.date.fromisoformat(entry["until"]) if entry.get("until") else None,
                cites=list(entry.get("cites", [])),
                because=list(entry.get("because", [])),
                notes=list(entry.get("notes", [])),
                policy_id=verdict["policy"],
                policy_version=verdict["policy_version"],
            )
        )
    return created


def lift(subject: Subject, *, on: datetime.date, reason: str) -> int:
    """End the subject's restrictions early (an appeal revoked or varied the decision)."""
    return Restriction.objects.filter(subject=subject, lifted_on__isnull=True).update(
        lifted_on=on, lifted_reason=reason
    )


def describe(r: Restriction) -> str:
    """One line: 不得提拔 2025-03-01 起，至 2027-03-01 止（常州 第三十条）."""
    policy = policy_or_none(r.policy_id)
    labels = "、".join(a["label"] for a in articles(policy, list(r.cites)))
    if r.until is None:
        span = _("from %(start)s, end not set by the texts") % {"start": r.start.isoformat()}
    else:
        span = _("from %(start)s until %(until)s") % {"start": r.start.isoformat(), "until": r.until.isoformat()}
    text = f"{restriction_label(r.kind)}：{span}（{labels}）"
    if r.until_basis:
        text += _(" — end set by the organisation department: %(basis)s") % {"basis": r.until_basis}
    if r.lifted_on is not None:
        text += _(" — lifted on %(day)s: %(reason)s") % {"day": r.lifted_on.isoformat(), "reason": r.lifted_reason}
    return text


def restrictions_for(person: Person, on: datetime.date) -> list[Restriction]:
    """The restrictions in force for ``person`` on ``on`` (lifted ones excluded)."""
    found = (
        Restriction.objects.filter(person=person, start__lte=on)
        .filter(models.Q(until__isnull=True) | models.Q(until__gt=on))
        .filter(models.Q(lifted_on__isnull=True) | models.Q(lifted_on__gt=on))
        .select_related("subject__case")
    )
    return list(found)


@dataclass(frozen=True)
class RestrictionRow:
    restriction: Restriction
    label: str
    articles: list[dict[str, str]]
    in_force: bool

    def __str__(self) -> str:
        return describe(self.restriction)

    @property
    def open_ended(self) -> bool:
        """In force with no end set by the texts: the organisation department may set it."""
        return self.restriction.until is None and self.restriction.lifted_on is None


def rows_for(person: Person, on: datetime.date) -> list[RestrictionRow]:
    """All of a person's restrictions, newest first, with their articles and whether in force on ``on``."""
    rows = []
    for r in Restriction.objects.filter(person=person).select_related("subject__case").order_by("-start", "kind"):
        rows.append(
            RestrictionRow(
                r, restriction_label(r.kind), articles(policy_or_none(r.policy_id), r.cites), r.in_force_on(on)
            )
        )
    return rows
