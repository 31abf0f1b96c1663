"""Reads of supervision: what a user may see (the access layer's pattern), who may act on what, the
summonses due, and the listed hazards whose rectification is poor (for zeren.cases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accidents.models import Accident
from zeren.accounts import access
from zeren.accounts.access import AnyUser, can_see_jurisdiction, get_object_for_user, scope_to_user
from zeren.accounts.models import Role
from zeren.org.bindings import policy_for
from zeren.org.models import Body, Jurisdiction, Person
from zeren.policy.summons import Jurisdiction as SummonsJurisdiction
from zeren.policy.summons import SummonsAccident, SummonsFacts, evaluate_summons
from zeren.records.models import Hazard
from zeren.supervision.models import (
    ListedHazard,
    ListingState,
    SourceKind,
    SummonsHeld,
    SupervisionEvidence,
    Ticket,
    TicketState,
)
from zeren.tours.selectors import get_finding_for_user

LISTING_LEVELS = ("county", "city", "province")
"""The levels that list a major hazard for supervision (四级 county, 三级 city, 二级 and up province)."""


def tickets_for(user: AnyUser) -> models.QuerySet[Ticket]:
    """The tickets whose lead body is in the user's subtree (the issuing office is above or at it)."""
    return scope_to_user(
        Ticket.objects.select_related("issuer", "lead_body__jurisdiction"), user, via="lead_body__jurisdiction"
    )


def get_ticket_for_user(user: AnyUser, pk: int) -> Ticket:
    return get_object_for_user(tickets_for, user, pk=pk)


def listed_hazards_for(user: AnyUser) -> models.QuerySet[ListedHazard]:
    """The listed hazards in the user's subtree; the public sees the published ones."""
    return scope_to_user(
        ListedHazard.objects.select_related("jurisdiction", "lister", "responsible_body", "responsible_leader"),
        user,
        via="jurisdiction",
        published="published",
    )


def get_listed_hazard_for_user(user: AnyUser, pk: int) -> ListedHazard:
    return get_object_for_user(listed_hazards_for, user, pk=pk)


def summonses_for(user: AnyUser) -> models.QuerySet[SummonsHeld]:
    return scope_to_user(SummonsHeld.objects.select_related("jurisdiction"), user, via="jurisdiction")


def get_summons_for_user(user: AnyUser, pk: int) -> SummonsHeld:
    return get_object_for_user(summonses_for, user, pk=pk)


def evidence_for(user: AnyUser) -> models.QuerySet[SupervisionEvidence]:
    """Evidence of the tickets and listed hazards the user sees (never the public)."""
    if not user.is_authenticated:
        return SupervisionEvidence.objects.none()
    return SupervisionEvidence.objects.filter(
        Q(ticket__in=tickets_for(user).values("pk")) | Q(listed_hazard__in=listed_hazards_for(user).values("pk"))
    )


def get_evidence_for_user(user: AnyUser, pk: int) -> SupervisionEvidence:
    return get_object_for_user(evidence_for, user, pk=pk)


def hazards_for(user: AnyUser) -> models.QuerySet[Hazard]:
    """The hazards recorded with inspections in the user's subtree (to list one)."""
    return scope_to_user(
        Hazard.objects.select_related("record__jurisdiction").filter(record__deleted_at__isnull=True),
        user,
        via="record__jurisdiction",
    )


def get_hazard_for_user(user: AnyUser, pk: int) -> Hazard:
    return get_object_for_user(hazards_for, user, pk=pk)


def bodies_for(user: AnyUser) -> models.QuerySet[Body]:
    return access.bodies_for(user).order_by("jurisdiction__path", "code")


def people_for(user: AnyUser) -> models.QuerySet[Person]:
    return access.people_for(user).order_by("name")


# who may act -----------------------------------------------------------------------------------


def ticket_source_initial(user: AnyUser, query: Mapping[str, str]) -> dict[str, Any]:
    """What a new ticket's form starts with when it is raised from a source (督办单 raised from a
    finding or an assessment result): ``?finding=<pk>`` fills it from an inspection tour's finding the
    user may see (403 or 404 otherwise); ``?source=<kind>&label=…&reference=…&title=…`` from any page that
    names its source (the assessment entry does). Only the form's start: the user checks and issues."""
    initial: dict[str, Any] = {}
    kind = query.get("source", "")
    if kind in SourceKind.values:
        initial["source_kind"] = kind
        for field, key, limit in (
            ("source_label", "label", 300),
            ("source_reference", "reference", 100),
            ("title", "title", 200),
        ):
            if query.get(key, "").strip():
                initial[field] = query[key].strip()[:limit]
    if query.get("finding", "").isdigit():
        finding = get_finding_for_user(user, int(query["finding"]))
        tour = finding.tour
        initial |= {
            "source_kind": SourceKind.FINDING,
            "source_label": (
                _("%(round)s, %(body)s, finding %(number)s")
                % {"round": tour.plan.title, "body": tour.target.name, "number": finding.number}
            )[:300],
            "source_reference": tour.feedback_number,
            "title": " ".join(finding.description.split())[:200],
            "requirement": _("Rectify: %(problem)s") % {"problem": finding.description},
        }
        if finding.responsible_body_id is not None:
            initial["lead_body"] = str(finding.responsible_body_id)
    return initial


