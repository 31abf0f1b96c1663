"""Writes to accountability cases. Each service checks who may act (zeren.cases.workflow), changes
the case under optimistic locking, and records an audit event in the same transaction. Bad input
raises :class:`~zeren.problems.Problems` and nothing changes.

Optimistic locking: every change names the ``expected_version`` of the case it was made from. If the
case moved on meanwhile, the change is refused with :class:`~zeren.problems.Conflict` (its ``current``
is the case as it is now) and nothing changes — but
the refused attempt, with everything it carried, is written to the audit trail, so nothing typed is
lost and both versions stand in the case history.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accidents.models import Accident
from zeren.accounts.access import AnyUser, can_see_jurisdiction, require_role
from zeren.accounts.models import Role
from zeren.audit.services import record_event
from zeren.cases import verdicts, workflow
from zeren.cases.consequences import lift, restrictions_from_verdict
from zeren.cases.models import (
    Appeal,
    AppealOutcome,
    Case,
    DecidedMeasure,
    Evidence,
    OpenedBy,
    Responsibility,
    Restriction,
    State,
    Subject,
)
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, Body, Jurisdiction
from zeren.policy.accountability import decision_problems
from zeren.problems import Conflict, Problems
from zeren.supervision.models import ListedHazard

T = TypeVar("T")

# The responsibility degree the principle articles (常州/河北 第四条第二款) give each basis, as a default.
DEFAULT_DEGREE = {"principal": "main", "deputy_for_safety": "important", "sector_deputy": "direct", "added": ""}


def _conflict(current: Case, expected_version: int) -> Conflict:
    """The case changed since the form was loaded: ``current`` is the case as it is now."""
    return Conflict(
        _(
            "Someone else changed this case (it is now at version %(current)s; you started from version "
            "%(expected)s). Your change was NOT saved, so it cannot overwrite theirs. What you entered is shown "
            "below and is kept in the case history; look at the current case and enter it again if it still applies."
        )
        % {"current": current.version, "expected": expected_version},
        current=current,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": str(value)}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def versioned(fn: Callable[..., T]) -> Callable[..., T]:
    """Run ``fn`` atomically; on a version conflict keep the refused attempt in the audit trail."""

    @functools.wraps(fn)
    def wrapper(*, actor: AnyUser, case: Case, expected_version: int, **kwargs: Any) -> T:
        try:
            with transaction.atomic():
                return fn(actor=actor, case=case, expected_version=expected_version, **kwargs)
        except Conflict as conflict:
            assert isinstance(conflict.current, Case)  # noqa: S101
            record_event(
                actor=actor,
                action="case.conflict",
                obj=conflict.current,
                data={
                    "operation": fn.__name__,
                    "expected_version": expected_version,
                    "current_version": conflict.current.version,
                    "attempted": _plain(kwargs),
                },
                jurisdiction_path=conflict.current.jurisdiction.path,
            )
            raise

    return wrapper


def _lock(case: Case, expected_version: int) -> Case:
    """Claim the next version of the case, or raise Conflict if it is no longer ``expected_version``."""
    claimed = Case.objects.filter(pk=case.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise _conflict(Case.objects.select_related("jurisdiction").get(pk=case.pk), expected_version)
    return Case.objects.select_for_update(of=("self",)).select_related("jurisdiction", "accident").get(pk=case.pk)


def _subject_data(subject: Subject) -> dict[str, Any]:
    return {
        "person": subject.person.name,
        "person_id": subject.person_id,
        "post": subject.post.code,
        "status": subject.status,
        "responsibility": subject.responsibility,
        "circumstances": list(subject.circumstances),
        "facts": dict(subject.facts or {}),
        "previous_year_by_hand": subject.previous_year_by_hand,
        "grounds_text": subject.grounds_text,
        "accountable": (subject.verdict or {}).get("accountable"),
        "measures": [
            {
                "measure": m.measure,
                "sanction": m.sanction,
                "date": m.date.isoformat(),
                "revoked_on": _plain(m.revoked_on),
            }
            for m in subject.measures.all()
        ],
        "no_measure_reason": subject.no_measure_reason,
        "no_measure_basis": subject.no_measure_basis,
    }


def snapshot(case: Case) -> dict[str, Any]:
    return {
        "version": case.version,
        "state": case.state,
        "title": case.title,
        "opened_by": case.opened_by,
        "proposal": case.proposal,
        "facts_date": case.facts_date.isoformat(),
        "lead_body": case.lead_body.code if case.lead_body_id and case.lead_body else None,
        "investigation_notes": case.investigation_notes,
        "deciding_body": case.deciding_body,
        "decision_number": case.decision_number,
        "decided_on": _plain(case.decided_on),
        "decision_text": case.decision_text,
        "published": case.published,
        "policy": case.policy_id,
        "policy_version": case.policy_version,
    }


def _event(actor: AnyUser, action: str, case: Case, data: dict[str, Any]) -> None:
    record_event(actor=actor, action=action, obj=case, data=data, jurisdiction_path=case.jurisdiction.path)


def _user(actor: AnyUser) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _evaluate_into(subject: Subject, as_of: datetime.date) -> None:
    """Store the engine's verdict on the subject (empty while no ground is chosen)."""
    try:
        verdict = verdicts.evaluate(subject, as_of=as_of)
    except Problems:
        subject.verdict, subject.verdict_policy, subject.verdict_version, subject.verdict_as_of = {}, "", "", None
        return
    subject.verdict = verdict
    subject.verdict_policy, subject.verdict_version = verdict["policy"], verdict["policy_version"]
    subject.verdict_as_of = as_of


