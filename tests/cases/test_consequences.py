"""Decided measures put restrictions on the person, which follow them across transfers."""

import datetime

import pytest

from cases.helpers import decide, to_determined
from zeren.cases import services
from zeren.cases.consequences import restrictions_for
from zeren.cases.dossier import dossier_for
from zeren.org.models import Appointment, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def dismissed(office_a, discipline, case_a, wujin):
    """武进区's deputy for safety dismissed (免职) on 2025-03-01 under 常州."""
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {subject.pk: [("dismissal", "")]}, on=datetime.date(2025, 3, 1))
    return wujin.deputy_for_safety


def by_kind(person, on):
    return {r.kind: r for r in restrictions_for(person, datetime.date.fromisoformat(on))}


def test_dismissal_bars_an_equivalent_post_for_one_year_and_promotion_for_two(dismissed):
    rows = by_kind(dismissed, "2025-06-01")
    assert rows["no_equivalent_post"].until == datetime.date(2026, 3, 1)
    assert "no_equivalent_post" not in by_kind(dismissed, "2026-03-01")
    # The accident brings the one-vote veto, whose period the text leaves open: its no-promotion
    # outlasts the 2 years of 免职 until a body sets its end (it was merged into them — issue 12).
    assert rows["no_promotion"].until is None
    assert {"CZ-30", "CZ-22"} <= set(rows["no_promotion"].cites)
    assert "no_promotion" in by_kind(dismissed, "2030-01-01")


def test_an_end_set_for_the_veto_before_the_dismissals_two_years_leaves_the_two_years(dismissed, organisation):
    row = by_kind(dismissed, "2025-06-01")["no_promotion"]
    services.restriction_set_end(actor=organisation, restriction=row, until=datetime.date(2026, 3, 1), basis="一年")
    row.refresh_from_db()
    assert row.until == datetime.date(2027, 3, 1)
    assert "no_promotion" in by_kind(dismissed, "2027-02-28")
    assert "no_promotion" not in by_kind(dismissed, "2027-03-01")


def test_the_dossier_answers_no_to_promotion_on_2026_06_01_citing_changzhou_article_30(dismissed, organisation):
    row = by_kind(dismissed, "2025-06-01")["no_promotion"]
    services.restriction_set_end(actor=organisation, restriction=row, until=datetime.date(2027, 3, 1), basis="二年")
    dossier = dossier_for(dismissed, datetime.date(2026, 6, 1))
    promotion = next(a for a in dossier.answers if a.kind == "promotion")
    assert promotion.may is False
    assert "常州 第三十条" in [a["label"] for a in promotion.articles]
    assert any("2027-03-01" in reason for reason in promotion.reasons)
    assert {r.restriction.kind for r in dossier.in_force} >= {"no_promotion"}
    assert "no_equivalent_post" not in {r.restriction.kind for r in dossier.in_force}


def test_the_restrictions_follow_the_person_after_a_transfer(dismissed, bound):
    appointment = Appointment.objects.get(person=dismissed)
    appointment.end, appointment.end_reason = datetime.date(2025, 3, 1), "removed"
    appointment.save()
    other = Post.objects.get(code=f"{bound.county_a.code}-GD2")
    Appointment.objects.create(
        person=dismissed, post=other, start=datetime.date(2025, 6, 1), start_reason="transferred"
    )
    assert "no_promotion" in by_kind(dismissed, "2026-01-01")


def test_the_person_page_lists_the_restrictions(client, dismissed, organisation):
    client.force_login(organisation)
    response = client.get(f"/org/people/{dismissed.pk}/")
    assert response.status_code == 200
    assert "2026-03-01" in response.content.decode()
