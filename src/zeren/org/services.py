"""The writes of zeren.org: the jurisdiction tree, bodies, posts, people, appointments and policy
bindings, one service per change (``<entity>_<action>``).

Every change goes through one function here, inside a transaction, with an audit event
(:func:`zeren.audit.services.record_event`, ``data = {"before": …, "after": …}``). Changes the
compliance verdicts depend on (a post's role, body or sectors, a tenure, a policy binding, the tree)
announce it with :data:`zeren.org.signals.inputs_changed`, in the same transaction. The tree's
materialised ``path`` and ``depth`` are kept right here. Bad input raises
:class:`django.core.exceptions.ValidationError` keyed by field (:class:`~zeren.problems.Problems` for the tree), and
nothing changes. Who may call them (office users inside their subtree) is the view's or the API's check.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.audit.services import record_event
from zeren.org.bindings import registry
from zeren.org.identity import identity_digest, identity_number_valid
from zeren.org.levels import Level, code_fits_level, parent_allowed
from zeren.org.models import DEPARTMENT_ROLES, Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
from zeren.org.signals import inputs_changed
from zeren.problems import Problems


def today() -> datetime.date:
    return timezone.localdate()


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


JURISDICTION_FIELDS = ["code", "name", "level", "parent_id", "path"]
BODY_FIELDS = ["code", "name", "jurisdiction_id", "kind", "department_kind"]
POST_FIELDS = ["code", "title", "body_id", "role", "sectors", "on_standing_committee", "active"]
PERSON_FIELDS = ["name", "jurisdiction_id"]
APPOINTMENT_FIELDS = ["person_id", "post_id", "start", "end", "start_reason", "end_reason"]
BINDING_FIELDS = ["jurisdiction_id", "pack_id", "valid_from", "valid_until", "include_subtree"]


# The jurisdiction tree ---------------------------------------------------------------------


@dataclass(frozen=True)
class JurisdictionRow:
    """One wanted node: its code, name, level and the code of its parent ('' for a root)."""

    code: str
    name: str
    level: str
    parent_code: str
    row: int = 0  # where it came from, for error messages (0: not from a file)


@dataclass
class TreeChange:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def check_tree_rows(rows: list[JurisdictionRow]) -> list[str]:
    """Problems that span rows (unknown parents, levels that cannot nest, cycles).
    Row-local checks (empty cells, code forms) are the reader's job."""
    problems: list[str] = []
    wanted = {row.code: row for row in rows}
    existing = {
        j.code: j.level for j in Jurisdiction.objects.filter(code__in={r.parent_code for r in rows if r.parent_code})
    }
    for row in rows:
        if not row.parent_code:
            parent_level = None
        elif row.parent_code in wanted:
            parent_level = wanted[row.parent_code].level
        elif row.parent_code in existing:
            parent_level = existing[row.parent_code]
        else:
            problems.append(
                _("Row %(row)s, column D (parent_code): no jurisdiction has the code %(code)s")
                % {"row": row.row, "code": row.parent_code}
            )
            continue
        if not parent_allowed(row.level, parent_level):
            problems.append(
                _("Row %(row)s, column D (parent_code): a %(level)s cannot sit under a %(parent)s")
                % {
                    "row": row.row,
                    "level": Level(row.level).label,
                    "parent": Level(parent_level).label if parent_level else _("nothing (top of the tree)"),
                }
            )
    for child in Jurisdiction.objects.filter(parent__code__in=wanted).exclude(code__in=wanted).select_related("parent"):
        assert child.parent is not None  # noqa: S101 - filtered on parent
        new_parent_level = wanted[child.parent.code].level
        if not parent_allowed(child.level, new_parent_level):
            row = wanted[child.parent.code]
            problems.append(
                _("Row %(row)s, column C (level): %(child)s, already under it, cannot sit under a %(level)s")
                % {"row": row.row, "child": str(child), "level": Level(new_parent_level).label}
            )
    for row in rows:
        seen = {row.code}
        current = row
        while current.parent_code in wanted:
            current = wanted[current.parent_code]
            if current.code in seen:
                problems.append(
                    _("Row %(row)s, column D (parent_code): the parent codes go round in a circle through %(code)s")
                    % {"row": row.row, "code": current.code}
                )
                break
            seen.add(current.code)
    return problems


def _topological(rows: list[JurisdictionRow]) -> list[JurisdictionRow]:
    wanted = {row.code: row for row in rows}

    def depth(row: JurisdictionRow) -> int:
        steps = 0
        while row.parent_code in wanted:
            row = wanted[row.parent_code]
            steps += 1
        return steps

    return sorted(rows, key=depth)