def _next_number(jurisdiction: Jurisdiction, year: int) -> str:
    prefix = f"{jurisdiction.name}问责〔{year}〕"
    taken = Case.objects.filter(number__startswith=prefix).count()
    n = taken + 1
    while Case.objects.filter(number=f"{prefix}{n}号").exists():
        n += 1
    return f"{prefix}{n}号"


# ── opening ────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def case_open(
    *,
    actor: AnyUser,
    jurisdiction: Jurisdiction,
    title: str,
    opened_by: str,
    proposal: str,
    accident: Accident | None,
    facts_date: datetime.date | None,
    listed_hazard: ListedHazard | None = None,
) -> Case:
    """The 安委办 proposes a case (提请, CZ-27), or records one the party committee or government opened.
    Opened from an accident, the officials with leadership responsibility on its day in the case's
    jurisdiction (and below) become the case's officials, with the responsibility degree the principle
    articles give their basis."""
    require_role(actor, Role.OFFICE)
    if not can_see_jurisdiction(actor, jurisdiction):
        raise PermissionDenied
    problems = []
    if not title.strip():
        problems.append(_("Give the case a title."))
    if opened_by not in OpenedBy.values:
        problems.append(_("Say who opens the case."))
    if accident is not None and not accident.jurisdiction.is_within(jurisdiction):
        problems.append(_("The accident is outside the case's jurisdiction."))
    if facts_date is None:
        if accident is None:
            problems.append(_("Give the date of the facts (it decides which policy applies)."))
        else:
            facts_date = accident.occurred_on
    if facts_date is not None and facts_date > timezone.localdate():
        problems.append(_("The date of the facts cannot be in the future."))
    if problems:
        raise Problems(problems)
    assert facts_date is not None  # noqa: S101
    policy = policy_for(jurisdiction, facts_date)
    if policy is None:
        raise Problems(
            [_("No policy is bound to %(j)s on %(d)s.") % {"j": jurisdiction.name, "d": facts_date.isoformat()}]
        )
    case = Case.objects.create(
        number=_next_number(jurisdiction, timezone.localdate().year),
        title=title.strip(),
        jurisdiction=jurisdiction,
        accident=accident,
        opened_by=opened_by,
        proposal=proposal.strip(),
        facts_date=facts_date,
        policy_id=policy.id,
        policy_version=policy.version,
        created_by=_user(actor),
    )
    today = timezone.localdate()
    subjects = []
    if accident is not None:
        rows = accident.responsibilities.filter(included=True).select_related(
            "person", "post__body__jurisdiction", "appointment"
        )
        # Only the leaders of the case's jurisdiction and below: a case of a township does not hold the
        # county's leaders to account (open it at the investigating level for them).
        for row in (r for r in rows if r.post.body.jurisdiction.is_within(jurisdiction)):
            subject = Subject(
                case=case,
                person=row.person,
                post=row.post,
                status=verdicts.status_now(row.appointment, row.person_id, today),
                responsibility=DEFAULT_DEGREE.get(row.basis, ""),
                circumstances=["accident_responsibility"],
                facts=verdicts.clean_facts({}),
            )
            _evaluate_into(subject, today)
            subject.save()
            subjects.append(subject)
    if listed_hazard is not None:
        # offered by zeren.supervision as the ground listed_hazard_rectification_poor (CZ-20.5): its record
        Evidence.objects.create(
            case=case,
            title=_("Listed hazard record %(number)s") % {"number": listed_hazard.notice_number},
            source=listed_hazard.lister.name,
            received_on=today,
            description=listing_ground_text(listed_hazard),
            added_by=_user(actor),
        )
    _event(
        actor,
        "case.open",
        case,
        {
            "before": None,
            "after": snapshot(case),
            "subjects": [_subject_data(s) for s in subjects],
            "listed_hazard": listed_hazard.pk if listed_hazard is not None else None,
        },
    )
    return case


