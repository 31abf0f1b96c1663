"""The daily escalation of overdue rectification items: each item past its deadline and not signed off
is escalated one level up (:func:`zeren.tours.services.escalate_overdue`), and the office accounts of
that level get one email listing the items escalated to them — each item once, remembered with the
records' reminders (:class:`zeren.records.models.ReminderSent`, kind ``escalation``, key
``tours:<item>``). Run it with ``zeren escalate_rectification`` (cron, daily)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from zeren.accounts.models import Role, User
from zeren.records.reminders import send_once
from zeren.tours.models import ItemStatus, RectificationItem
from zeren.tours.services import escalate_overdue


@dataclass
class EscalationResult:
    escalated: int = 0
    reminded: int = 0
    offices: int = 0
    without_email: int = 0


def _key(item: RectificationItem) -> str:
    return f"tours:{item.pk}"


def _line(item: RectificationItem) -> str:
    return _("- %(place)s: %(plan)s, item %(number)s “%(measure)s”, deadline %(deadline)s, leader %(leader)s") % {
        "place": item.jurisdiction.name,
        "plan": item.plan.title,
        "number": item.number,
        "measure": item.measure[:60],
        "deadline": item.deadline.isoformat(),
        "leader": item.leader.name,
    }


def escalate_and_remind(*, today: dt.date) -> EscalationResult:
    result = EscalationResult(escalated=len(escalate_overdue(today=today)))
    items = (
        RectificationItem.objects.filter(escalated_to__isnull=False)
        .exclude(status=ItemStatus.CLOSED)
        .select_related("jurisdiction", "plan", "leader")
        .order_by("deadline", "id")
    )
    by_level: dict[int, list[RectificationItem]] = defaultdict(list)
    for item in items:
        assert item.escalated_to_id is not None  # noqa: S101
        by_level[item.escalated_to_id].append(item)
    offices = User.objects.filter(role=Role.OFFICE, is_active=True, jurisdiction_id__in=list(by_level))
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for office in offices:
            assert office.jurisdiction_id is not None  # noqa: S101
            sent = send_once(
                office,
                "escalation",
                [(_key(i), i) for i in by_level[office.jurisdiction_id]],
                today=today,
                connection=connection,
                subject=lambda rows: _("zeren: %(n)s overdue rectification items escalated to you") % {"n": len(rows)},
                lines=lambda rows: [
                    _(
                        "These rectification items in the jurisdictions below yours are past their deadline and not "
                        "signed off; they are escalated to your office:"
                    ),
                    "",
                    *[_line(i) for i in rows],
                ],
            )
            if sent is None:
                result.without_email += 1
            elif sent:
                result.reminded += len(sent)
                result.offices += 1
    return result
