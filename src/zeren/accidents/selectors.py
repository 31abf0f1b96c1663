"""Reads of the accident register: what a user may see, and who held leadership responsibility
on the day of an accident (derived from the appointments in force then)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models

from zeren.accidents.models import Accident, Basis, LeadershipResponsibility
from zeren.accounts.access import AnyUser, get_object_for_user, scope_to_user
from zeren.org.models import Appointment, Jurisdiction
from zeren.policy.duties import scope_of
from zeren.policy.model import Policy

# Rank of a jurisdiction level against the level that investigates (国务院令第493号 第十九条).
LEVEL_RANK = {"township": 0, "zone": 0, "county": 1, "city": 2, "new_area": 2, "province": 3}
INVESTIGATING_RANK = {"county": 1, "city": 2, "province": 3, "state_council": 4}

LEADERSHIP_ROLES = ("party_secretary", "government_head", "deputy_for_safety", "government_deputy", "standing_member")


def accidents_for(user: AnyUser) -> models.QuerySet[Accident]:
    """The accidents in the user's jurisdiction subtree (the public sees none)."""
    return scope_to_user(Accident.objects.select_related("jurisdiction"), user, via="jurisdiction")


def get_accident_for_user(user: AnyUser, pk: int) -> Accident:
    return get_object_for_user(accidents_for, user, pk=pk)


def responsibilities_for(user: AnyUser) -> models.QuerySet[LeadershipResponsibility]:
    return scope_to_user(
        LeadershipResponsibility.objects.select_related("accident", "person", "post__body__jurisdiction"),
        user,
        via="accident__jurisdiction",
    )


def get_responsibility_for_user(user: AnyUser, pk: int) -> LeadershipResponsibility:
    return get_object_for_user(responsibilities_for, user, pk=pk)


def chain_of(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction and its ancestors, nearest first."""
    codes = [c for c in jurisdiction.path.strip("/").split("/") if c]
    return sorted(Jurisdiction.objects.filter(code__in=codes), key=lambda j: -j.depth)


def responsibility_chain(accident: Accident) -> list[Jurisdiction]:
    """The accident's jurisdiction and the levels above it up to the one that investigates an accident of
    its grade (国务院令第493号 第十九条), nearest first: the levels whose leaders the register names."""
    ceiling = INVESTIGATING_RANK.get(accident.investigating_level, 1)
    return [
        j for j in chain_of(accident.jurisdiction) if j.pk == accident.jurisdiction_id or LEVEL_RANK[j.level] <= ceiling
    ]


@dataclass(frozen=True)
class Candidate:
    appointment: Appointment
    basis: str
    cites: list[str]


def leadership_candidates(accident: Accident, policy: Policy) -> list[Candidate]:
    """Who held leadership responsibility on the day (属地 + 分管), from the appointments in force.

    - levels: the accident's jurisdiction and each level above it up to the one that investigates
      an accident of its grade (国务院令第493号 第十九条), keeping only the posts the policy covers
      (its scope rules: 常州 does not cover the city's own leaders, 河北 covers every level);
    - on each level: the party secretary and the government head (属地 主要负责人), the deputy for
      safety, and any other leader whose sectors (分管行业) contain the accident's sector.
    Each candidate cites the policy's scope rule and its responsibility principle (e.g. CZ-4#2).
    """
    day = accident.occurred_on
    chain = responsibility_chain(accident)
    principles = [c for p in policy.provisions if p.kind == "responsibility_principle" for c in p.cites][:1]
    found: list[Candidate] = []
    appointments = (
        Appointment.objects.filter(
            post__body__jurisdiction__in=chain,
            post__role__in=LEADERSHIP_ROLES,
            post__body__kind__in=("party_committee", "government"),
            start__lte=day,
        )
        .filter(models.Q(end__isnull=True) | models.Q(end__gte=day))
        .select_related("person", "post__body__jurisdiction")
        .order_by("-post__body__jurisdiction__depth", "post__code")
    )
    for appointment in appointments:
        post = appointment.post
        scope = scope_of(policy, post.role, post.level)
        if not scope.in_scope or scope.rule is None:
            continue
        if post.role in ("party_secretary", "government_head"):
            basis = Basis.PRINCIPAL
        elif post.role == "deputy_for_safety":
            basis = Basis.DEPUTY_FOR_SAFETY
        elif accident.sector and accident.sector in (post.sectors or []):
            basis = Basis.SECTOR_DEPUTY
        else:
            continue
        cites = list(dict.fromkeys([*scope.rule.cites, *principles]))
        found.append(Candidate(appointment, basis, cites))
    return found


def appointments_on(jurisdiction: Jurisdiction, day: datetime.date) -> models.QuerySet[Appointment]:
    """Leadership appointments in force on ``day`` in ``jurisdiction`` and its subtree (to add by hand)."""
    return (
        Appointment.objects.filter(post__body__jurisdiction__path__startswith=jurisdiction.path, start__lte=day)
        .filter(models.Q(end__isnull=True) | models.Q(end__gte=day))
        .select_related("person", "post__body__jurisdiction")
        .order_by("post__body__jurisdiction__path", "post__code")
    )