def listing_ground_text(listing: ListedHazard) -> str:
    """The record of a listed hazard whose rectification is poor, as the case's evidence text."""
    lines = [
        _(
            "Listed major hazard “%(title)s” (%(number)s), listed by %(lister)s on %(listed)s; rectification deadline "
            "%(deadline)s; responsible unit %(unit)s, responsible leader %(leader)s."
        )
        % {
            "title": listing.title,
            "number": listing.notice_number,
            "lister": listing.lister.name,
            "listed": listing.listed_on.isoformat(),
            "deadline": listing.deadline.isoformat(),
            "unit": listing.responsible_body.name,
            "leader": listing.responsible_leader.name,
        },
        _("Rectification required: %(measures)s") % {"measures": listing.measures},
    ]
    if listing.poor_reason:
        lines.append(_("Why the rectification is poor: %(reason)s") % {"reason": listing.poor_reason})
    if listing.state == "listed" and listing.deadline < timezone.localdate():
        lines.append(_("Not delisted by its deadline."))
    return "\n".join(lines)


# ── editing (versioned) ────────────────────────────────────────────────────────────────────────


def _policy(case: Case) -> Any:
    return verdicts.policy_of(case)


@versioned
def case_update(
    *,
    actor: AnyUser,
    case: Case,
    expected_version: int,
    title: str,
    proposal: str,
    investigation_notes: str,
    lead_body: Body | None,
) -> Case:
    workflow.require_edit(actor, case, _policy(case))
    if not title.strip():
        raise Problems([_("Give the case a title.")])
    if lead_body is not None and not lead_body.jurisdiction.is_within(case.jurisdiction):
        raise Problems([_("The lead department must belong to the case's jurisdiction.")])
    case = _lock(case, expected_version)
    before = snapshot(case)
    before["version"] = expected_version
    case.title, case.proposal, case.investigation_notes = title.strip(), proposal.strip(), investigation_notes.strip()
    case.lead_body = lead_body
    case.save()
    _event(actor, "case.update", case, {"before": before, "after": snapshot(case)})
    return case


