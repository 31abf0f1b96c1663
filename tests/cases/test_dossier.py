"""The dossier: duty compliance by year from zeren.records, accidents in the remit, answers."""

import datetime

import pytest

from zeren.cases.dossier import dossier_for
from zeren.org.models import Appointment
from zeren.records.models import ComplianceRow

pytestmark = pytest.mark.django_db


def row(appointment, period, start, end, status):
    return ComplianceRow.objects.create(
        appointment=appointment,
        post=appointment.post,
        person=appointment.person,
        jurisdiction=appointment.post.body.jurisdiction,
        role=appointment.post.role,
        year=start.year,
        obligation="cz.6.4.standing-committee",
        activity="standing_committee_meeting",
        period=period,
        period_start=start,
        period_end=end,
        required=1,
        done=1 if status == "met" else 0,
        status=status,
        policy_id="changzhou-2018",
        policy_version="t",
        computed_on=datetime.date(2026, 1, 10),
    )


def test_compliance_by_year_comes_from_the_stored_verdicts(wujin):
    appointment = Appointment.objects.get(person=wujin.secretary)
    row(appointment, "2025-H1", datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), "met")
    row(appointment, "2025-H2", datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), "missed")
    dossier = dossier_for(wujin.secretary, datetime.date(2026, 6, 1))
    (year,) = dossier.compliance
    assert (year.year, year.met, year.missed) == (2025, 1, 1)
    assert year.missed_items == ["2025-H2 cz.6.4.standing-committee"]


def test_without_stored_compliance_the_dossier_says_so(wujin):
    dossier = dossier_for(wujin.secretary, datetime.date(2026, 6, 1))
    assert dossier.compliance == []
    assert dossier.compliance_note


def test_accidents_in_the_remit_and_a_clean_record_answer_yes(accident_a, wujin):
    dossier = dossier_for(wujin.secretary, datetime.date(2026, 6, 1))
    assert [r["accident"].pk for r in dossier.accident_rows] == [accident_a.pk]
    assert all(a.may for a in dossier.answers)
    promotion = dossier.answers[0]
    assert "常州 第十六条" in [a["label"] for a in promotion.articles]


def test_an_open_case_is_a_caution_not_a_bar(case_a, wujin):
    dossier = dossier_for(wujin.secretary, datetime.date(2026, 6, 1))
    assert dossier.answers[0].may is True
    assert dossier.answers[0].cautions
