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

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accounts.models import Role, User
from zeren.audit.services import record_event
from zeren.org.models import Appointment, Post
from zeren.policy.vocabulary import ACTIVITIES
from zeren.problems import Problems
from zeren.records import evidence as evidence_files
from zeren.records.compliance import compliance_update_for_posts, years_of
from zeren.records.models import CalendarFeed, Capacity, Evidence, Hazard, PerformanceRecord, RecordCredit
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


def _write_credits(record: PerformanceRecord, credits: list[tuple[Post, Appointment, str]]) -> None:
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
            )
            for post, appointment, capacity in credits
        ]
    )


def _attach(record: PerformanceRecord, checked: list[evidence_files.CheckedFile], actor: User) -> None:
    for item in checked:
        Evidence.objects.create(
            record=record,
            file=evidence_files.store(item),
            original_name=item.name[:255],
            media_type=item.media_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor,
        )


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
        _write_credits(record, credits)
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
        _write_credits(record, credits)
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