@versioned
def evidence_add(
    *,
    actor: AnyUser,
    case: Case,
    expected_version: int,
    title: str,
    source: str,
    received_on: datetime.date,
    description: str,
) -> Evidence:
    workflow.require_edit(actor, case, _policy(case))
    problems = []
    if not title.strip():
        problems.append(_("Give the evidence a title."))
    if received_on > timezone.localdate():
        problems.append(_("The evidence cannot be received in the future."))
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    item = Evidence.objects.create(
        case=case,
        title=title.strip(),
        source=source.strip(),
        received_on=received_on,
        description=description.strip(),
        added_by=_user(actor),
    )
    _event(
        actor,
        "case.evidence_added",
        case,
        {
            "version": case.version,
            "after": {
                "title": item.title,
                "source": item.source,
                "received_on": received_on.isoformat(),
                "description": item.description,
            },
        },
    )
    return item


@versioned
def subject_add(*, actor: AnyUser, case: Case, expected_version: int, appointment: Appointment) -> Subject:
    workflow.require_edit(actor, case, _policy(case))
    problems = []
    if not appointment.covers(case.facts_date):
        problems.append(_("That appointment was not in force on the date of the facts."))
    if case.subjects.filter(person=appointment.person).exists():
        problems.append(_("That official is already on the case."))
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    today = timezone.localdate()
    subject = Subject(
        case=case,
        person=appointment.person,
        post=appointment.post,
        status=verdicts.status_now(appointment, appointment.person_id, today),
        facts=verdicts.clean_facts({}),
    )
    subject.save()
    _event(actor, "case.subject_added", case, {"version": case.version, "after": _subject_data(subject)})
    return subject


@versioned
def subject_update(
    *,
    actor: AnyUser,
    case: Case,
    expected_version: int,
    subject: Subject,
    status: str,
    responsibility: str,
    circumstances: list[str],
    facts: dict[str, Any],
    grounds_text: str,
) -> Subject:
    """The responsibility determination for one official; the engine's verdict is computed again."""
    workflow.require_edit(actor, case, _policy(case))
    if subject.case_id != case.pk:
        raise PermissionDenied
    clean_circumstances = verdicts.clean_circumstances(circumstances)
    clean = verdicts.clean_facts(facts)
    problems = []
    if status not in ("in_post", "transferred", "promoted", "retired"):
        problems.append(_("Unknown status."))
    if responsibility not in ("", "main", "important", "direct"):
        problems.append(_("Unknown responsibility degree."))
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    subject = (
        Subject.objects.select_for_update().select_related("person", "post__body__jurisdiction").get(pk=subject.pk)
    )
    subject.case = case
    before = _subject_data(subject)
    subject.status, subject.responsibility = status, responsibility
    if verdicts.previous_year(subject).source == "published":
        clean["previous_year_assessment"] = None  # zeren's stored result counts, not a typed grade
    subject.circumstances, subject.facts, subject.grounds_text = clean_circumstances, clean, grounds_text.strip()
    subject.previous_year_by_hand = bool(clean["previous_year_assessment"])
    _evaluate_into(subject, timezone.localdate())
    subject.save()
    _event(
        actor,
        "case.subject_updated",
        case,
        {
            "version": case.version,
            "subject_id": subject.pk,
            "before": before,
            "after": _subject_data(subject),
            "verdict": {
                k: subject.verdict.get(k) for k in ("policy", "policy_version", "accountable", "accident_grade")
            },
        },
    )
    return subject


# ── steps (versioned) ──────────────────────────────────────────────────────────────────────────


