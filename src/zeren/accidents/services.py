"""Writes to the accident register. Every change is audited (zeren.audit) in its own transaction.

The grade, investigating level and reporting timeliness come from the policy core
(:func:`zeren.policy.accidents.evaluate_accident`) under the policy in force where and when the
accident happened; they are stored with the policy id and version.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accidents.models import (
    Accident,
    AccidentReport,
    Basis,
    Grading,
    LeadershipResponsibility,
    ReportLevel,
)
from zeren.accidents.selectors import leadership_candidates
from zeren.accounts.access import AnyUser, can_see_jurisdiction, require_role
from zeren.accounts.models import Role
from zeren.audit.services import record_event
from zeren.org.bindings import policy_for, registry
from zeren.org.models import Appointment, Jurisdiction, Post
from zeren.policy.accidents import AccidentFacts, Report, evaluate_accident
from zeren.policy.model import Policy
from zeren.problems import Problems
from zeren.records.triggers import inputs_changed


@dataclass
class AccidentInput:
    title: str
    jurisdiction: Jurisdiction
    sector: str
    occurred_at: datetime.datetime
    kind: str = "other"
    enterprise: str = ""
    description: str = ""
    deaths: int = 0
    serious_injuries: int = 0
    missing: int = 0
    direct_loss_yuan: int = 0
    reports: dict[str, datetime.datetime] = field(default_factory=dict)


def check_may_edit(actor: AnyUser, jurisdiction: Jurisdiction) -> None:
    """The 安委办 of the jurisdiction (or above) keeps the register; a superuser may too."""
    require_role(actor, Role.OFFICE)
    if not can_see_jurisdiction(actor, jurisdiction):
        raise PermissionDenied


def policy_of(accident: Accident) -> Policy:
    return registry().get(accident.policy_id)


def _policy_at(jurisdiction: Jurisdiction, day: datetime.date) -> Policy:
    policy = policy_for(jurisdiction, day)
    if policy is None:
        raise Problems(
            [
                _("No policy is bound to %(jurisdiction)s on %(day)s: bind one before registering accidents.")
                % {"jurisdiction": jurisdiction.name, "day": day.isoformat()}
            ]
        )
    return policy


def _check_times(occurred_at: datetime.datetime, reports: dict[str, datetime.datetime]) -> list[str]:
    problems = []
    now = timezone.now()
    if occurred_at > now:
        problems.append(_("The accident cannot have happened in the future."))
    for level, at in reports.items():
        label = ReportLevel(level).label
        if at < occurred_at:
            problems.append(_("%(level)s: the report time is before the accident.") % {"level": label})
        elif at > now:
            problems.append(_("%(level)s: the report time is in the future.") % {"level": label})
    return problems


def _evaluate(accident: Accident, policy: Policy) -> dict[str, Any]:
    reports = [Report(level=r.level, at=r.at) for r in accident.reports.all()] if accident.pk else []
    facts = AccidentFacts(
        occurred_at=accident.occurred_at,
        deaths=accident.graded_deaths,
        serious_injuries=accident.graded_serious_injuries,
        direct_loss_yuan=accident.direct_loss_yuan,
        kind=accident.kind,
        reports=reports,
    )
    verdict = evaluate_accident(policy, facts).as_dict()
    accident.verdict = verdict
    accident.grade = verdict["grade"]
    accident.investigating_level = verdict["investigating_level"] or ""
    accident.timeliness = verdict["timeliness"]
    accident.regrade_until = (
        datetime.datetime.fromisoformat(verdict["regrade_until"]) if verdict["regrade_until"] else None
    )
    accident.policy_id = policy.id
    accident.policy_version = policy.version
    return verdict


def snapshot(accident: Accident) -> dict[str, Any]:
    return {
        "title": accident.title,
        "jurisdiction": accident.jurisdiction.code,
        "sector": accident.sector,
        "kind": accident.kind,
        "enterprise": accident.enterprise,
        "occurred_at": accident.occurred_at.isoformat(),
        "deaths": accident.deaths,
        "serious_injuries": accident.serious_injuries,
        "missing": accident.missing,
        "direct_loss_yuan": accident.direct_loss_yuan,
        "graded_deaths": accident.graded_deaths,
        "graded_serious_injuries": accident.graded_serious_injuries,
        "grade": accident.grade,
        "investigating_level": accident.investigating_level,
        "timeliness": accident.timeliness,
        "reports": {r.level: r.at.isoformat() for r in accident.reports.all()} if accident.pk else {},
        "policy": accident.policy_id,
        "policy_version": accident.policy_version,
    }


def _derive(accident: Accident, policy: Policy, actor: AnyUser) -> list[LeadershipResponsibility]:
    """Add the derived officials not yet on the accident (existing rows, and their reasons, stay)."""
    added = []
    for candidate in leadership_candidates(accident, policy):
        appointment = candidate.appointment
        row, created = LeadershipResponsibility.objects.get_or_create(
            accident=accident,
            person=appointment.person,
            post=appointment.post,
            defaults={"appointment": appointment, "basis": candidate.basis, "cites": candidate.cites},
        )
        if created:
            added.append(row)
    if added:
        record_event(
            actor=actor,
            action="accident.responsibility_derived",
            obj=accident,
            data={"added": [_row_data(r) for r in added]},
            jurisdiction_path=accident.jurisdiction.path,
        )
    return added


def _row_data(row: LeadershipResponsibility) -> dict[str, Any]:
    return {
        "person": row.person.name,
        "person_id": row.person_id,
        "post": row.post.code,
        "basis": row.basis,
        "cites": row.cites,
        "included": row.included,
        "reason": row.reason,
    }


@transaction.atomic
def accident_create(*, actor: AnyUser, data: AccidentInput) -> Accident:
    check_may_edit(actor, data.jurisdiction)
    problems = []
    if not data.title.strip():
        problems.append(_("Give the accident a title."))
    if not data.sector.strip():
        problems.append(_("Name the sector the accident happened in."))
    problems += _check_times(data.occurred_at, data.reports)
    if problems:
        raise Problems(problems)
    policy = _policy_at(data.jurisdiction, timezone.localdate(data.occurred_at))
    accident = Accident(
        title=data.title.strip(),
        jurisdiction=data.jurisdiction,
        sector=data.sector.strip(),
        kind=data.kind,
        enterprise=data.enterprise.strip(),
        occurred_at=data.occurred_at,
        description=data.description.strip(),
        deaths=data.deaths,
        serious_injuries=data.serious_injuries,
        missing=data.missing,
        direct_loss_yuan=data.direct_loss_yuan,
        graded_deaths=data.deaths,
        graded_serious_injuries=data.serious_injuries,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]
    )
    _evaluate(accident, policy)
    accident.save()
    for level, at in data.reports.items():
        AccidentReport.objects.create(accident=accident, level=level, at=at)
    _evaluate(accident, policy)
    accident.save()
    Grading.objects.create(
        accident=accident,
        changed_at=accident.occurred_at,
        deaths=accident.deaths,
        serious_injuries=accident.serious_injuries,
        missing=accident.missing,
        direct_loss_yuan=accident.direct_loss_yuan,
        grade=accident.grade,
        within_window=True,
        reason=_("Registered"),
        actor=accident.created_by,
    )
    record_event(
        actor=actor,
        action="accident.create",
        obj=accident,
        data={"before": None, "after": snapshot(accident)},
        jurisdiction_path=accident.jurisdiction.path,
    )
    _derive(accident, policy, actor)
    _update_event_duties(accident, actor, "accident.create")
    return accident


def _update_event_duties(accident: Accident, actor: AnyUser, reason: str) -> None:
    """Event duties follow the accident (常州 第十条(六): a government deputy goes to the scene of a 较大
    or worse accident in a sector in charge): the verdicts of the posts of its jurisdiction and of
    every jurisdiction above it, from the accident's day on, through the one trigger."""
    codes = [code for code in accident.jurisdiction.path.strip("/").split("/") if code]
    post_ids = list(Post.objects.filter(body__jurisdiction__code__in=codes).values_list("id", flat=True))
    day = timezone.localdate(accident.occurred_at)
    inputs_changed(posts=post_ids, since=day, years=[day.year], actor=actor, reason=reason)