@transaction.atomic
def jurisdictions_upsert(*, rows: list[JurisdictionRow], actor: Any) -> TreeChange:
    """Create or update the given nodes (matched by code), all or nothing. Nodes not named
    are left as they are, so importing the same rows twice changes nothing. A change is audited
    (``org.jurisdictions_imported``, with each updated node's before and after) with ``actor`` (a
    user, or None for the command line); a node that moved or changed level changes its subtree's
    duties, so its verdicts follow (:data:`zeren.org.signals.inputs_changed`)."""
    for row in rows:
        if not code_fits_level(row.code, row.level):
            raise Problems(
                [_("%(code)s is not a code for a %(level)s") % {"code": row.code, "level": row.level}]
            )
    problems = check_tree_rows(rows)
    if problems:
        raise Problems(problems)
    change = TreeChange()
    by_code = {j.code: j for j in Jurisdiction.objects.filter(code__in=[r.code for r in rows])}
    befores: dict[str, dict[str, Any]] = {}
    judged_again: list[int] = []  # nodes whose level or parent changed: their subtrees' duties may differ
    for row in _topological(rows):
        parent = Jurisdiction.objects.get(code=row.parent_code) if row.parent_code else None
        node = by_code.get(row.code)
        path = (parent.path if parent else "/") + row.code + "/"
        depth = parent.depth + 1 if parent else 0
        if node is None:
            node = Jurisdiction.objects.create(
                code=row.code, name=row.name, level=row.level, parent=parent, path=path, depth=depth
            )
            by_code[row.code] = node
            change.created.append(row.code)
            continue
        if (node.name, node.level, node.parent_id) == (row.name, row.level, parent.pk if parent else None):
            change.unchanged.append(row.code)
            continue
        befores[row.code] = _snapshot(node, JURISDICTION_FIELDS)
        if (node.level, node.parent_id) != (row.level, parent.pk if parent else None):
            judged_again.append(node.pk)
        node.name, node.level, node.parent = row.name, row.level, parent
        node.save(update_fields=["name", "level", "parent"])
        change.updated.append(row.code)
    if change.updated:
        rebuild_paths()
    if change.created or change.updated:
        touched = [by_code[code] for code in change.created + change.updated]
        for node in touched:
            node.refresh_from_db(fields=["path", "depth"])
        anchor = min(touched, key=lambda node: (node.depth, node.code))
        record_event(
            actor=actor,
            action="org.jurisdictions_imported",
            obj=anchor,
            data={
                "created": [_snapshot(by_code[code], JURISDICTION_FIELDS) for code in change.created],
                "updated": [
                    {"before": befores[code], "after": _snapshot(by_code[code], JURISDICTION_FIELDS)}
                    for code in change.updated
                ],
                "unchanged": len(change.unchanged),
            },
            jurisdiction_path=anchor.path,
        )
    if judged_again:
        inputs_changed.send(
            sender=Jurisdiction,
            jurisdictions=judged_again,
            since=None,
            actor=actor,
            reason="org.jurisdictions_imported",
        )
    return change


def rebuild_paths() -> int:
    """Recompute ``path`` and ``depth`` of every node from the parent links; returns how
    many nodes changed. Cheap enough for a province (~3,000 nodes) after a move."""
    nodes = list(Jurisdiction.objects.only("id", "code", "parent_id", "path", "depth"))
    children: dict[int | None, list[Jurisdiction]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    changed: list[Jurisdiction] = []
    stack: list[tuple[Jurisdiction, str, int]] = [(n, "/", 0) for n in children.get(None, [])]
    while stack:
        node, prefix, depth = stack.pop()
        path = f"{prefix}{node.code}/"
        if (node.path, node.depth) != (path, depth):
            node.path, node.depth = path, depth
            changed.append(node)
        stack.extend((child, path, depth + 1) for child in children.get(node.pk, []))
    # Two passes so the unique index on path never sees a transient duplicate.
    for node in changed:
        Jurisdiction.objects.filter(pk=node.pk).update(path=f"~moving/{node.pk}/")
    Jurisdiction.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)


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
            inputs_changed.send(
                sender=Body, posts=post_ids, since=None, actor=actor, reason="org.body.department_kind_changed"
            )
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
        inputs_changed.send(sender=Post, posts=[target.pk], since=None, actor=actor, reason="org.post.updated")
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
    inputs_changed.send(
        sender=Appointment,
        posts=sorted(concerned),
        since=min(days),
        actor=actor,
        reason="org.appointment.updated" if appointment else "org.appointment.created",
    )
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
    ended on ``valid_from``; any other overlap with a binding of the same jurisdiction is an error.
    The verdicts concerned follow (:data:`zeren.org.signals.inputs_changed`): at once, or through a
    background job for a large subtree."""
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
    superseded_subtree = False
    for earlier in PolicyBinding.objects.filter(
        jurisdiction=jurisdiction, valid_until__isnull=True, valid_from__lt=valid_from
    ):
        before = _snapshot(earlier, BINDING_FIELDS)
        earlier.valid_until = valid_from
        earlier.save(update_fields=["valid_until"])
        superseded_subtree = superseded_subtree or earlier.include_subtree
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
    # The verdicts follow: the subtree's when this binding or one it ended covers the subtree, else
    # only the posts of the jurisdiction itself.
    if include_subtree or superseded_subtree:
        scope: dict[str, list[int]] = {"jurisdictions": [jurisdiction.pk]}
    else:
        scope = {"posts": list(Post.objects.filter(body__jurisdiction=jurisdiction).values_list("id", flat=True))}
    inputs_changed.send(
        sender=PolicyBinding, since=valid_from, actor=actor, reason="org.policy_binding.created", **scope
    )
    return binding