@versioned
def case_step(
    *, actor: AnyUser, case: Case, expected_version: int, step: str, note: str = "", on: datetime.date | None = None
) -> Case:
    """investigate, determine, reopen, close or publish (``on``: the publication date, default today)."""
    if step not in ("investigate", "determine", "reopen", "close", "publish"):
        raise Problems([_("Unknown step.")])
    the_step = workflow.require_step(actor, step, case, _policy(case))
    problems = []
    subjects = list(case.subjects.select_related("person"))
    if step == "investigate" and case.lead_body_id is None:
        problems.append(_("Record the lead department the party committee or government designated first."))
    if step == "determine":
        if not subjects:
            problems.append(_("Add at least one official before determining responsibility."))
        for s in subjects:
            if not s.verdict:
                problems.append(_("%(person)s: choose the grounds first.") % {"person": s.person.name})
    if step == "close":
        accountable = [s.person.name for s in subjects if s.verdict.get("accountable")]
        if accountable:
            problems.append(
                _(
                    "The engine finds %(people)s accountable: decide the case (measures may be left empty, "
                    "with reasons) instead of closing it."
                )
                % {"people": "、".join(accountable)}
            )
    published_on = on or timezone.localdate()
    if step == "publish" and (
        published_on > timezone.localdate() or (case.decided_on and published_on < case.decided_on)
    ):
        problems.append(_("The publication date must lie between the decision and today."))
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    before = snapshot(case)
    before["version"] = expected_version
    case.state = the_step.target
    if step == "publish":
        case.published, case.published_on = True, published_on
    case.save()
    _event(actor, f"case.{step}", case, {"before": before, "after": snapshot(case), "reason": note.strip()})
    return case


Choices = dict[int, list[tuple[str, str]]]


def _decide_subject(
    subject: Subject, chosen: list[tuple[str, str]], day: datetime.date, reason: tuple[str, str] = ("", "")
) -> tuple[dict[str, Any], list[str]]:
    decided = [{"measure": m, "date": day.isoformat(), **({"sanction": s} if s else {})} for m, s in chosen]
    policy = verdicts.policy_of(subject.case)
    try:
        plain = verdicts.evaluate(subject, as_of=day)
    except Problems as exc:
        return {}, [f"{subject.person.name}：{p}" for p in exc.problems]
    problems = verdicts.measure_problems(policy, plain, chosen, subject.person.name)
    missing = decision_problems(subject.responsibility or None, [m for m, _s in chosen], *reason)
    if missing:
        problems.append(
            _(
                "%(person)s is found to bear %(degree)s and is given no measure: record the reason "
                "and its basis (e.g. the exemption found and its article)."
            )
            % {"person": subject.person.name, "degree": Responsibility(subject.responsibility).label}
        )
    if problems:
        return plain, problems
    return verdicts.evaluate(subject, decided=decided or None, as_of=day), []


def _apply_decision(
    subject: Subject,
    chosen: list[tuple[str, str]],
    verdict: dict[str, Any],
    day: datetime.date,
    reason: tuple[str, str] = ("", ""),
) -> None:
    if not chosen:
        subject.no_measure_reason, subject.no_measure_basis = reason[0].strip(), reason[1].strip()
    cites = {m["measure"]: m["cites"] for m in verdict.get("measures_allowed", [])}
    for measure, sanction in chosen:
        DecidedMeasure.objects.create(
            subject=subject, measure=measure, sanction=sanction, date=day, cites=cites.get(measure, [])
        )
    restrictions_from_verdict(subject, verdict)
    subject.verdict = verdict
    subject.verdict_policy, subject.verdict_version, subject.verdict_as_of = (
        verdict["policy"],
        verdict["policy_version"],
        day,
    )
    subject.save()


