"""The daily job (escalation steps and their emails, once each), ``zeren supervision_daily`` and its
enqueued form, and ``zeren calendar_add`` (a year added from a file; a bad file names file:line)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from zeren.supervision.calendar import calendar
from zeren.supervision.daily import supervision_daily
from zeren.supervision.models import HolidayYear, Step

from .test_ticket_services import issue

D = dt.date


def test_the_steps_come_as_days_pass_and_each_email_is_sent_once(city_office, office_a, org, frozen):
    office_a.email, city_office.email = "wujin@example.cn", "city@example.cn"
    office_a.save()
    city_office.save()
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    assert supervision_daily(today=D(2025, 10, 9)).escalated == {}
    assert supervision_daily(today=D(2025, 10, 13)).escalated == {"prompt": 1}
    assert mail.outbox[-1].to == ["wujin@example.cn"] and "提示" in mail.outbox[-1].subject
    assert supervision_daily(today=D(2025, 10, 13)).escalated == {}
    supervision_daily(today=D(2025, 10, 17))
    result = supervision_daily(today=D(2025, 10, 23))
    assert result.escalated == {"summon": 1}
    assert sorted(mail.outbox[-1].to) == ["city@example.cn", "wujin@example.cn"]
    ticket.refresh_from_db()
    assert ticket.step == Step.SUMMON and len(mail.outbox) == 3
    assert list(ticket.events.filter(kind="escalated").values_list("note", flat=True)) == ["提示", "催办", "约谈"]


def test_the_command_runs_or_enqueues_the_job(city_office, org, frozen, run_tasks):
    from zeren.jobs.models import Job

    frozen(D(2025, 9, 26))
    issue(city_office, org.county_gov)
    out = StringIO()
    call_command("supervision_daily", "--date", "2025-10-17", stdout=out)
    assert "urge 1" in out.getvalue()
    call_command("supervision_daily", "--date", "2025-10-30", "--enqueue", stdout=StringIO())
    run_tasks()
    job = Job.objects.get()
    assert job.state == Job.State.SUCCEEDED and job.result["escalated"] == {"notify": 1}


def test_an_administrator_adds_a_year_and_the_warning_goes(tmp_path, db):
    path = tmp_path / "2027.yaml"
    path.write_text(
        "year: 2027\nnotice: {title: 国务院办公厅关于2027年部分节假日安排的通知, number: '', date: 2026-11-01}\n"
        "holidays:\n- {name: 元旦, from: 2027-01-01, to: 2027-01-03}\nworkdays: []\n",
        encoding="utf-8",
    )
    assert calendar().add_working_days(D(2026, 12, 30), 3).unknown_years == (2027,)
    call_command("calendar_add", str(path), "--check", stdout=StringIO())
    assert not HolidayYear.objects.exists()
    call_command("calendar_add", str(path), stdout=StringIO())
    answer = calendar().add_working_days(D(2026, 12, 30), 3)
    assert answer.unknown_years == () and answer.date == D(2027, 1, 5)


def test_a_bad_year_file_is_refused_with_its_line(tmp_path, db):
    path = tmp_path / "2027.yaml"
    path.write_text("year: 2027\nnotice: {title: x, date: 2026-11-01}\nholidays: []\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("calendar_add", str(path), stdout=StringIO())
    assert f"{path}:2:" in str(caught.value) and f"{path}:3:" in str(caught.value)
    assert not HolidayYear.objects.exists()
    named = Path(tmp_path / "next.yaml")
    named.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CommandError, match="文件名应为年份"):
        call_command("calendar_add", str(named), stdout=StringIO())
