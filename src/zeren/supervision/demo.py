"""Demo supervision tickets (fictional), issued through the services by the 常州 city office to 武进区:
one across 国庆 2025 (10 working days from 26 September: due 16 October) and one reported and
returned. Idempotent."""

from __future__ import annotations

import datetime

from zeren.accounts.models import User
from zeren.org.models import Body
from zeren.problems import Problems
from zeren.supervision.models import Ticket
from zeren.supervision.services import ticket_issue, ticket_report, ticket_review


def load() -> str:
    city = User.objects.filter(username="cz-office").first()
    county = User.objects.filter(username="wujin-office").first()
    lead = Body.objects.filter(jurisdiction__code="320412", kind="government").order_by("code").first()
    if city is None or county is None or lead is None or Ticket.objects.filter(issuer__code="320400").exists():
        return "Demo supervision tickets: none added"
    ticket_issue(
        actor=city,
        title="督促化工园区储罐区防火间距整改",
        requirement="逐项整改，按期报告整改情况和佐证材料。",
        lead_body=lead,
        assisting=[],
        source_kind="meeting",
        source_label="市安委会2025年第3次全体会议",
        issued_on=datetime.date(2025, 9, 26),
        working_days=10,
    )
    second = ticket_issue(
        actor=city,
        title="落实市领导关于燃气安全的批示",
        requirement="开展燃气安全专项排查，报告排查和整改情况。",
        lead_body=lead,
        assisting=[],
        source_kind="instruction",
        source_label="市长批示",
        issued_on=datetime.date(2025, 11, 3),
        working_days=15,
    )
    from django.core.files.base import ContentFile

    pdf = ContentFile(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", name="排查报告.pdf")
    try:
        second = ticket_report(actor=county, ticket=second, expected_version=1, report="已完成排查。", uploads=[pdf])
        ticket_review(
            actor=city,
            ticket=second,
            expected_version=second.version,
            accept=False,
            note="缺少整改清单，请补充后再报。",
        )
    except Problems:  # an evidence file the checks refuse: the tickets stay, as issued
        return "Demo supervision tickets: 2 added"
    return "Demo supervision tickets: 2 added, one reported and returned"
