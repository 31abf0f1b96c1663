"""Writing performance records: create, edit, delete (soft), evidence, calendar feeds.

Every change is atomic, written to the audit trail with before/after, and brings the compliance
verdicts of the credited posts up to date in the same transaction. Bad input raises
:class:`~zeren.problems.Problems` with one message per problem, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren import evidence as evidence_files
from zeren.accounts.models import Role, User
from zeren.audit.services import record_event
from zeren.org.models import Appointment, Post
from zeren.policy.vocabulary import ACTIVITIES
from zeren.problems import Conflict, Problems
from zeren.records.compliance import compliance_update_for_posts, years_of
from zeren.records.models import (
    CalendarFeed,
    Capacity,
    Confirmation,
    Evidence,
    Hazard,
    PerformanceRecord,
    RecordCredit,
)
from zeren.records.vocabulary import ACTIVITY_LABELS, INSPECTIONS, counts_for
from zeren.tokens import token_digest


@dataclass(frozen=True)
class HazardInput:
    description: str
    rectify_by: dt.date


@dataclass(frozen=True)
class RecordInput:
    activity: str
    occurred_on: dt.date
    leader_post: Post
    participant_posts: Sequence[Post] = ()
    place: str = ""
    summary: str = ""
    hazards: Sequence[HazardInput] = field(default_factory=tuple)


def _fmt(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else _("now")


def _holder_on(post: Post, day: dt.date) -> Appointment | None:
    return (
        Appointment.objects.filter(post=post, start__lte=day)
        .exclude(end__lt=day)
        .select_related("person")
        .order_by("-start")
        .first()
    )


def _check(actor: User, data: RecordInput) -> tuple[list[str], list[tuple[Post, Appointment, str]]]:
    problems: list[str] = []
    credits: list[tuple[Post, Appointment, str]] = []
    if data.activity not in ACTIVITIES:
        problems.append(_("Choose what was done from the list."))
    today = timezone.localdate()
    if data.occurred_on > today:
        problems.append(
            _("The date %(date)s is in the future: record a duty on or after the day it was performed.")
            % {"date": data.occurred_on.isoformat()}
        )
    posts = [(data.leader_post, Capacity.LEADER.value)]
    seen = {data.leader_post.pk}
    for post in data.participant_posts:
        if post.pk not in seen:
            seen.add(post.pk)
            posts.append((post, Capacity.PARTICIPANT.value))
    is_official = not actor.is_superuser and actor.role == Role.OFFICIAL
    for post, capacity in posts:
        holder = _holder_on(post, data.occurred_on)
        if is_official and capacity == Capacity.LEADER and actor.person_id is not None:
            own = list(Appointment.objects.filter(post=post, person_id=actor.person_id).order_by("start"))
            if not own:
                problems.append(_("You do not hold the post “%(post)s”.") % {"post": post.title})
                continue
            if holder is None or holder.person_id != actor.person_id:
                tenures = "；".join(f"{a.start.isoformat()} – {_fmt(a.end)}" for a in own)
                problems.append(
                    _(
                        "%(date)s is outside your tenure of “%(post)s” (%(tenures)s): a record can only credit "
                        "the post on a day you held it."
                    )
                    % {"date": data.occurred_on.isoformat(), "post": post.title, "tenures": tenures}
                )
                continue
        if holder is None:
            problems.append(
                _("Nobody held the post “%(post)s” on %(date)s, so the record cannot credit it.")
                % {"post": post.title, "date": data.occurred_on.isoformat()}
            )
            continue
        credits.append((post, holder, capacity))
    if data.hazards and data.activity not in INSPECTIONS:
        problems.append(_("Hazards and rectification deadlines belong to inspections only."))
    for hazard in data.hazards:
        if not hazard.description.strip():
            problems.append(_("Describe each hazard found."))
        if hazard.rectify_by < data.occurred_on:
            problems.append(
                _("The rectification deadline %(deadline)s of “%(hazard)s” is before the inspection.")
                % {"deadline": hazard.rectify_by.isoformat(), "hazard": hazard.description[:40]}
            )
    return problems, credits


def _snapshot(record: PerformanceRecord) -> dict[str, Any]:
    return {
        "activity": record.activity,
        "occurred_on": record.occurred_on.isoformat(),
        "jurisdiction": record.jurisdiction.code,
        "place": record.place,
        "summary": record.summary,
        "version": record.version,
        "deleted": record.deleted_at is not None,
        "credits": [
            {
                "post": c.post.code,
                "person": c.person_id,
                "appointment": c.appointment_id,
                "capacity": c.capacity,
                "counts": c.counts,
                "confirmation": c.confirmation,
            }
            for c in record.credits.select_related("post").order_by("id")
        ],
        "hazards": [
            {"description": h.description, "rectify_by": h.rectify_by.isoformat()}
            for h in record.hazards.order_by("id")
        ],
        "evidence": [
            {"name": e.original_name, "sha256": e.sha256, "removed": e.removed_at is not None}
            for e in record.evidence.order_by("id")
        ],
    }


def _write_credits(record: PerformanceRecord, credits: list[tuple[Post, Appointment, str]], actor: User) -> None:
    """The credits, each awaiting its official's confirmation when the official has an account and
    someone else recorded it."""
    people = {appointment.person_id for _post, appointment, _capacity in credits}
    asked = set(
        User.objects.filter(person_id__in=people, role=Role.OFFICIAL, is_active=True)
        .exclude(pk=actor.pk)
        .values_list("person_id", flat=True)
    )
    RecordCredit.objects.bulk_create(
        [
            RecordCredit(
                record=record,
                post=post,
                appointment=appointment,
                person_id=appointment.person_id,
                capacity=capacity,
                counts=counts_for(record.activity, capacity),
                activity=record.activity,
                occurred_on=record.occurred_on,
                confirmation=Confirmation.PENDING if appointment.person_id in asked else Confirmation.NOT_ASKED,
            )
            for post, appointment, capacity in credits
        ]
    )


def _attach(record: PerformanceRecord, checked: list[evidence_files.CheckedFile], actor: User) -> None:
    for item in checked:
        Evidence.objects.create(record=record, **evidence_files.stored_fields(item), uploaded_by=actor)


def record_create(*, actor: User, data: RecordInput, files: Sequence[File[bytes]] = ()) -> PerformanceRecord:
    """Record a duty performed; the credited posts' verdicts are updated at once."""
    problems, credits = _check(actor, data)
    checked, file_problems = evidence_files.check_all(files)
    problems += file_problems
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        record = PerformanceRecord.objects.create(
            activity=data.activity,
            occurred_on=data.occurred_on,
            jurisdiction=data.leader_post.body.jurisdiction,
            place=data.place.strip(),
            summary=data.summary.strip(),
            created_by=actor,
        )
        _write_credits(record, credits, actor)
        Hazard.objects.bulk_create(
            [Hazard(record=record, description=h.description.strip(), rectify_by=h.rectify_by) for h in data.hazards]
        )
        _attach(record, checked, actor)
        record_event(
            actor=actor,
            action="records.create",
            obj=record,
            data={"before": None, "after": _snapshot(record)},
            jurisdiction_path=record.jurisdiction.path,
        )
        compliance_update_for_posts(
            post_ids=[c[0].pk for c in credits], years=years_of(record.activity, record.occurred_on)
        )
    return record


