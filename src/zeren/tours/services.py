"""Writing tours and rectification. Every service is keyword-only, checks who acts and what they
send, changes the rows in one transaction with an audit event, and refuses bad input with
:class:`~zeren.problems.Problems` (nothing changed) or a stale version with
:class:`~zeren.problems.Conflict` (optimistic locking: each change names the ``expected_version`` of
the object it was made from)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zeren import evidence as evidence_files
from zeren.accounts import access
from zeren.accounts.models import User
from zeren.audit.services import record_event
from zeren.org.bindings import policy_for
from zeren.org.models import Body, BodyKind, Jurisdiction, Person
from zeren.problems import Conflict, Problems
from zeren.tours import selectors
from zeren.tours.models import (
    Attachment,
    Finding,
    FindingLevel,
    FollowUpCheck,
    GroupMember,
    GroupRole,
    ItemStatus,
    Method,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SourceKind,
    Tour,
    TourKind,
    TourPlan,
    TourStatus,
)

M = TypeVar("M", bound=models.Model)
MAX_FILES = 10


def _locked(model: type[M], obj: M, expected_version: int, what: str) -> M:
    """The row, locked for the change; :class:`Conflict` if it moved on since ``expected_version``."""
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    version = getattr(current, "version")  # noqa: B009 - every locked model has one
    if version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this %(what)s meanwhile (it is now at version %(current)s; you started from "
                "version %(expected)s). Nothing was saved; look at it again and repeat your change if it still "
                "applies."
            )
            % {"what": what, "current": version, "expected": expected_version},
            current=current,
        )
    return current


def _bump(obj: Any) -> None:
    obj.version += 1
    obj.save(update_fields=["version"])


def _attach(files: Sequence[File[bytes]], *, actor: User, jurisdiction: Jurisdiction, **owner: Any) -> None:
    for c in evidence_files.require_all(files):
        Attachment.objects.create(
            jurisdiction=jurisdiction, **evidence_files.stored_fields(c), uploaded_by=actor, **owner
        )


def _check_files(files: Sequence[File[bytes]]) -> list[str]:
    if len(files) > MAX_FILES:
        return [_("At most %(n)s files at a time.") % {"n": MAX_FILES}]
    return evidence_files.check_all(files)[1]


def _event(actor: User | None, action: str, obj: models.Model, jurisdiction: Jurisdiction, **data: Any) -> None:
    record_event(actor=actor, action=f"tours.{action}", obj=obj, data=data, jurisdiction_path=jurisdiction.path)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# Tour plans --------------------------------------------------------------------------------


def tour_plan_create(
    *,
    actor: User,
    organiser: Jurisdiction,
    year: int,
    round: int,
    kind: str,
    title: str,
    start: dt.date,
    end: dt.date,
) -> TourPlan:
    """A round of tours of ``organiser`` (the office's own jurisdiction or one below it)."""
    _require(selectors._office_over(actor, organiser))
    problems = []
    if kind not in TourKind.values:
        problems.append(_("Choose the kind of tour."))
    if not title.strip():
        problems.append(_("Give the round a title."))
    if end < start:
        problems.append(_("The round ends before it starts."))
    if start.year != year and end.year != year:
        problems.append(_("The round's dates are not in %(year)s.") % {"year": year})
    if TourPlan.objects.filter(organiser=organiser, year=year, round=round).exists():
        problems.append(
            _("%(place)s already has round %(round)s of %(year)s.")
            % {"place": organiser.name, "round": round, "year": year}
        )
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        plan = TourPlan.objects.create(
            organiser=organiser,
            year=year,
            round=round,
            kind=kind,
            title=title.strip(),
            start=start,
            end=end,
            created_by=actor,
        )
        _event(
            actor,
            "plan_create",
            plan,
            organiser,
            after={"year": year, "round": round, "kind": kind, "title": plan.title, "start": start, "end": end},
        )
    return plan


def group_member_add(
    *, actor: User, plan: TourPlan, expected_version: int, person: Person, role: str
) -> GroupMember:
    """Add a person to the round's group; a group has one 组长."""
    _require(selectors.may_manage_plan(actor, plan))
    problems = []
    if role not in GroupRole.values:
        problems.append(_("Choose the person's role in the group."))
    if not access.people_for(actor).filter(pk=person.pk).exists():
        problems.append(_("This person is not in your jurisdiction."))
    if plan.members.filter(person=person).exists():
        problems.append(_("%(name)s is already in the group.") % {"name": person.name})
    if role == GroupRole.LEADER and plan.members.filter(role=GroupRole.LEADER).exists():
        problems.append(_("The group already has a leader."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(TourPlan, plan, expected_version, _("tour plan"))
        member = GroupMember.objects.create(plan=locked, person=person, role=role)
        _bump(locked)
        _event(actor, "member_add", locked, locked.organiser, person=person.pk, role=role)
    plan.version = locked.version
    return member


def _target_problem(plan: TourPlan, target: Body) -> str | None:
    """河北 第十四条 / 常州 第十二条: departments of the same level, party committees and governments of
    the level below."""
    j = target.jurisdiction
    if j.pk == plan.organiser_id:
        if target.kind != BodyKind.DEPARTMENT:
            return _("At the touring level itself only its departments are toured.")
        return None
    if j.parent_id == plan.organiser_id:
        if target.kind == BodyKind.DEPARTMENT:
            return _("Of the level below, the party committees and governments are toured, not their departments.")
        return None
    return _(
        "%(body)s is neither a department of %(place)s nor a party committee or government of the level below it."
    ) % {"body": target.name, "place": plan.organiser.name}


def tour_add(
    *, actor: User, plan: TourPlan, expected_version: int, target: Body, start: dt.date, end: dt.date
) -> Tour:
    _require(selectors.may_manage_plan(actor, plan))
    problems = []
    if (why := _target_problem(plan, target)) is not None:
        problems.append(why)
    if end < start:
        problems.append(_("The tour ends before it starts."))
    if start < plan.start or end > plan.end:
        problems.append(
            _("The tour's dates must lie within the round (%(start)s to %(end)s).")
            % {"start": plan.start.isoformat(), "end": plan.end.isoformat()}
        )
    if plan.tours.filter(target=target).exists():
        problems.append(_("%(body)s is already toured in this round.") % {"body": target.name})
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(TourPlan, plan, expected_version, _("tour plan"))
        tour = Tour.objects.create(plan=locked, target=target, jurisdiction=target.jurisdiction, start=start, end=end)
        _bump(locked)
        _event(actor, "tour_add", tour, tour.jurisdiction, target=target.pk, start=start, end=end)
    plan.version = locked.version
    return tour


def tour_record(
    *, actor: User, tour: Tour, expected_version: int, methods: Sequence[str], documents_seen: str
) -> Tour:
    """The methods used and the documents seen."""
    _require(selectors.may_manage_plan(actor, tour.plan))
    problems = []
    if not methods:
        problems.append(_("Tick at least one method used."))
    bad = [m for m in methods if m not in Method.values]
    if bad:
        problems.append(_("Unknown method."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(Tour, tour, expected_version, _("tour"))
        before = {"methods": locked.methods, "documents_seen": locked.documents_seen}
        locked.methods = list(dict.fromkeys(methods))
        locked.documents_seen = documents_seen.strip()
        locked.version += 1
        locked.save(update_fields=["methods", "documents_seen", "version"])
        _event(
            actor,
            "tour_record",
            locked,
            locked.jurisdiction,
            before=before,
            after={"methods": locked.methods, "documents_seen": locked.documents_seen},
        )
    return locked


@dataclass(frozen=True)
class FindingInput:
    description: str
    criterion: str
    article: str
    level: str
    found_on: dt.date
    responsible_body: Body | None = None
    responsible_enterprise: str = ""
    responsible_person: Person | None = None


def article_choices(jurisdiction: Jurisdiction, on: dt.date) -> tuple[str, list[tuple[str, str]]]:
    """The pack in force and its articles (id, label) a finding may cite."""
    policy = policy_for(jurisdiction, on)
    if policy is None:
        return "", []
    out = []
    for source in policy.own_sources():
        for article in source.articles:
            ref = f"{source.prefix}-{article.number}"
            piece = policy.cite(ref)
            out.append(
                (ref, f"{piece.label} {piece.text[:24]}…" if len(piece.text) > 24 else f"{piece.label} {piece.text}")
            )
    return policy.id, out


def finding_add(*, actor: User, tour: Tour, data: FindingInput, files: Sequence[File[bytes]] = ()) -> Finding:
    """A finding of the tour (before its 反馈), with evidence files."""
    _require(selectors.may_manage_plan(actor, tour.plan))
    problems = []
    if tour.status != TourStatus.PLANNED:
        problems.append(_("The feedback was given: the findings of this tour are final."))
    if not data.description.strip():
        problems.append(_("Say what was found."))
    if not data.criterion.strip():
        problems.append(_("Name the criterion breached."))
    if data.level not in FindingLevel.values:
        problems.append(_("Choose government or enterprise level."))
    if not tour.start <= data.found_on <= tour.end:
        problems.append(
            _("The date found must lie within the tour (%(start)s to %(end)s).")
            % {"start": tour.start.isoformat(), "end": tour.end.isoformat()}
        )
    policy_id, articles = article_choices(tour.jurisdiction, data.found_on)
    if data.article and data.article not in dict(articles):
        problems.append(_("This article is not in the regulation in force there."))
    if data.level == FindingLevel.GOVERNMENT and data.responsible_body is None:
        problems.append(_("A government-level finding names the responsible body."))
    if data.level == FindingLevel.ENTERPRISE and not data.responsible_enterprise.strip():
        problems.append(_("An enterprise-level finding names the enterprise."))
    if data.responsible_body is not None and not data.responsible_body.jurisdiction.is_within(tour.jurisdiction):
        problems.append(_("The responsible body must belong to the toured jurisdiction."))
    if (
        data.responsible_person is not None
        and not access.people_for(actor).filter(pk=data.responsible_person.pk).exists()
    ):
        problems.append(_("This person is not in your jurisdiction."))
    problems += _check_files(files)
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = Tour.objects.select_for_update().get(pk=tour.pk)
        number = (locked.findings.aggregate(n=Max("number"))["n"] or 0) + 1
        finding = Finding.objects.create(
            tour=locked,
            jurisdiction=locked.jurisdiction,
            number=number,
            description=data.description.strip(),
            criterion=data.criterion.strip(),
            policy_id=policy_id,
            article=data.article,
            level=data.level,
            responsible_body=data.responsible_body if data.level == FindingLevel.GOVERNMENT else None,
            responsible_enterprise=data.responsible_enterprise.strip() if data.level == FindingLevel.ENTERPRISE else "",
            responsible_person=data.responsible_person,
            found_on=data.found_on,
            created_by=actor,
        )
        _attach(files, actor=actor, jurisdiction=locked.jurisdiction, finding=finding)
        _event(
            actor,
            "finding_add",
            finding,
            locked.jurisdiction,
            tour=locked.pk,
            number=number,
            description=finding.description,
            article=data.article,
            level=data.level,
        )
    return finding


def feedback_issue(
    *,
    actor: User,
    tour: Tour,
    expected_version: int,
    feedback_on: dt.date,
    feedback_number: str = "",
    notice_number: str = "",
) -> Tour:
    """The 反馈 to the toured body's principal leaders (and the 通报 to the organisation department,
    常州 第十二条): the findings become final and the rectification can start."""
    _require(selectors.may_manage_plan(actor, tour.plan))
    problems = []
    if tour.status != TourStatus.PLANNED:
        problems.append(_("The feedback of this tour was already given."))
    if not tour.methods:
        problems.append(_("Record the methods used before giving the feedback."))
    if feedback_on < tour.start:
        problems.append(_("The feedback cannot be given before the tour starts."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(Tour, tour, expected_version, _("tour"))
        locked.status = TourStatus.FEEDBACK
        locked.feedback_on = feedback_on
        locked.feedback_number = feedback_number.strip()
        locked.notice_number = notice_number.strip()
        locked.version += 1
        locked.save(update_fields=["status", "feedback_on", "feedback_number", "notice_number", "version"])
        _event(
            actor,
            "feedback_issue",
            locked,
            locked.jurisdiction,
            feedback_on=feedback_on,
            findings=locked.findings.count(),
        )
    return locked


# Rectification -----------------------------------------------------------------------------


def rectification_plan_create(
    *,
    actor: User,
    jurisdiction: Jurisdiction,
    title: str,
    submitted_on: dt.date,
    tour: Tour | None = None,
    source_kind: str = SourceKind.TOUR,
    source_ref: str = "",
) -> RectificationPlan:
    """整改方案 of ``jurisdiction``: after a tour's 反馈 (``tour``), or from another source
    (``source_kind`` with a plain ``source_ref``, e.g. an assessment result)."""
    _require(selectors.may_rectify(actor, jurisdiction))
    problems = []
    if not title.strip():
        problems.append(_("Give the plan a title."))
    if source_kind not in SourceKind.values:
        problems.append(_("Unknown source."))
    if source_kind == SourceKind.TOUR:
        if tour is None:
            problems.append(_("A plan after a tour names the tour."))
        else:
            if tour.jurisdiction_id != jurisdiction.pk:
                problems.append(_("This tour did not visit your jurisdiction."))
            if tour.status != TourStatus.FEEDBACK or tour.feedback_on is None:
                problems.append(_("The rectification plan follows the feedback; the feedback is not given yet."))
            elif submitted_on < tour.feedback_on:
                problems.append(_("The plan cannot be submitted before the feedback."))
            if RectificationPlan.objects.filter(tour=tour).exists():
                problems.append(_("This tour already has a rectification plan."))
    elif tour is not None:
        problems.append(_("Only a plan after a tour names a tour."))
    elif not source_ref.strip():
        problems.append(_("Say which result the plan follows."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        try:
            plan = RectificationPlan.objects.create(
                jurisdiction=jurisdiction,
                source_kind=source_kind,
                tour=tour,
                source_ref=source_ref.strip(),
                title=title.strip(),
                submitted_on=submitted_on,
                submitted_by=actor,
            )
        except IntegrityError:
            raise Problems(_("This tour already has a rectification plan.")) from None
        _event(
            actor,
            "rectification_plan_create",
            plan,
            jurisdiction,
            title=plan.title,
            tour=tour.pk if tour else None,
            source_kind=source_kind,
            source_ref=plan.source_ref,
        )
    return plan


@dataclass(frozen=True)
class ItemInput:
    measure: str
    standard: str
    responsible_unit: Body
    leader: Person
    deadline: dt.date
    finding: Finding | None = None


def rectification_item_add(
    *, actor: User, plan: RectificationPlan, expected_version: int, data: ItemInput
) -> RectificationItem:
    """An item of the plan: measure, standard, responsible unit and leader, deadline."""
    _require(selectors.may_rectify(actor, plan.jurisdiction))
    problems = []
    if not data.measure.strip():
        problems.append(_("Say what will be done."))
    if not data.standard.strip():
        problems.append(_("Say what standard the rectification must reach."))
    if data.deadline < plan.submitted_on:
        problems.append(_("The deadline is before the plan was submitted."))
    if not data.responsible_unit.jurisdiction.is_within(plan.jurisdiction):
        problems.append(_("The responsible unit must belong to the rectifying jurisdiction."))
    if not access.people_for(actor).filter(pk=data.leader.pk).exists():
        problems.append(_("This person is not in your jurisdiction."))
    if data.finding is not None and (plan.tour_id is None or data.finding.tour_id != plan.tour_id):
        problems.append(_("This finding is not one of the tour's."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(RectificationPlan, plan, expected_version, _("rectification plan"))
        number = (locked.items.aggregate(n=Max("number"))["n"] or 0) + 1
        item = RectificationItem.objects.create(
            plan=locked,
            jurisdiction=locked.jurisdiction,
            finding=data.finding,
            number=number,
            measure=data.measure.strip(),
            standard=data.standard.strip(),
            responsible_unit=data.responsible_unit,
            leader=data.leader,
            deadline=data.deadline,
        )
        _bump(locked)
        _event(
            actor,
            "item_add",
            item,
            locked.jurisdiction,
            plan=locked.pk,
            number=number,
            measure=item.measure,
            deadline=data.deadline,
            finding=data.finding.pk if data.finding else None,
        )
    plan.version = locked.version
    return item


def progress_report(
    *,
    actor: User,
    item: RectificationItem,
    expected_version: int,
    reported_on: dt.date,
    text: str,
    completes: bool,
    files: Sequence[File[bytes]] = (),
) -> ProgressReport:
    """A progress report with evidence; ``completes`` reports the item done (the reporter is then its
    rectifier, who may not sign it off)."""
    _require(selectors.may_rectify(actor, item.jurisdiction))
    problems = []
    if item.status == ItemStatus.CLOSED:
        problems.append(_("This item is signed off; a follow-up check may reopen it."))
    if not text.strip():
        problems.append(_("Say what was done."))
    if reported_on < item.plan.submitted_on:
        problems.append(_("The report is dated before the plan."))
    if completes and item.status == ItemStatus.REPORTED:
        problems.append(_("This item is already reported done and awaits sign-off."))
    problems += _check_files(files)
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(RectificationItem, item, expected_version, _("rectification item"))
        report = ProgressReport.objects.create(
            item=locked, reported_on=reported_on, text=text.strip(), completes=completes, created_by=actor
        )
        _attach(files, actor=actor, jurisdiction=locked.jurisdiction, report=report)
        if completes:
            locked.status = ItemStatus.REPORTED
            locked.rectifier = actor
            locked.reported_on = reported_on
        locked.version += 1
        locked.save(update_fields=["status", "rectifier", "reported_on", "version"])
        _event(
            actor,
            "progress_report",
            locked,
            locked.jurisdiction,
            report=report.pk,
            completes=completes,
            text=report.text,
        )
    return report


def item_close(
    *, actor: User, item: RectificationItem, expected_version: int, closed_on: dt.date, note: str = ""
) -> RectificationItem:
    """销号: a verifier who is not the rectifier signs the item off."""
    problems = []
    if item.status == ItemStatus.CLOSED:
        problems.append(_("This item is already signed off."))
    elif item.status != ItemStatus.REPORTED:
        problems.append(_("This item is not reported done yet: it cannot be signed off."))
    if item.rectifier_id is not None and item.rectifier_id == actor.pk:
        problems.append(
            _(
                "An item is signed off by a verifier other than its rectifier: you reported this item "
                "done, so someone else must verify and sign it off."
            )
        )
    person = getattr(actor, "person_id", None)
    if person is not None and person == item.leader_id:
        problems.append(_("The leader responsible for the item cannot sign it off."))
    if problems:
        raise Problems(problems)
    if not selectors.may_oversee(actor, item.plan):
        raise Problems(
            _("Only the office that oversees this rectification (%(place)s) signs items off.")
            % {"place": selectors.overseer_of(item.plan).name}
        )
    if item.reported_on is not None and closed_on < item.reported_on:
        raise Problems(_("The sign-off is dated before the item was reported done."))
    with transaction.atomic():
        locked = _locked(RectificationItem, item, expected_version, _("rectification item"))
        locked.status = ItemStatus.CLOSED
        locked.closed_by = actor
        locked.closed_on = closed_on
        locked.closing_note = note.strip()[:500]
        locked.version += 1
        locked.save(update_fields=["status", "closed_by", "closed_on", "closing_note", "version"])
        _event(
            actor,
            "item_close",
            locked,
            locked.jurisdiction,
            closed_on=closed_on,
            note=locked.closing_note,
            rectifier=locked.rectifier_id,
        )
    return locked


def item_return(*, actor: User, item: RectificationItem, expected_version: int, note: str) -> RectificationItem:
    """The verifier sends an item reported done back: it is not rectified yet."""
    if not selectors.may_oversee(actor, item.plan):
        raise PermissionDenied
    problems = []
    if item.status != ItemStatus.REPORTED:
        problems.append(_("Only an item reported done can be sent back."))
    if not note.strip():
        problems.append(_("Say why the item is sent back."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        locked = _locked(RectificationItem, item, expected_version, _("rectification item"))
        locked.status = ItemStatus.OPEN
        locked.rectifier = None
        locked.reported_on = None
        locked.version += 1
        locked.save(update_fields=["status", "rectifier", "reported_on", "version"])
        _event(actor, "item_return", locked, locked.jurisdiction, note=note.strip())
    return locked


def follow_up_check(
    *,
    actor: User,
    plan: RectificationPlan,
    checked_on: dt.date,
    conclusion: str,
    reopen: Sequence[RectificationItem] = (),
    new_deadline: dt.date | None = None,
) -> FollowUpCheck:
    """回头看: a later check of the plan's signed-off items; those in ``reopen`` are open again, with
    ``new_deadline``."""
    if not selectors.may_oversee(actor, plan):
        raise PermissionDenied
    problems = []
    if not conclusion.strip():
        problems.append(_("Write what the follow-up check found."))
    if any(i.plan_id != plan.pk or i.status != ItemStatus.CLOSED for i in reopen):
        problems.append(_("Only signed-off items of this plan can be reopened."))
    if reopen and new_deadline is None:
        problems.append(_("Reopened items need a new deadline."))
    if new_deadline is not None and new_deadline < checked_on:
        problems.append(_("The new deadline is before the check."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        check = FollowUpCheck.objects.create(
            plan=plan, checked_on=checked_on, conclusion=conclusion.strip(), checked_by=actor
        )
        for item in reopen:
            locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
            assert new_deadline is not None  # noqa: S101
            locked.status = ItemStatus.OPEN
            locked.closed_by = None
            locked.closed_on = None
            locked.rectifier = None
            locked.reported_on = None
            locked.escalated_to = None
            locked.escalated_on = None
            locked.deadline = new_deadline
            locked.reopened += 1
            locked.version += 1
            locked.save()
            check.reopened_items.add(locked)
            _event(actor, "item_reopen", locked, locked.jurisdiction, follow_up=check.pk, deadline=new_deadline)
        _event(
            actor,
            "follow_up_check",
            check,
            plan.jurisdiction,
            plan=plan.pk,
            conclusion=check.conclusion,
            reopened=[i.pk for i in reopen],
        )
    return check


# Escalation --------------------------------------------------------------------------------


def escalate_overdue(*, today: dt.date) -> list[RectificationItem]:
    """Every item past its deadline and not signed off goes one level up, once: ``escalated_to`` is the
    parent of the rectifying jurisdiction (whose office then sees it under "escalated to us" and is
    reminded, :mod:`zeren.tours.reminders`). Items of a jurisdiction without a parent stay."""
    due = (
        RectificationItem.objects.filter(
            deadline__lt=today, escalated_to__isnull=True, jurisdiction__parent__isnull=False
        )
        .exclude(status=ItemStatus.CLOSED)
        .select_related("jurisdiction")
    )
    done = []
    with transaction.atomic():
        for item in due.select_for_update(of=("self",)):
            item.escalated_to_id = item.jurisdiction.parent_id
            item.escalated_on = today
            item.version += 1
            item.save(update_fields=["escalated_to", "escalated_on", "version"])
            _event(
                None,
                "item_escalate",
                item,
                item.jurisdiction,
                to=item.escalated_to_id,
                deadline=item.deadline,
                on=today,
            )
            done.append(item)
    return done