def _office(user: AnyUser) -> bool:
    return access.sees_everything(user) or getattr(user, "role", "") == Role.OFFICE


def may_issue(user: AnyUser) -> bool:
    return _office(user) and (access.sees_everything(user) or getattr(user, "jurisdiction", None) is not None)


def may_handle(user: AnyUser, ticket: Ticket) -> bool:
    """The office of the lead body's own jurisdiction reports and asks for more time (the offices above
    it see the ticket; the issuing one reviews it)."""
    if access.sees_everything(user):
        return True
    return _office(user) and getattr(user, "jurisdiction_id", None) == ticket.lead_body.jurisdiction_id


def may_review(user: AnyUser, ticket: Ticket) -> bool:
    """The office that issued the ticket (or one above it) answers, returns and closes."""
    return _office(user) and can_see_jurisdiction(user, ticket.issuer)


def may_handle_listing(user: AnyUser, listing: ListedHazard) -> bool:
    """The office of the hazard's own jurisdiction asks for an extension."""
    if access.sees_everything(user):
        return True
    return _office(user) and getattr(user, "jurisdiction_id", None) == listing.jurisdiction_id


def may_review_listing(user: AnyUser, listing: ListedHazard) -> bool:
    return _office(user) and can_see_jurisdiction(user, listing.lister)


# the listed hazards whose rectification is poor -------------------------------------------------


def poor_listed_hazards(jurisdiction: Jurisdiction, *, today: dt.date | None = None) -> models.QuerySet[ListedHazard]:
    """The listed hazards in ``jurisdiction``'s subtree whose rectification is poor (常州 第二十条(五)
    “挂牌督办的重大生产安全事故隐患整改不力”): marked so by the listing office, or past their deadline
    and not 摘牌销号. zeren.cases offers each as the ground ``listed_hazard_rectification_poor``."""
    today = today or timezone.localdate()
    overdue = Q(state=ListingState.LISTED, deadline__lt=today)
    return (
        ListedHazard.objects.filter(jurisdiction__path__startswith=jurisdiction.path)
        .filter(Q(poor=True) | overdue)
        .select_related("jurisdiction", "responsible_body", "responsible_leader")
        .order_by("deadline", "id")
    )


# summonses due ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueSummons:
    jurisdiction: Jurisdiction
    summons: Any
    """zeren.policy.summons.Summons."""
    policy_id: str
    policy_version: str
    notes: tuple[str, ...]
    accidents: list[Accident]
    held: SummonsHeld | None


def summonses_due(user: AnyUser, *, as_of: dt.date) -> list[DueSummons]:
    """The summonses the packs make due for the jurisdictions in the user's scope that had accidents:
    the core (:func:`zeren.policy.summons.evaluate_summons`) on the accidents zeren holds for each."""
    visible = access.jurisdictions_for(user)
    accidents = (
        Accident.objects.filter(jurisdiction__in=visible.values("pk"))
        .select_related("jurisdiction")
        .order_by("jurisdiction_id", "occurred_at", "id")
    )
    by_place: dict[int, list[Accident]] = {}
    for accident in accidents:
        by_place.setdefault(accident.jurisdiction_id, []).append(accident)
    held = {(h.jurisdiction_id, h.rule, h.pattern, h.due_on): h for h in summonses_for(user)}
    out: list[DueSummons] = []
    for rows in by_place.values():
        place = rows[0].jurisdiction
        policy = policy_for(place, as_of)
        if (
            policy is None
            or not policy.summons
            or place.level not in ("township", "zone", "county", "city", "province")
        ):
            continue
        facts = SummonsFacts(
            jurisdiction=SummonsJurisdiction(code=place.code, level=place.level),
            accidents=[
                SummonsAccident(
                    occurred_at=a.occurred_at,
                    grade=a.grade or None,
                    deaths=a.deaths,
                    serious_injuries=a.serious_injuries,
                    direct_loss_yuan=a.direct_loss_yuan,
                    id=str(a.pk),
                )
                for a in rows
            ],
            as_of=as_of,
        )
        verdict = evaluate_summons(policy, facts)
        for summons in verdict.summonses:
            out.append(
                DueSummons(
                    jurisdiction=place,
                    summons=summons,
                    policy_id=verdict.policy,
                    policy_version=verdict.policy_version,
                    notes=verdict.notes,
                    accidents=[rows[i] for i in summons.because],
                    held=held.get((place.pk, summons.rule, summons.pattern, summons.due_on)),
                )
            )
    out.sort(key=lambda d: (d.held is not None, -d.summons.due_on.toordinal(), d.jurisdiction.path))
    return out


def open_tickets_for_feed(user: Any, today: dt.date) -> models.QuerySet[Ticket]:
    """The open tickets an office account handles or reviews (for its calendar feed)."""
    if getattr(user, "role", "") != Role.OFFICE and not access.sees_everything(user):
        return Ticket.objects.none()
    return tickets_for(user).exclude(state=TicketState.CLOSED).order_by("due_on", "id")