def record_update(
    *, actor: User, record: PerformanceRecord, data: RecordInput, files: Sequence[File[bytes]] = ()
) -> PerformanceRecord:
    """Change a record (new evidence may be added); the audit trail keeps what it was."""
    if record.deleted_at is not None:
        raise Problems([_("This record was deleted; it can no longer be changed.")])
    problems, credits = _check(actor, data)
    checked, file_problems = evidence_files.check_all(files)
    problems += file_problems
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        record = PerformanceRecord.objects.select_for_update().get(pk=record.pk)
        before = _snapshot(record)
        old_posts = set(record.credits.values_list("post_id", flat=True))
        old_years = years_of(record.activity, record.occurred_on)
        record.activity = data.activity
        record.occurred_on = data.occurred_on
        record.jurisdiction = data.leader_post.body.jurisdiction
        record.place = data.place.strip()
        record.summary = data.summary.strip()
        record.version += 1
        record.save()
        record.credits.all().delete()
        _write_credits(record, credits, actor)
        record.hazards.all().delete()
        Hazard.objects.bulk_create(
            [Hazard(record=record, description=h.description.strip(), rectify_by=h.rectify_by) for h in data.hazards]
        )
        _attach(record, checked, actor)
        record_event(
            actor=actor,
            action="records.update",
            obj=record,
            data={"before": before, "after": _snapshot(record)},
            jurisdiction_path=record.jurisdiction.path,
        )
        compliance_update_for_posts(
            post_ids=old_posts | {c[0].pk for c in credits},
            years=old_years | years_of(record.activity, record.occurred_on),
        )
    return record


