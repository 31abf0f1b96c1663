"""The rectification items list as .xlsx (zeren.documents.sheets): the filtered items with their
plan, measure, standard, unit, leader, deadline, status and escalation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from zeren.documents.sheets import CellValue, Sheet, workbook_bytes
from zeren.tours.models import ItemStatus, RectificationItem


def items_workbook(rows: Iterable[RectificationItem], today: dt.date) -> bytes:
    data: list[list[CellValue]] = []
    for item in rows:
        overdue = item.status != ItemStatus.CLOSED and item.deadline < today
        data.append(
            [
                item.jurisdiction.name,
                item.plan.title,
                item.number,
                item.finding.description if item.finding else "",
                item.measure,
                item.standard,
                item.responsible_unit.name,
                item.leader.name,
                item.deadline,
                str(ItemStatus(item.status).label),
                _("yes") if overdue else "",
                item.escalated_to.name if item.escalated_to else "",
                item.closed_on,
            ]
        )
    sheet = Sheet(
        title=_("Rectification items"),
        heading=_("Rectification items as of %(day)s") % {"day": today.isoformat()},
        headers=[
            _("Jurisdiction"),
            _("Rectification plan"),
            _("Number"),
            _("Finding"),
            _("Measure"),
            _("Standard to reach"),
            _("Responsible unit"),
            _("Responsible leader"),
            _("Deadline"),
            _("Status"),
            _("Overdue"),
            _("Escalated to"),
            _("Signed off on"),
        ],
        rows=data,
    )
    return workbook_bytes([sheet])
