"""Reading duty performance: records and verdicts a user may see, "my duties", the office dashboard
(:mod:`zeren.records.dashboard`).

Objects are loaded through :mod:`zeren.accounts.access` (``scope_to_user`` /
``get_object_for_user``): an account sees the records and verdicts of its jurisdiction subtree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser, get_object_for_user, scope_to_user
from zeren.org.bindings import registry
from zeren.org.models import Appointment, Jurisdiction, Post
from zeren.records.dashboard import Dashboard as Dashboard
from zeren.records.dashboard import Tally as Tally
from zeren.records.dashboard import dashboard as dashboard
from zeren.records.models import (
    CalendarFeed,
    ComplianceRow,
    Confirmation,
    Evidence,
    PerformanceRecord,
    RecordCredit,
)
from zeren.records.obligations import Citation, event_names, obligation_info, period_kind, period_label
from zeren.records.vocabulary import ACTIVITY_LABELS, PERIOD_KIND_LABELS, STATUS_LABELS

M = TypeVar("M", bound=Model)

# Access ------------------------------------------------------------------------------------


def records_for(user: AnyUser) -> QuerySet[PerformanceRecord]:
    """The records of the user's subtree; an official's: those that credit them or that they made."""
    return scope_to_user(
        PerformanceRecord.objects.select_related("jurisdiction", "created_by"),
        user,
        via="jurisdiction",
        own_person=("credits__person",),
        own_account=("created_by",),
    )


def get_record_for_user(user: AnyUser, pk: int) -> PerformanceRecord:
    return get_object_for_user(records_for, user, pk=pk)


def evidence_for(user: AnyUser) -> QuerySet[Evidence]:
    """The evidence files of the records the user may see (:func:`records_for`)."""
    return scope_to_user(
        Evidence.objects.select_related("record__jurisdiction"),
        user,
        via="record__jurisdiction",
        own_person=("record__credits__person",),
        own_account=("record__created_by",),
    )


def get_evidence_for_user(user: AnyUser, pk: int) -> Evidence:
    return get_object_for_user(evidence_for, user, pk=pk)


def compliance_rows_for(user: AnyUser) -> QuerySet[ComplianceRow]:
    """Duty verdicts of the user's subtree; an official's own only."""
    return scope_to_user(ComplianceRow.objects.all(), user, via="jurisdiction", own_person=("appointment__person",))


def active_feed(user: AnyUser) -> CalendarFeed | None:
    """The user's calendar feed that still works, if any."""
    if not user.is_authenticated:
        return None
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


def may_change(user: AnyUser, record: PerformanceRecord) -> bool:
    """Who may edit or delete a record: the office (安委办) of its jurisdiction subtree, the
    superuser, and the account that recorded it."""
    if access.sees_everything(user):
        return True
    if not user.is_authenticated:
        return False
    return getattr(user, "role", "") == "office" or record.created_by_id == user.pk


# Confirmation by the official ----------------------------------------------------------------


def to_confirm(user: AnyUser) -> list[RecordCredit]:
    """The records someone else entered for the user's person that wait for their confirmation (or that
    they disputed), newest first: "my duties" asks the official about them."""
    person_id = access.official_person_id(user)
    if person_id is None:
        return []
    credits = (
        RecordCredit.objects.filter(
            person_id=person_id,
            active=True,
            record__deleted_at__isnull=True,
            confirmation__in=(Confirmation.PENDING, Confirmation.DISPUTED),
        )
        .select_related("record__jurisdiction", "record__created_by", "post__body__jurisdiction")
        .order_by("-confirmation", "-occurred_on", "-id")  # pending first
    )
    return list({c.record_id: c for c in reversed(credits)}.values())[::-1]  # one per record


def disputed_records(user: AnyUser) -> QuerySet[PerformanceRecord]:
    """The records in the user's scope an official disputed (the office corrects or deletes them)."""
    return records_for(user).filter(
        deleted_at__isnull=True,
        pk__in=RecordCredit.objects.filter(confirmation=Confirmation.DISPUTED, active=True).values("record_id"),
    )


