"""The dossier shows each year's published result of the jurisdiction the person served in, and the
commendation check (常州 第十九条, 第二十二条) with its reasons; the 述职 annex is linked per year."""

from __future__ import annotations

import datetime

import pytest

from commendations.factories import publish
from commendations.helpers import veto
from zeren.cases.dossier import dossier_for

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 1)


@pytest.fixture
def excellent(bound, wujin):
    for year in (2023, 2024, 2025):
        publish(bound.county_a, year, "excellent", by=bound.city)
    publish(bound.county_a, 2021, "good", by=bound.city)
    return wujin


def test_each_year_of_the_tenure_has_the_jurisdiction_result_or_says_there_is_none(excellent):
    dossier = dossier_for(excellent.secretary, ON)
    by_year = {a.year: a for a in dossier.assessments}
    assert sorted(by_year) == [2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert by_year[2025].result.grade_label == "优秀" and by_year[2021].result.grade_label == "良好"
    assert by_year[2022].result is None and by_year[2020].result is None
    assert dossier.report_years[:2] == [2026, 2025]


def test_the_commendation_check_is_shown_eligible_or_refused_under_a_veto(excellent):
    assert [c.eligible for c in dossier_for(excellent.secretary, ON).commendations] == [True]
    veto(excellent.secretary, excellent.posts["PS"], start=datetime.date(2025, 10, 1))
    (refused,) = dossier_for(excellent.secretary, ON).commendations
    assert refused.refused and "常州 第二十二条" in [a["label"] for a in refused.articles]


def test_the_dossier_page_shows_the_results_the_check_and_the_annex_links(client, organisation, excellent):
    client.force_login(organisation)
    body = client.get(f"/cases/dossier/{excellent.secretary.pk}/?on=2026-03-01").content.decode()
    assert 'data-testid="commendation" data-eligible="yes"' in body
    assert "常州 第十九条" in body
    assert body.count('data-testid="assessment-year"') == 7
    assert f"/cases/dossier/{excellent.secretary.pk}/duty-report.docx?year=2025" in body