@versioned
def case_decide(
    *,
    actor: AnyUser,
    case: Case,
    expected_version: int,
    decided_on: datetime.date,
    deciding_body: str,
    decision_number: str,
    decision_text: str,
    choices: Choices,
    reasons: dict[int, tuple[str, str]] | None = None,
) -> Case:
    """The deciding body's decision: per official the measures chosen, each checked against what the
    engine allows under the policy in force (a measure or lighter path the policy lacks is refused).
    An official found to bear a responsibility degree and given no measure needs ``reasons[pk]``:
    (reason, basis). The decided measures put their restrictions on each person."""
    reasons = reasons or {}
    workflow.require_step(actor, "decide", case, _policy(case))
    problems = []
    if not deciding_body.strip():
        problems.append(_("Name the deciding body."))
    if decided_on > timezone.localdate():
        problems.append(_("The decision cannot be dated in the future."))
    if decided_on < case.facts_date:
        problems.append(_("The decision cannot come before the facts."))
    subjects = {s.pk: s for s in case.subjects.select_related("person", "post__body__jurisdiction", "case__accident")}
    unknown = [pk for pk in choices if pk not in subjects]
    if unknown:
        raise PermissionDenied
    results: dict[int, dict[str, Any]] = {}
    for pk, subject in subjects.items():
        verdict, subject_problems = _decide_subject(subject, choices.get(pk, []), decided_on, reasons.get(pk, ("", "")))
        problems += subject_problems
        results[pk] = verdict
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    before = snapshot(case)
    before["version"] = expected_version
    for pk, subject in subjects.items():
        subject.case = case
        _apply_decision(subject, choices.get(pk, []), results[pk], decided_on, reasons.get(pk, ("", "")))
    case.state = State.DECIDED
    case.decided_on, case.deciding_body = decided_on, deciding_body.strip()
    case.decision_number, case.decision_text = decision_number.strip(), decision_text.strip()
    case.save()
    _event(
        actor,
        "case.decide",
        case,
        {
            "before": before,
            "after": snapshot(case),
            "subjects": [_subject_data(s) for s in subjects.values()],
            "restrictions": {str(pk): results[pk].get("restrictions", []) for pk in subjects},
        },
    )
    return case


# ── appeals (versioned) ────────────────────────────────────────────────────────────────────────


@versioned
def appeal_file(
    *,
    actor: AnyUser,
    case: Case,
    expected_version: int,
    subject: Subject,
    filed_on: datetime.date,
    grounds: str,
) -> Appeal:
    """A written appeal to the deciding body (CZ-29). It does not suspend execution: the measures and
    restrictions stay in force until the appeal is decided."""
    workflow.require_step(actor, "appeal", case, _policy(case))
    if subject.case_id != case.pk:
        raise PermissionDenied
    if not workflow.may_appeal_for(actor, subject):
        raise PermissionDenied
    problems = []
    if not grounds.strip():
        problems.append(_("An appeal is made in writing: give its grounds."))
    if filed_on > timezone.localdate():
        problems.append(_("The appeal cannot be filed in the future."))
    if case.decided_on and filed_on < case.decided_on:
        problems.append(_("The appeal cannot come before the decision."))
    if subject.appeals.filter(outcome="").exists():
        problems.append(_("This official already has an appeal pending."))
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    before = snapshot(case)
    before["version"] = expected_version
    appeal = Appeal.objects.create(
        case=case,
        subject=subject,
        filed_on=filed_on,
        to_body=case.deciding_body,
        grounds=grounds.strip(),
        filed_by=_user(actor),
    )
    case.state = State.APPEALED
    case.save()
    _event(
        actor,
        "case.appeal",
        case,
        {
            "before": before,
            "after": snapshot(case),
            "appeal": {
                "person": subject.person.name,
                "filed_on": filed_on.isoformat(),
                "grounds": appeal.grounds,
                "to": appeal.to_body,
            },
            "execution_suspended": False,
        },
    )
    return appeal