@transaction.atomic
def accident_update_casualties(
    *,
    actor: AnyUser,
    accident: Accident,
    deaths: int,
    serious_injuries: int,
    missing: int,
    direct_loss_yuan: int,
    changed_at: datetime.datetime,
    reason: str,
) -> Grading:
    """Record new counts. Within the regrade window (30 days; 7 for road traffic and fire — 国务院令
    第493号 第十三条) the grade follows the new casualties; after it, the counts are recorded but the
    grade keeps resting on the casualties known at the window's end. The direct loss is assessed by
    the investigation and counts whenever it is entered."""
    check_may_edit(actor, accident.jurisdiction)
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    problems = []
    if not reason.strip():
        problems.append(_("Say why the counts change (e.g. an injured person died in hospital)."))
    if changed_at < accident.occurred_at:
        problems.append(_("The change cannot come before the accident."))
    if changed_at > timezone.now():
        problems.append(_("The change cannot be in the future."))
    unchanged = (deaths, serious_injuries, missing, direct_loss_yuan) == (
        accident.deaths,
        accident.serious_injuries,
        accident.missing,
        accident.direct_loss_yuan,
    )
    if unchanged:
        problems.append(_("The counts are the same as before: nothing to record."))
    if problems:
        raise Problems(problems)
    before = snapshot(accident)
    policy = policy_of(accident)
    within = accident.regrade_until is None or changed_at <= accident.regrade_until
    accident.deaths, accident.serious_injuries = deaths, serious_injuries
    accident.missing, accident.direct_loss_yuan = missing, direct_loss_yuan
    if within:
        accident.graded_deaths, accident.graded_serious_injuries = deaths, serious_injuries
    previous = accident.grade
    _evaluate(accident, policy)
    accident.save()
    grading = Grading.objects.create(
        accident=accident,
        changed_at=changed_at,
        deaths=deaths,
        serious_injuries=serious_injuries,
        missing=missing,
        direct_loss_yuan=direct_loss_yuan,
        grade=accident.grade,
        previous_grade=previous,
        within_window=within,
        reason=reason.strip(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]
    )
    record_event(
        actor=actor,
        action="accident.casualties",
        obj=accident,
        data={"before": before, "after": snapshot(accident), "reason": reason.strip(), "within_window": within},
        jurisdiction_path=accident.jurisdiction.path,
    )
    if previous != accident.grade:
        _derive(accident, policy, actor)
        _update_event_duties(accident, actor, "accident.casualties")
    return grading


