"""The overdue list as .xlsx (zeren.documents.sheets): every missed obligation-period of a
jurisdiction subtree in a year, with the post, the holder then and the articles cited."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from zeren.documents.sheets import CellValue, Sheet, workbook_bytes
from zeren.org.bindings import policy_name
from zeren.org.models import Jurisdiction
from zeren.records.models import ComplianceRow
from zeren.records.obligations import event_names, period_label
from zeren.records.selectors import obligation_info
from zeren.records.vocabulary import ACTIVITY_LABELS


def overdue_workbook(node: Jurisdiction, year: int, rows: Iterable[ComplianceRow]) -> bytes:
    data: list[list[CellValue]] = []
    rows = list(rows)
    events = event_names(r.period for r in rows)
    for row in rows:
        title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
        data.append(
            [
                row.jurisdiction.name,
                row.post.code,
                row.post.title,
                row.person.name,
                title,
                str(ACTIVITY_LABELS.get(row.activity, row.activity)),
                period_label(row.period, events),
                row.period_end,
                row.done,
                row.required,
                "；".join(c.label for c in cites),
                policy_name(row.policy_id),
            ]
        )
    sheet = Sheet(
        title=_("Overdue"),
        heading=_("%(name)s: obligations missed in %(year)s") % {"name": node.name, "year": year},
        headers=[
            _("Jurisdiction"),
            _("Post code"),
            _("Post"),
            _("Holder then"),
            _("Obligation"),
            _("Activity"),
            _("Period"),
            _("Period ended"),
            _("Done"),
            _("Required"),
            _("Articles"),
            _("Regulation"),
        ],
        rows=data,
    )
    return workbook_bytes([sheet])