@versioned
def appeal_decide(
    *,
    actor: AnyUser,
    case: Case,
    expected_version: int,
    appeal: Appeal,
    outcome: str,
    outcome_on: datetime.date,
    outcome_text: str,
    choices: list[tuple[str, str]] | None = None,
) -> Appeal:
    """The deciding body answers the appeal: upheld; revoked (measures revoked and restrictions lifted
    from that day); or varied (the new measures, checked like a decision, replace the old ones)."""
    workflow.require_step(actor, "decide_appeal", case, _policy(case))
    if appeal.case_id != case.pk:
        raise PermissionDenied
    problems = []
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.VARIED, AppealOutcome.REVOKED):
        problems.append(_("Choose the outcome of the appeal."))
    if appeal.outcome:
        problems.append(_("This appeal is already decided."))
    if not outcome_text.strip():
        problems.append(_("Give the reasons for the outcome."))
    if outcome_on > timezone.localdate():
        problems.append(_("The outcome cannot be dated in the future."))
    if outcome_on < appeal.filed_on:
        problems.append(_("The outcome cannot come before the appeal."))
    subject = Subject.objects.select_related("person", "post__body__jurisdiction", "case__accident").get(
        pk=appeal.subject_id
    )
    new_verdict: dict[str, Any] = {}
    if outcome == AppealOutcome.VARIED and not problems:
        if not choices:
            problems.append(_("A varied decision needs the new measures."))
        else:
            new_verdict, more = _decide_subject(subject, choices, outcome_on)
            problems += more
    if problems:
        raise Problems(problems)
    case = _lock(case, expected_version)
    before = snapshot(case)
    before["version"] = expected_version
    subject_before = _subject_data(subject)
    if outcome in (AppealOutcome.REVOKED, AppealOutcome.VARIED):
        subject.measures.filter(revoked_on__isnull=True).update(revoked_on=outcome_on)
        lift(subject, on=outcome_on, reason=str(AppealOutcome(outcome).label) + "：" + outcome_text.strip())
    if outcome == AppealOutcome.VARIED:
        subject.case = case
        _apply_decision(subject, choices or [], new_verdict, outcome_on)
    appeal.outcome, appeal.outcome_on, appeal.outcome_text = outcome, outcome_on, outcome_text.strip()
    appeal.save()
    if not case.appeals.filter(outcome="").exists():
        case.state = State.APPEAL_DECIDED
    case.save()
    _event(
        actor,
        "case.appeal_decided",
        case,
        {
            "before": before,
            "after": snapshot(case),
            "outcome": outcome,
            "outcome_on": outcome_on.isoformat(),
            "reason": outcome_text.strip(),
            "subject_before": subject_before,
            "subject_after": _subject_data(subject),
        },
    )
    return appeal


# ── restrictions ──────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def restriction_set_end(*, actor: AnyUser, restriction: Restriction, until: datetime.date, basis: str) -> Restriction:
    """The organisation department sets the end of a restriction the texts leave open (一票否决
    "在相关规定时限内": 常州 reading cz-veto-period leaves the period to it): ``until`` is the first day
    it no longer applies, ``basis`` the rule or decision that sets it. Once only; audited."""
    restriction = (
        Restriction.objects.select_for_update().select_related("person__jurisdiction", "subject").get(pk=restriction.pk)
    )
    if not workflow.may_set_restriction_end(actor, restriction.person):
        raise PermissionDenied
    problems = []
    if restriction.until is not None:
        problems.append(_("This restriction already has its end: %(day)s.") % {"day": restriction.until.isoformat()})
    if restriction.lifted_on is not None:
        problems.append(_("This restriction was lifted on %(day)s.") % {"day": restriction.lifted_on.isoformat()})
    if until <= restriction.start:
        problems.append(
            _("The end must come after the start of the restriction (%(day)s).")
            % {"day": restriction.start.isoformat()}
        )
    if not basis.strip():
        problems.append(_("Give the rule or decision that sets the period."))
    if problems:
        raise Problems(problems)
    before = {"until": None, "until_basis": ""}
    # The open part gets its end; the restriction ends at the latest end of its parts (a measure's
    # fixed period may outlast the end set for the veto: 常州 第三十条 "按照影响期长的规定执行").
    fixed = [
        datetime.date.fromisoformat(p["until"])
        for r in (restriction.subject.verdict or {}).get("restrictions", [])
        if r.get("kind") == restriction.kind
        for p in r.get("parts", [])
        if p.get("until")
    ]
    set_end = until
    until = max([until, *fixed])
    restriction.until, restriction.until_basis = until, basis.strip()
    restriction.save(update_fields=["until", "until_basis"])
    record_event(
        actor=actor,
        action="cases.restriction.end_set",
        obj=restriction,
        data={
            "before": before,
            "after": {"until": until.isoformat(), "until_basis": restriction.until_basis},
            "kind": restriction.kind,
            "person": restriction.person.name,
            "end_set": set_end.isoformat(),
        },
        jurisdiction_path=restriction.person.jurisdiction.path,
    )
    return restriction