@transaction.atomic
def accident_set_report(*, actor: AnyUser, accident: Accident, level: str, at: datetime.datetime | None) -> Accident:
    """Enter (or clear, with ``at=None``) when the accident was reported to ``level``; the
    timeliness verdict is recomputed."""
    check_may_edit(actor, accident.jurisdiction)
    if level not in ReportLevel.values:
        raise Problems([_("Unknown reporting level.")])
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    if at is not None:
        problems = _check_times(accident.occurred_at, {level: at})
        if problems:
            raise Problems(problems)
    before = snapshot(accident)
    if at is None:
        AccidentReport.objects.filter(accident=accident, level=level).delete()
    else:
        AccidentReport.objects.update_or_create(accident=accident, level=level, defaults={"at": at})
    _evaluate(accident, policy_of(accident))
    accident.save()
    record_event(
        actor=actor,
        action="accident.report",
        obj=accident,
        data={"before": before, "after": snapshot(accident)},
        jurisdiction_path=accident.jurisdiction.path,
    )
    return accident


@transaction.atomic
def responsibility_set_included(
    *, actor: AnyUser, responsibility: LeadershipResponsibility, included: bool, reason: str
) -> LeadershipResponsibility:
    """Exclude a derived official (or include them again); always with a reason, audited."""
    check_may_edit(actor, responsibility.accident.jurisdiction)
    if not reason.strip():
        raise Problems([_("Give the reason for this change.")])
    row = LeadershipResponsibility.objects.select_for_update().get(pk=responsibility.pk)
    if row.included == included:
        raise Problems([_("Nothing to change.")])
    before = _row_data(row)
    row.included, row.reason = included, reason.strip()
    row.save(update_fields=["included", "reason"])
    record_event(
        actor=actor,
        action="accident.responsibility_included" if included else "accident.responsibility_excluded",
        obj=row.accident,
        data={"before": before, "after": _row_data(row)},
        jurisdiction_path=row.accident.jurisdiction.path,
    )
    return row


@transaction.atomic
def responsibility_add(
    *, actor: AnyUser, accident: Accident, appointment: Appointment, reason: str
) -> LeadershipResponsibility:
    """Add an official the derivation did not name (e.g. a department head), with a reason."""
    check_may_edit(actor, accident.jurisdiction)
    problems = []
    if not reason.strip():
        problems.append(_("Give the reason for adding this official."))
    if not appointment.covers(accident.occurred_on):
        problems.append(_("That appointment was not in force on the day of the accident."))
    if not appointment.post.body.jurisdiction.is_within(accident.jurisdiction):
        problems.append(_("That post is outside the accident's jurisdiction."))
    if LeadershipResponsibility.objects.filter(
        accident=accident, person=appointment.person, post=appointment.post
    ).exists():
        problems.append(_("That official is already listed."))
    if problems:
        raise Problems(problems)
    row = LeadershipResponsibility.objects.create(
        accident=accident,
        person=appointment.person,
        post=appointment.post,
        appointment=appointment,
        basis=Basis.ADDED,
        cites=[],
        derived=False,
        included=True,
        reason=reason.strip(),
    )
    record_event(
        actor=actor,
        action="accident.responsibility_added",
        obj=accident,
        data={"before": None, "after": _row_data(row)},
        jurisdiction_path=accident.jurisdiction.path,
    )
    return row
