"""The daily job: reminders before a period closes, escalation one level up, once each; year rollover."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from zeren.records.models import ComplianceRow, ReminderSent
from zeren.records.reminders import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(org, make_user):
    org.official.email = "zhao@example.org"
    org.official.save()
    from zeren.org.models import Jurisdiction

    city = make_user("sjz-office", role="office", jurisdiction=Jurisdiction.objects.get(code="130100"))
    city.email = "anweiban@example.org"
    city.save()
    return org.official, city


def test_an_official_is_reminded_once_before_the_quarter_closes(emails):
    official, _city = emails
    send_reminders(today=dt.date(2025, 6, 20))
    reminder = [m for m in mail.outbox if m.to == [official.email]]
    assert len(reminder) == 1
    assert "2025年第二季度" in reminder[0].body and "河北" in reminder[0].body
    mail.outbox.clear()
    send_reminders(today=dt.date(2025, 6, 21))
    assert not [m for m in mail.outbox if m.to == [official.email]]
    send_reminders(today=dt.date(2025, 6, 28))  # the 3-day threshold is a new reminder
    assert [m for m in mail.outbox if m.to == [official.email]]


def test_no_reminder_outside_the_configured_days(emails):
    official, _city = emails
    send_reminders(today=dt.date(2025, 5, 1), days_before=[14, 3])
    assert not [m for m in mail.outbox if m.to == [official.email]]


def test_missed_obligations_escalate_to_the_office_one_level_up_once(emails):
    _official, city = emails
    send_reminders(today=dt.date(2025, 7, 2))
    escalation = [m for m in mail.outbox if m.to == [city.email]]
    assert len(escalation) == 1 and "2025年第二季度" in escalation[0].body and "赵立新" in escalation[0].body
    mail.outbox.clear()
    send_reminders(today=dt.date(2025, 7, 3))
    assert not [m for m in mail.outbox if m.to == [city.email]]
    assert ReminderSent.objects.filter(user=city, kind="escalation").exists()


def test_on_new_years_day_last_year_closes_and_the_new_year_opens(emails, org):
    send_reminders(today=dt.date(2025, 12, 30), days_before=[])
    assert (
        ComplianceRow.objects.get(post=org.gh_post, obligation="hb-6.3-inspection-county", period="2025-Q4").status
        == "open"
    )
    send_reminders(today=dt.date(2026, 1, 1), days_before=[])
    q4 = ComplianceRow.objects.get(post=org.gh_post, obligation="hb-6.3-inspection-county", period="2025-Q4")
    assert q4.status == "missed"
    assert ComplianceRow.objects.filter(post=org.gh_post, year=2026, period="2026-Q1", status="open").exists()


def test_the_command_reports_and_refuses_bad_days(emails):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2025-06-20", "--days", "14,3", stdout=out)
    assert "reminders" in out.getvalue()
    with pytest.raises(CommandError, match="--days"):
        call_command("send_reminders", "--days", "soon")


def test_the_daily_job_removes_the_kept_files_of_refused_forms_older_than_a_day(emails, settings, samples):
    import os
    import time
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from zeren import evidence

    official, _city = emails
    _token, [old] = evidence.keep([SimpleUploadedFile("old.pdf", samples.pdf)], user_id=official.pk)
    token, [fresh] = evidence.keep([SimpleUploadedFile("fresh.png", samples.png)], user_id=official.pk)
    media = Path(settings.MEDIA_ROOT)
    then = time.time() - 25 * 3600
    os.utime(media / old.stored, (then, then))
    out = io.StringIO()
    call_command("send_reminders", "--date", "2025-06-20", stdout=out)
    assert "1 stale kept evidence files removed" in out.getvalue()
    assert not (media / old.stored).exists()
    assert evidence.kept_files(token, user_id=official.pk) == [fresh]
    assert send_reminders(today=dt.date(2025, 6, 21)).stale_files_removed == 0