def disputed_count(user: AnyUser, node: Jurisdiction) -> int:
    """How many records in ``node``'s subtree an official disputed (the dashboard flags them)."""
    return disputed_records(user).filter(jurisdiction__path__startswith=node.path).count()


def may_confirm(user: AnyUser, record: PerformanceRecord) -> bool:
    """Whether ``user`` is the official a record credits and was entered for by someone else."""
    person_id = access.official_person_id(user)
    return (
        person_id is not None
        and record.deleted_at is None
        and record.credits.filter(person_id=person_id).exclude(confirmation=Confirmation.NOT_ASKED).exists()
    )


# My duties ---------------------------------------------------------------------------------


@dataclass
class DueItem:
    row: ComplianceRow
    title: str
    cites: list[Citation]
    days_left: int
    kind: str

    @property
    def activity_label(self) -> str:
        return str(ACTIVITY_LABELS.get(self.row.activity, self.row.activity))

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.row.status, self.row.status))

    @property
    def period(self) -> str:
        """The period in words (2026年第一季度; an event period by its accident)."""
        names = event_names([self.row.period]) if self.row.period.startswith("event:") else None
        return period_label(self.row.period, names)


@dataclass
class PostDuties:
    """One post the official holds today, with what is due, done and missed on it ("my duties")."""

    appointment: Appointment
    policy_title: str
    current: list[tuple[str, str, list[DueItem]]] = field(default_factory=list)
    done: list[DueItem] = field(default_factory=list)
    missed: list[DueItem] = field(default_factory=list)
    recent: list[RecordCredit] = field(default_factory=list)


KIND_ORDER = ["month", "quarter", "half_year", "year", "two_years", "event", "range"]


def current_appointments(user: AnyUser, today: dt.date) -> list[Appointment]:
    """The appointments the account's person holds on ``today``."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    return list(
        Appointment.objects.filter(person_id=person_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("post__body__jurisdiction", "person")
        .order_by("post__code")
    )


def _item(row: ComplianceRow, today: dt.date) -> DueItem:
    title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
    return DueItem(row, title, cites, (row.period_end - today).days, period_kind(row.period))


def my_duties(user: AnyUser, today: dt.date) -> list[PostDuties]:
    """For each post the user's person holds today: what is due in the current month, quarter,
    half-year and year (with days left), what is done this year and what was missed."""
    out = []
    for appointment in current_appointments(user, today):
        rows = list(
            ComplianceRow.objects.filter(appointment=appointment, year=today.year).order_by("period_end", "obligation")
        )
        policy_title = ""
        if rows:
            with contextlib.suppress(Exception):  # a pack removed since: show no title
                policy_title = registry().get(rows[0].policy_id).title
        holding = PostDuties(appointment, policy_title)
        current: dict[str, list[DueItem]] = {}
        for row in rows:
            item = _item(row, today)
            if row.period_start <= today <= row.period_end:
                current.setdefault(item.kind, []).append(item)
            if row.status == "met":
                holding.done.append(item)
            elif row.status == "missed":
                holding.missed.append(item)
        holding.current = [(k, kind_label(k), current[k]) for k in KIND_ORDER if k in current]
        holding.recent = list(
            RecordCredit.objects.filter(appointment=appointment, active=True)
            .select_related("record")
            .order_by("-occurred_on", "-id")[:10]
        )
        out.append(holding)
    return out


def kind_label(kind: str) -> str:
    if kind == "event":
        return _("Event duties")
    if kind == "range":
        return _("Once in the tenure")
    return {
        "month": _("This month"),
        "quarter": _("This quarter"),
        "half_year": _("This half-year"),
        "year": _("This year"),
        "two_years": _("This two-year cycle"),
    }.get(kind, str(PERIOD_KIND_LABELS.get(kind, kind)))


# Verdicts of a subtree ---------------------------------------------------------------------


def subtree_rows(user: AnyUser, node: Jurisdiction, year: int) -> QuerySet[ComplianceRow]:
    """The verdicts of ``year`` in ``node``'s subtree that ``user`` may see."""
    return _in_subtree(compliance_rows_for(user).filter(year=year), node)


