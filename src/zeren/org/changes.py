"""Writes to bodies, posts, people, appointments and policy bindings.

Every change goes through one function here, inside a transaction, with an audit event
(:func:`zeren.audit.services.record_event`, ``data = {"before": …, "after": …}``). Bad input
raises :class:`django.core.exceptions.ValidationError` keyed by field, and nothing changes.
Who may call them (office users inside their subtree) is the view's or the API's check.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.audit.services import record_event
from zeren.org.bindings import registry
from zeren.org.identity import identity_digest, identity_number_valid
from zeren.org.models import DEPARTMENT_ROLES, Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
from zeren.org.signals import posts_changed


def today() -> datetime.date:
    return timezone.localdate()


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


BODY_FIELDS = ["code", "name", "jurisdiction_id", "kind", "department_kind"]
POST_FIELDS = ["code", "title", "body_id", "role", "sectors", "on_standing_committee", "active"]
PERSON_FIELDS = ["name", "jurisdiction_id"]
APPOINTMENT_FIELDS = ["person_id", "post_id", "start", "end", "start_reason", "end_reason"]
BINDING_FIELDS = ["jurisdiction_id", "pack_id", "valid_from", "valid_until", "include_subtree"]


# Bodies --------------------------------------------------------------------------------------


def check_body(*, kind: str, department_kind: str) -> None:
    if kind == "department" and not department_kind:
        raise ValidationError({"department_kind": _("A department needs its department kind.")})
    if kind != "department" and department_kind:
        raise ValidationError({"department_kind": _("Only departments have a department kind.")})


@transaction.atomic
def body_save(
    *, actor: Any, body: Body | None, code: str, name: str, jurisdiction: Jurisdiction, kind: str, department_kind: str
) -> Body:
    """Create (``body=None``) or update a body."""
    check_body(kind=kind, department_kind=department_kind)
    if Body.objects.filter(code=code).exclude(pk=body.pk if body else -1).exists():
        raise ValidationError({"code": _("Another body already has the code %(code)s.") % {"code": code}})
    before = _snapshot(body, BODY_FIELDS) if body else None
    if body is not None and body.jurisdiction_id != jurisdiction.pk and body.posts.exists():
        raise ValidationError({"jurisdiction": _("A body with posts cannot move to another jurisdiction.")})
    target = body or Body()
    target.code, target.name, target.jurisdiction, target.kind, target.department_kind = (
        code,
        name,
        jurisdiction,
        kind,
        department_kind,
    )
    target.save()
    record_event(
        actor=actor,
        action="org.body.updated" if body else "org.body.created",
        obj=target,
        data={"before": before, "after": _snapshot(target, BODY_FIELDS)},
        jurisdiction_path=jurisdiction.path,
    )
    if before is not None and before["department_kind"] != department_kind:  # duties depend on it
        post_ids = list(target.posts.values_list("id", flat=True))
        if post_ids:
            posts_changed.send(sender=Body, post_ids=post_ids, since=None)
    return target


# Posts ---------------------------------------------------------------------------------------


def check_post(*, body: Body, role: str) -> None:
    if (role in DEPARTMENT_ROLES) != (body.kind == "department"):
        raise ValidationError(
            {"role": _("Department roles belong to departments, leadership roles to party committees and governments.")}
        )


@transaction.atomic
def post_save(
    *,
    actor: Any,
    post: Post | None,
    code: str,
    title: str,
    body: Body,
    role: str,
    sectors: list[str],
    on_standing_committee: bool,
    active: bool = True,
) -> Post:
    """Create (``post=None``) or update a post."""
    check_post(body=body, role=role)
    if Post.objects.filter(code=code).exclude(pk=post.pk if post else -1).exists():
        raise ValidationError({"code": _("Another post already has the code %(code)s.") % {"code": code}})
    before = _snapshot(post, POST_FIELDS) if post else None
    target = post or Post()
    target.code, target.title, target.body, target.role = code, title, body, role
    target.sectors, target.on_standing_committee, target.active = sectors, on_standing_committee, active
    target.save()
    record_event(
        actor=actor,
        action="org.post.updated" if post else "org.post.created",
        obj=target,
        data={"before": before, "after": _snapshot(target, POST_FIELDS)},
        jurisdiction_path=body.jurisdiction.path,
    )
    judged_by = ["body_id", "role", "sectors"]  # what the core judges a post by
    if post is not None and before is not None and _snapshot(target, judged_by) != {k: before[k] for k in judged_by}:
        posts_changed.send(sender=Post, post_ids=[target.pk], since=None)
    return target


# People --------------------------------------------------------------------------------------


@transaction.atomic
def person_save(
    *, actor: Any, person: Person | None, name: str, jurisdiction: Jurisdiction, identity_number: str = ""
) -> Person:
    """Create (``person=None``) or update a person. The identity number, when given, is
    checked (GB 11643 check digit) and only its keyed digest is stored."""
    digest = None
    if identity_number:
        if not identity_number_valid(identity_number):
            raise ValidationError({"identity_number": _("This is not a valid identity number (check digit).")})
        digest = identity_digest(identity_number)
        if Person.objects.filter(identity_digest=digest).exclude(pk=person.pk if person else -1).exists():
            raise ValidationError({"identity_number": _("Another person already has this identity number.")})
    before = _snapshot(person, PERSON_FIELDS) if person else None
    target = person or Person()
    target.name, target.jurisdiction = name, jurisdiction
    if digest is not None:
        target.identity_digest = digest
    target.save()
    after = _snapshot(target, PERSON_FIELDS) | {"identity_number_changed": digest is not None}
    record_event(
        actor=actor,
        action="org.person.updated" if person else "org.person.created",
        obj=target,
        data={"before": before, "after": after},
        jurisdiction_path=jurisdiction.path,
    )
    return target


# Appointments --------------------------------------------------------------------------------


def check_appointment(
    *,
    post: Post,
    start: datetime.date,
    end: datetime.date | None,
    end_reason: str,
    exclude_pk: int | None = None,
    on: datetime.date | None = None,
) -> None:
    """End on or after start, not after today, a reason iff ended, no overlap with another
    tenure of the same post (a post has one holder at a time)."""
    problems: dict[str, str] = {}
    now = on or today()
    if end is not None and end < start:
        problems["end"] = _("The end date is before the start date.")
    elif end is not None and end > now:
        problems["end"] = _("The end date is in the future; record the end once it has happened.")
    if end is not None and not end_reason:
        problems["end_reason"] = _("Give the reason the appointment ended.")
    if end is None and end_reason:
        problems["end_reason"] = _("An open appointment has no reason for ending.")
    if problems:
        raise ValidationError(problems)
    overlapping = (
        Appointment.objects.filter(post=post)
        .exclude(pk=exclude_pk if exclude_pk is not None else -1)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .select_related("person")
    )
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    other = overlapping.first()
    if other is not None:
        raise ValidationError(
            {
                "start": _("%(person)s held this post from %(start)s to %(end)s; tenures of one post cannot overlap.")
                % {"person": other.person.name, "start": other.start, "end": other.end or _("now")}
            }
        )


@transaction.atomic
def appointment_save(
    *,
    actor: Any,
    appointment: Appointment | None,
    person: Person,
    post: Post,
    start: datetime.date,
    end: datetime.date | None,
    start_reason: str,
    end_reason: str,
) -> Appointment:
    """Create (``appointment=None``) or update a tenure."""
    check_appointment(
        post=post, start=start, end=end, end_reason=end_reason, exclude_pk=appointment.pk if appointment else None
    )
    before = _snapshot(appointment, APPOINTMENT_FIELDS) if appointment else None
    concerned = {post.pk}
    days = [start] + ([end] if end is not None else [])
    if appointment is not None:
        concerned.add(appointment.post_id)
        days += [appointment.start] + ([appointment.end] if appointment.end is not None else [])
    target = appointment or Appointment()
    target.person, target.post, target.start, target.end = person, post, start, end
    target.start_reason, target.end_reason = start_reason, end_reason
    target.save()
    record_event(
        actor=actor,
        action="org.appointment.updated" if appointment else "org.appointment.created",
        obj=target,
        data={"before": before, "after": _snapshot(target, APPOINTMENT_FIELDS)},
        jurisdiction_path=post.body.jurisdiction.path,
    )
    posts_changed.send(sender=Appointment, post_ids=sorted(concerned), since=min(days))
    return target


# Policy bindings -----------------------------------------------------------------------------


@transaction.atomic
def policy_binding_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    pack_id: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    include_subtree: bool,
) -> PolicyBinding:
    """Bind a pack to a jurisdiction from a date (``valid_until`` exclusive). The pack must
    exist in the registry. An open binding of the same jurisdiction that started earlier is
    ended on ``valid_from``; any other overlap with a binding of the same jurisdiction is an error."""
    known = registry().ids()
    if pack_id not in known:
        raise ValidationError(
            {
                "pack_id": _("No policy pack %(pack)s; known packs: %(known)s")
                % {"pack": pack_id, "known": ", ".join(known)}
            }
        )
    if valid_until is not None and valid_until <= valid_from:
        raise ValidationError({"valid_until": _("The binding must end after it starts.")})
    # An open binding that started earlier is superseded: it ends (exclusive) where the new one starts.
    for earlier in PolicyBinding.objects.filter(
        jurisdiction=jurisdiction, valid_until__isnull=True, valid_from__lt=valid_from
    ):
        before = _snapshot(earlier, BINDING_FIELDS)
        earlier.valid_until = valid_from
        earlier.save(update_fields=["valid_until"])
        record_event(
            actor=actor,
            action="org.policy_binding.superseded",
            obj=earlier,
            data={"before": before, "after": _snapshot(earlier, BINDING_FIELDS)},
            jurisdiction_path=jurisdiction.path,
        )
    clash = PolicyBinding.objects.filter(jurisdiction=jurisdiction).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=valid_from)
    )
    if valid_until is not None:
        clash = clash.filter(valid_from__lt=valid_until)
    other = clash.first()
    if other is not None:
        raise ValidationError(
            {
                "valid_from": _("%(jurisdiction)s is already bound to %(pack)s from %(start)s; end that binding first.")
                % {"jurisdiction": jurisdiction.name, "pack": other.pack_id, "start": other.valid_from}
            }
        )
    binding = PolicyBinding.objects.create(
        jurisdiction=jurisdiction,
        pack_id=pack_id,
        valid_from=valid_from,
        valid_until=valid_until,
        include_subtree=include_subtree,
    )
    record_event(
        actor=actor,
        action="org.policy_binding.created",
        obj=binding,
        data={"before": None, "after": _snapshot(binding, BINDING_FIELDS)},
        jurisdiction_path=jurisdiction.path,
    )
    return binding
