"""Documents of supervision: the ticket list as .xlsx, the listed-hazard notice (挂牌督办通知书) as a
.docx 公文 (zeren.documents.gongwen)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.documents import Section, Table, date_text, gongwen_docx, heading_number
from zeren.documents.sheets import CellValue, Sheet, workbook_bytes
from zeren.supervision.models import ListedHazard, Ticket


def tickets_workbook(tickets: Iterable[Ticket]) -> bytes:
    rows: list[list[CellValue]] = []
    for t in tickets:
        rows.append(
            [
                t.number,
                t.title,
                t.get_source_kind_display(),
                t.source_label,
                t.issuer.name,
                t.lead_body.name,
                "、".join(b.name for b in t.assisting.all()),
                t.issued_on,
                t.working_days,
                t.due_on,
                t.get_state_display(),
                t.get_step_display(),
                t.closed_on or "",
                t.due_warning,
            ]
        )
    sheet = Sheet(
        title=_("Supervision tickets"),
        heading=_("Supervision tickets (exported %(day)s)") % {"day": date_text(timezone.localdate())},
        headers=[
            _("ticket number"),
            _("matter"),
            _("source"),
            _("source description"),
            _("issued by"),
            _("lead body"),
            _("assisting bodies"),
            _("issued on"),
            _("working days allowed"),
            _("due on"),
            _("state"),
            _("escalation"),
            _("closed on"),
            _("calendar warning"),
        ],
        rows=rows,
    )
    return workbook_bytes([sheet])


def listing_notice_docx(listing: ListedHazard) -> bytes:
    """挂牌督办通知书: the matter, the requirements, the deadline, the responsible unit and leader."""
    lister = listing.lister
    place = listing.jurisdiction
    sections = [
        Section(
            "",
            [
                _("%(unit)s:") % {"unit": listing.responsible_body.name},
                _(
                    "After checking, the major hazard “%(hazard)s” in %(place)s is listed for supervision by "
                    "%(lister)s. The matters are notified as follows."
                )
                % {"hazard": listing.title, "place": place.name, "lister": lister.name},
            ],
        ),
        Section(
            heading_number(1) + _("The hazard and the rectification required"),
            [listing.hazard.description, listing.measures],
        ),
        Section(
            heading_number(2) + _("Deadline and responsibility"),
            [
                Table(
                    headers=[_("item"), _("content")],
                    rows=[
                        [_("listed on"), date_text(listing.listed_on)],
                        [_("rectification deadline"), date_text(listing.deadline)],
                        [_("responsible unit"), listing.responsible_body.name],
                        [_("responsible leader"), listing.responsible_leader.name],
                    ],
                    widths_mm=[40, 116],
                ),
                _(
                    "The listing is published within 5 working days; an extension must be asked at least 20 "
                    "working days before the deadline. When the rectification is done, apply for delisting "
                    "(摘牌销号) with the evidence."
                ),
            ],
        ),
    ]
    return gongwen_docx(
        title=_("Notice of listing a major hazard for supervision"),
        sections=sections,
        document_number=listing.notice_number,
        signature=_("%(jurisdiction)s safety committee office") % {"jurisdiction": lister.name},
        date=listing.listed_on,
    )