def _in_subtree(rows: QuerySet[M], node: Jurisdiction) -> QuerySet[M]:
    if node.parent_id is not None or Jurisdiction.objects.filter(parent__isnull=True).count() > 1:
        rows = rows.filter(jurisdiction__path__startswith=node.path)
    return rows.order_by()


def overdue_rows(user: AnyUser, node: Jurisdiction, year: int) -> QuerySet[ComplianceRow]:
    """The missed obligation-periods of ``node``'s subtree in ``year``, by jurisdiction and post."""
    return (
        subtree_rows(user, node, year)
        .filter(status="missed")
        .select_related("post", "person", "jurisdiction")
        .order_by("jurisdiction__path", "post__code", "period_start", "obligation")
    )


@dataclass
class PostYear:
    post: Post
    year: int
    tenures: list[dict[str, Any]]


def post_year(user: AnyUser, post: Post, year: int, today: dt.date) -> PostYear:
    """Drill-down: a post's verdicts for ``year`` by holder, each with its records and what is missing."""
    rows = list(
        compliance_rows_for(user)
        .filter(post=post, year=year)
        .select_related("appointment__person")
        .order_by("appointment__start", "obligation", "period_start")
    )
    credits = list(
        RecordCredit.objects.filter(post=post, active=True, occurred_on__year=year)
        .select_related("record")
        .order_by("occurred_on")
    )
    tenures: dict[int, dict[str, Any]] = {}
    rows = list(rows)
    events = event_names(r.period for r in rows)
    for row in rows:
        entry = tenures.setdefault(
            row.appointment_id,
            {"appointment": row.appointment, "obligations": {}, "tally": Tally()},
        )
        entry["tally"].add(row.status, 1)
        title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
        ob = entry["obligations"].setdefault(row.obligation, {"title": title, "cites": cites, "items": []})
        records = [
            c.record
            for c in credits
            if c.appointment_id == row.appointment_id
            and c.counts
            and c.activity == row.activity
            and row.period_start <= c.occurred_on <= row.period_end
        ]
        ob["items"].append(
            {
                "row": row,
                "period": period_label(row.period, events),
                "records": records,
                "days_left": (row.period_end - today).days,
            }
        )
    return PostYear(post, year, list(tenures.values()))


def post_choices(user: AnyUser, today: dt.date) -> list[Post]:
    """Posts a record may be led by: an official's own posts (held at any time), else every post
    in the user's scope."""
    if getattr(user, "role", "") == "official" and not access.sees_everything(user):
        person_id = getattr(user, "person_id", None)
        if person_id is None:
            return []
        return list(
            Post.objects.filter(appointments__person_id=person_id)
            .select_related("body__jurisdiction")
            .distinct()
            .order_by("code")
        )
    return list(access.posts_for(user).filter(active=True).order_by("body__jurisdiction__path", "code"))


def participant_choices(user: AnyUser, leader_posts: list[Post]) -> list[Post]:
    """Posts that may take part: the posts of the leader posts' jurisdictions the user can see,
    and for the office every post in scope."""
    if getattr(user, "role", "") == "official" and not access.sees_everything(user):
        jurisdictions = {p.body.jurisdiction_id for p in leader_posts}
        return list(
            Post.objects.filter(body__jurisdiction_id__in=jurisdictions, active=True)
            .select_related("body__jurisdiction")
            .order_by("code")
        )
    return list(access.posts_for(user).filter(active=True).order_by("body__jurisdiction__path", "code"))


def history_of(record: PerformanceRecord) -> list[dict[str, Any]]:
    """The record's changes, each with the action and the actor in words (zeren.audit.labels)."""
    from zeren.audit.labels import action_label, actor_label
    from zeren.audit.services import history

    return [
        {"event": e, "label": action_label(e.action), "actor": actor_label(e)}
        for e in history(record).select_related("actor")
    ]
