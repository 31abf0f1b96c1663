"""The daily job: bring the verdicts up to date (open periods that ended become missed; a new year's
periods appear on 1 January), remind officials of unmet obligations before their period closes, and
escalate missed ones to the office one level up. Each reminder and escalation is sent once
(:class:`~zeren.records.models.ReminderSent`); email goes through Django's email backend. It also
removes the evidence files a refused record form kept that no valid token can name any more
(:func:`zeren.evidence.remove_stale_pending`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from zeren import evidence
from zeren.accounts.models import Role, User
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow, ReminderSent
from zeren.records.obligations import event_names, period_label
from zeren.records.selectors import obligation_info
from zeren.records.vocabulary import ACTIVITY_LABELS

T = TypeVar("T")

DEFAULT_DAYS = (14, 3)
ESCALATION_WINDOW_DAYS = 31


@dataclass
class ReminderResult:
    recomputed: list[int] = field(default_factory=list)
    reminders: int = 0
    reminded_users: int = 0
    escalations: int = 0
    escalated_to: int = 0
    without_email: int = 0
    stale_files_removed: int = 0


def reminder_days() -> tuple[int, ...]:
    days = getattr(settings, "ZEREN_REMINDER_DAYS", DEFAULT_DAYS)
    return tuple(sorted({int(d) for d in days}, reverse=True))


def _line(row: ComplianceRow, today: dt.date) -> str:
    title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
    where = f"{row.jurisdiction.name} {row.post.title}"
    cite = "、".join(c.label for c in cites)
    activity = ACTIVITY_LABELS.get(row.activity, row.activity)
    return (
        f"- {where}：{title}（{activity}，{period_label(row.period, event_names([row.period]))}，"
        f"{row.done}/{row.required}，{row.period_end.isoformat()}）{cite}"
    )


def send_reminders(
    *, today: dt.date, days_before: Sequence[int] | None = None, recompute: bool = True
) -> ReminderResult:
    result = ReminderResult()
    if recompute:
        years = [today.year - 1, today.year] if today.month == 1 else [today.year]
        for year in years:
            compliance_recompute(year=year, as_of=today)
            result.recomputed.append(year)
    thresholds = tuple(sorted({int(d) for d in (days_before or reminder_days())}))
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        _due(today, thresholds, connection, result)
        _escalate(today, connection, result)
    result.stale_files_removed = evidence.remove_stale_pending()
    return result


def _due(today: dt.date, thresholds: tuple[int, ...], connection: object, result: ReminderResult) -> None:
    if not thresholds:
        return
    rows = (
        ComplianceRow.objects.filter(
            status="open", period_end__gte=today, period_end__lte=today + dt.timedelta(days=max(thresholds))
        )
        .filter(Q(appointment__end__isnull=True) | Q(appointment__end__gte=today), appointment__start__lte=today)
        .filter(person__account__is_active=True, person__account__role=Role.OFFICIAL)
        .select_related("post", "jurisdiction", "person__account")
        .order_by("period_end", "obligation")
    )
    by_user: dict[User, list[tuple[ComplianceRow, str]]] = defaultdict(list)
    for row in rows:
        days_left = (row.period_end - today).days
        threshold = min(d for d in thresholds if days_left <= d)
        key = f"{row.appointment_id}:{row.obligation}:{row.period}:{threshold}"
        by_user[row.person.account].append((row, key))
    for user, items in by_user.items():
        new = send_once(
            user,
            "due",
            [(key, row) for row, key in items],
            today=today,
            connection=connection,
            subject=lambda rows: _("zeren: %(n)s duties due soon") % {"n": len(rows)},
            lines=lambda rows: [
                _("These duties of yours are not yet met and their period closes soon:"),
                "",
                *[_line(row, today) for row in rows],
                "",
                _("Record what you did in zeren under “My duties”."),
            ],
        )
        if new is None:
            result.without_email += 1
        elif new:
            result.reminders += len(new)
            result.reminded_users += 1


def send_once(
    user: User,
    kind: str,
    items: Sequence[tuple[str, T]],
    *,
    today: dt.date,
    connection: object,
    subject: Callable[[list[T]], str],
    lines: Callable[[list[T]], list[str]],
) -> list[T] | None:
    """Email ``user`` the ``items`` (each with its key) not yet sent to them as ``kind``, and remember
    them (:class:`ReminderSent`) in the same transaction. Returns the items sent (none: all were sent
    before), or None when there were new ones but the user has no email address (nothing is
    remembered, so they go once the address is there)."""
    sent = set(
        ReminderSent.objects.filter(user=user, kind=kind, key__in=[key for key, _item in items]).values_list(
            "key", flat=True
        )
    )
    new = [(key, item) for key, item in items if key not in sent]
    if not new:
        return []
    if not user.email:
        return None
    chosen = [item for _key, item in new]
    body = "\n".join(lines(chosen))
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            [ReminderSent(user=user, kind=kind, key=key, sent_on=today) for key, _item in new],
            ignore_conflicts=True,
        )
        EmailMessage(subject=subject(chosen), body=body, to=[user.email], connection=connection).send()
    return chosen


def _escalate(today: dt.date, connection: object, result: ReminderResult) -> None:
    """Missed periods that closed within the window go to the office of the parent jurisdiction."""
    rows = list(
        ComplianceRow.objects.filter(
            status="missed",
            period_end__lt=today,
            period_end__gte=today - dt.timedelta(days=ESCALATION_WINDOW_DAYS),
            jurisdiction__parent__isnull=False,
        )
        .select_related("post", "jurisdiction", "person")
        .order_by("jurisdiction__path", "period_end")
    )
    by_parent: dict[int, list[ComplianceRow]] = defaultdict(list)
    for row in rows:
        if row.jurisdiction.parent_id is not None:
            by_parent[row.jurisdiction.parent_id].append(row)
    offices = User.objects.filter(role=Role.OFFICE, is_active=True, jurisdiction_id__in=list(by_parent))
    for office in offices:
        assert office.jurisdiction_id is not None  # noqa: S101
        new = send_once(
            office,
            "escalation",
            list({f"{row.pk}": row for row in by_parent[office.jurisdiction_id]}.items()),
            today=today,
            connection=connection,
            subject=lambda rows: _("zeren: %(n)s obligations missed below your jurisdiction") % {"n": len(rows)},
            lines=lambda rows: [
                _("These obligations in the jurisdictions below yours were missed:"),
                "",
                *[f"{_line(row, today)} — {row.person.name}" for row in rows],
            ],
        )
        if new is None:
            result.without_email += 1
        elif new:
            result.escalations += len(new)
            result.escalated_to += 1
