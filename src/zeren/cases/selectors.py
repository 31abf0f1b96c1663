"""Reads of accountability cases: who may see what (built on zeren.accounts.access).

- accounts see the cases of their jurisdiction subtree; an official sees only the cases they are
  on, and on them only their own determination, appeals and restrictions (not a co-subject's);
- the public sees published decisions only (:func:`published_cases`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import models
from django.http import Http404
from django.utils import timezone

from zeren.accidents.models import Accident
from zeren.accidents.selectors import responsibility_chain
from zeren.accounts.access import (
    AnyUser,
    can_see_jurisdiction,
    get_object_for_user,
    official_person_id,
    scope_to_user,
)
from zeren.cases import workflow
from zeren.cases.consequences import RestrictionRow, rows_for
from zeren.cases.models import Appeal, Case, Restriction, State, Subject
from zeren.org.models import Jurisdiction, Person

PUBLIC_STATES = (State.PUBLISHED, State.APPEALED, State.APPEAL_DECIDED)


def cases_for(user: AnyUser) -> models.QuerySet[Case]:
    return scope_to_user(
        Case.objects.select_related("jurisdiction", "accident", "lead_body"),
        user,
        via="jurisdiction",
        own_person=("subjects__person",),
    )


def get_case_for_user(user: AnyUser, pk: int) -> Case:
    return get_object_for_user(cases_for, user, pk=pk)


def case_jurisdiction_for(user: AnyUser, accident: Accident) -> Jurisdiction:
    """Where a case opened from ``accident`` belongs by default: the level that investigates it (a
    county-level accident in a township → the county), whose leaders and those below are the register's
    leadership responsibilities; the highest of these levels the user may see."""
    chain = responsibility_chain(accident)
    return next((j for j in reversed(chain) if can_see_jurisdiction(user, j)), accident.jurisdiction)


def published_cases() -> models.QuerySet[Case]:
    """What the public sees: decisions once published (and their appeals)."""
    return Case.objects.filter(published=True, state__in=PUBLIC_STATES).select_related("jurisdiction", "accident")


def get_published_case(pk: int) -> Case:
    """A published decision, the same for everyone; 404 for anything unpublished (its existence is
    not revealed)."""
    found = published_cases().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def subjects_for(user: AnyUser) -> models.QuerySet[Subject]:
    return scope_to_user(
        Subject.objects.select_related("case__jurisdiction", "person", "post__body__jurisdiction"),
        user,
        via="case__jurisdiction",
        own_person=("person",),
    )


def get_subject_for_user(user: AnyUser, pk: int) -> Subject:
    subject = get_object_for_user(subjects_for, user, pk=pk)
    get_case_for_user(user, subject.case_id)  # an official only reaches their own cases
    return subject


def appeals_for(user: AnyUser) -> models.QuerySet[Appeal]:
    return scope_to_user(
        Appeal.objects.select_related("case__jurisdiction", "subject__person"),
        user,
        via="case__jurisdiction",
        own_person=("subject__person",),
    )


def get_appeal_for_user(user: AnyUser, pk: int) -> Appeal:
    return get_object_for_user(appeals_for, user, pk=pk)


def restrictions_for_person(user: AnyUser, person: Person) -> list[RestrictionRow]:
    """For the person page (zeren.org.views): all restrictions of ``person`` that ``user`` may read, each
    printable — every one for an account that may see the person, an official's own only."""
    own = official_person_id(user)
    if own is not None and own != person.pk:
        return []
    return rows_for(person, timezone.localdate())


def restrictions_for_user(user: AnyUser) -> models.QuerySet[Restriction]:
    return scope_to_user(
        Restriction.objects.select_related("person__jurisdiction"),
        user,
        via="person__jurisdiction",
        own_person=("person",),
    )


def get_restriction_for_user(user: AnyUser, pk: int) -> Restriction:
    return get_object_for_user(restrictions_for_user, user, pk=pk)


def may_set_restriction_ends(user: AnyUser, person: Person) -> bool:
    """For the person page (zeren.org.views): whether ``user`` may set the end of ``person``'s
    open-ended restrictions."""
    return workflow.may_set_restriction_end(user, person)


def reward_restrictions(person_ids: Collection[int]) -> dict[int, list[dict[str, Any]]]:
    """The restrictions of these people in the policy core's shape (``kind``, ``from``, ``until``,
    ``cites``), for the commendation check (:mod:`zeren.commendations.eligibility`), which sits below
    this app in the layers and takes this function as its restriction lookup. A lifted restriction
    ends on the day it was lifted; the core decides which are in force on the day judged."""
    out: dict[int, list[dict[str, Any]]] = {}
    for r in Restriction.objects.filter(person_id__in=list(person_ids)).order_by("person_id", "start", "kind"):
        ends = [d for d in (r.until, r.lifted_on) if d is not None]
        if r.lifted_on is not None and r.lifted_on <= r.start:
            continue  # lifted before it began: never in force
        out.setdefault(r.person_id, []).append(
            {
                "kind": r.kind,
                "from": r.start.isoformat(),
                "until": min(ends).isoformat() if ends else None,
                "cites": list(r.cites),
            }
        )
    return out