def record_delete(*, actor: User, record: PerformanceRecord, reason: str) -> PerformanceRecord:
    """Delete a record softly: it stays, marked deleted with who, when and why, and stops counting."""
    reason = reason.strip()
    if not reason:
        raise Problems([_("Say why the record is deleted.")])
    if record.deleted_at is not None:
        raise Problems([_("This record was already deleted.")])
    with transaction.atomic():
        record = PerformanceRecord.objects.select_for_update().get(pk=record.pk)
        before = _snapshot(record)
        record.deleted_at = timezone.now()
        record.deleted_by = actor
        record.deletion_reason = reason[:300]
        record.save(update_fields=["deleted_at", "deleted_by", "deletion_reason", "updated_at"])
        record.credits.update(active=False)
        record_event(
            actor=actor,
            action="records.delete",
            obj=record,
            data={"before": before, "after": _snapshot(record), "reason": reason},
            jurisdiction_path=record.jurisdiction.path,
        )
        compliance_update_for_posts(
            post_ids=list(record.credits.values_list("post_id", flat=True)),
            years=years_of(record.activity, record.occurred_on),
        )
    return record


def evidence_remove(*, actor: User, evidence: Evidence) -> Evidence:
    """Take an evidence file off its record; the file and its checksum stay."""
    with transaction.atomic():
        record = evidence.record
        before = _snapshot(record)
        evidence.removed_at = timezone.now()
        evidence.removed_by = actor
        evidence.save(update_fields=["removed_at", "removed_by"])
        record_event(
            actor=actor,
            action="records.evidence_remove",
            obj=record,
            data={"before": before, "after": _snapshot(record)},
            jurisdiction_path=record.jurisdiction.path,
        )
    return evidence


CONFIRM, DISPUTE = "confirm", "dispute"


def record_confirm(
    *, actor: User, record: PerformanceRecord, decision: str, note: str = "", expected_version: int
) -> list[RecordCredit]:
    """The official credited by a record someone else entered confirms it, or disputes it saying what is
    wrong (the office sees the dispute and corrects or deletes the record). Only the official credited
    may; a record they entered themselves asks nothing. ``expected_version`` is the record's version the
    official saw: a record changed since is a :class:`~zeren.problems.Conflict`."""
    person_id = actor.person_id if actor.role == Role.OFFICIAL and not actor.is_superuser else None
    if person_id is None or not record.credits.filter(person_id=person_id).exists():
        raise PermissionDenied
    note = note.strip()
    problems = []
    if decision not in (CONFIRM, DISPUTE):
        problems.append(_("Choose whether you confirm the record or dispute it."))
    if decision == DISPUTE and not note:
        problems.append(_("Say what is wrong with the record, so that the office can correct it."))
    if len(note) > 500:
        problems.append(_("Say it in at most 500 characters."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        record = PerformanceRecord.objects.select_for_update().get(pk=record.pk)
        if record.version != expected_version:
            raise Conflict(
                _("The record was changed since you opened it: read it again, then confirm or dispute it."),
                current=record,
            )
        if record.deleted_at is not None:
            raise Problems([_("This record was deleted; there is nothing to confirm.")])
        credits = list(record.credits.filter(person_id=person_id).select_for_update())
        state = Confirmation.CONFIRMED if decision == CONFIRM else Confirmation.DISPUTED
        if all(c.confirmation == Confirmation.NOT_ASKED for c in credits):
            raise Problems([_("You entered this record yourself; there is nothing to confirm.")])
        if all(c.confirmation == state and c.confirmation_note == note for c in credits):
            raise Problems(
                [_("You already confirmed this record.") if decision == CONFIRM else _("You already disputed it.")]
            )
        before = [{"post": c.post_id, "confirmation": c.confirmation, "note": c.confirmation_note} for c in credits]
        now = timezone.now()
        for credit in credits:
            credit.confirmation, credit.confirmation_note, credit.confirmation_at = state, note, now
            credit.save(update_fields=["confirmation", "confirmation_note", "confirmation_at"])
        record_event(
            actor=actor,
            action="records.confirm" if decision == CONFIRM else "records.dispute",
            obj=record,
            data={
                "before": before,
                "after": [{"post": c.post_id, "confirmation": state, "note": note} for c in credits],
                "version": record.version,
            },
            jurisdiction_path=record.jurisdiction.path,
        )
    return credits


def activity_label(activity: str) -> str:
    return str(ACTIVITY_LABELS.get(activity, activity))


# Calendar feeds ----------------------------------------------------------------------------


def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for ``user``; earlier ones are revoked. Returns the feed and its token,
    which is not stored (only its digest is): show it to the user now."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return CalendarFeed.objects.create(user=user, digest=token_digest(token)), token


def calendar_feed_revoke(*, user: User) -> int:
    """Revoke every feed of ``user``; calendar apps subscribed to them get 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
