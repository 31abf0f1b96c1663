"""The ticket pages: list, filters and .xlsx export, issuing (bad input changes nothing), the detail with
its working-day count explained, the actions through post_action, and who is refused."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.urls import reverse

from zeren.supervision.models import Extension, Ticket, TicketState

from .conftest import png
from .test_ticket_services import issue

D = dt.date


def test_the_office_issues_a_ticket_across_guoqing_from_the_form(client, city_office, org, frozen):
    frozen(D(2025, 9, 26))
    client.force_login(city_office)
    assert client.get(reverse("supervision:ticket_create")).status_code == 200
    response = client.post(
        reverse("supervision:ticket_create"),
        {
            "title": "落实储罐区整改",
            "requirement": "逐项整改",
            "source_kind": "instruction",
            "source_label": "市长批示",
            "lead_body": org.county_gov.pk,
            "assisting": [org.county_bureau.pk],
            "issued_on": "2025-09-26",
            "working_days": "10",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision:ticket", kwargs={"ticket": ticket.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "2025-10-16" in page and "10月16日（周四）" in page
    assert "跳过国庆节、中秋节：10月1日（周三）至10月8日（周三），放假8天。" in page
    assert "9月28日（周日）、10月11日（周六）" in page
    assert "国办发明电〔2024〕12号" in page


def test_bad_input_on_the_form_is_said_and_nothing_is_issued(client, city_office, org, frozen):
    frozen(D(2025, 9, 26))
    client.force_login(city_office)
    response = client.post(
        reverse("supervision:ticket_create"),
        {
            "title": "",
            "requirement": "x",
            "source_kind": "meeting",
            "source_label": "会议",
            "lead_body": "999999",
            "issued_on": "2025-13-01",
            "working_days": "0",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "督办事项" in text and "办理时限" in text
    assert not Ticket.objects.exists()


def test_officials_cannot_issue_and_the_public_is_sent_to_log_in(client, official_a, org):
    client.force_login(official_a)
    assert client.get(reverse("supervision:ticket_create")).status_code == 403
    assert client.get(reverse("supervision:tickets")).status_code == 200
    client.logout()
    assert client.get(reverse("supervision:tickets")).status_code == 302


def test_an_extension_asked_after_the_due_date_is_refused_on_the_page(client, city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    frozen(D(2025, 10, 20))
    client.force_login(office_a)
    response = client.post(
        reverse("supervision:ticket_extension", kwargs={"ticket": ticket.pk}),
        {"version": ticket.version, "working_days": "5", "reason": "来不及"},
    )
    assert response.status_code == 400
    assert "办理期限已于2025年10月16日届满" in response.content.decode()
    assert not Extension.objects.exists()


def test_bad_action_input_changes_nothing(client, city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    client.force_login(office_a)
    for name, data in [
        ("supervision:ticket_extension", {"version": "1", "working_days": "abc", "reason": ""}),
        ("supervision:ticket_report", {"version": "1", "report": ""}),
        ("supervision:ticket_extension_answer", {"version": "x"}),
        ("supervision:ticket_review", {"version": "1", "accept": "maybe"}),
    ]:
        response = client.post(reverse(name, kwargs={"ticket": ticket.pk}), data)
        assert response.status_code in (400, 403), name
    ticket.refresh_from_db()
    assert ticket.version == 1 and ticket.state == TicketState.ISSUED and not ticket.evidence.exists()


def test_report_and_close_through_the_pages_and_download_the_evidence(client, city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    client.force_login(office_a)
    response = client.post(
        reverse("supervision:ticket_report", kwargs={"ticket": ticket.pk}),
        {"version": "1", "report": "已完成整改", "files": [png()]},
    )
    assert response.status_code == 302
    evidence = ticket.evidence.get()
    download = client.get(reverse("supervision:evidence", kwargs={"sv_evidence": evidence.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert download["Content-Disposition"].startswith("attachment;")  # an image too: supervision never shows inline
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Security-Policy"] == "sandbox"
    assert (
        client.post(
            reverse("supervision:ticket_review", kwargs={"ticket": ticket.pk}), {"version": "2", "accept": "1"}
        ).status_code
        == 403
    )  # the county does not review
    client.force_login(city_office)
    response = client.post(
        reverse("supervision:ticket_review", kwargs={"ticket": ticket.pk}), {"version": "2", "accept": "1", "note": ""}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED


def test_the_list_filters_and_exports(client, city_office, org, frozen):
    frozen(D(2025, 9, 26))
    issue(city_office, org.county_gov)
    other = issue(city_office, org.county_b_gov, days=3)
    client.force_login(city_office)
    frozen(D(2025, 10, 10))
    page = client.get(reverse("supervision:tickets"), {"overdue": "1"}).content.decode()
    assert other.number in page and "常州市督〔2025〕1号" not in page
    bad = client.get(reverse("supervision:tickets"), {"date_from": "2025-10-01", "date_to": "2025-09-01"})
    assert bad.status_code == 400
    export = client.get(reverse("supervision:ticket_export"), {"jurisdiction": "320412"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "常州市督〔2025〕1号" in values and other.number not in values


def test_the_calendar_feed_holds_the_tickets_due(client, city_office, org, frozen):
    from zeren.records.calendar import ical_bytes

    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    feed = ical_bytes(city_office, D(2025, 9, 26)).decode()
    assert f"supervision-ticket-{ticket.pk}@zeren" in feed
    assert "DTSTART;VALUE=DATE:20251016" in feed
