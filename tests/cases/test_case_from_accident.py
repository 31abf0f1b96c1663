"""A case opened from an accident belongs by default to the level that investigates it (国务院令第493号
第十九条), and names as its officials the leaders of its jurisdiction and below only."""

from __future__ import annotations

import pytest

from accidents.factories import at, leaders, register
from zeren.cases.models import Case
from zeren.cases.services import case_open


@pytest.fixture
def township_accident(office_a, wujin, bound):
    """An ordinary accident (1 dead) in 湖塘镇, investigated by 武进区 (county level)."""
    leaders(bound.township_a, names="天地玄黄宇宙")
    return register(office_a, bound.township_a, title="湖塘镇某厂事故", deaths=1, occurred_at=at("2024-11-04 10:00"))


def _open(client, accident, jurisdiction):
    return client.post(
        f"/cases/new/?accident={accident.pk}",
        {
            "title": "问责",
            "jurisdiction": jurisdiction,
            "opened_by": "office",
            "facts_date": "",
            "proposal": "提请",
            "accident": accident.pk,
        },
    )


def test_a_case_from_a_township_accident_the_county_investigates_defaults_to_the_county(
    client, office_a, township_accident
):
    assert township_accident.investigating_level == "county"
    client.force_login(office_a)
    page = client.get(f"/cases/new/?accident={township_accident.pk}")
    assert page.context["form"].initial["jurisdiction"] == "320412"
    assert _open(client, township_accident, "320412").status_code == 302
    case = Case.objects.get()
    assert case.jurisdiction.code == "320412"
    posts = {s.post.code for s in case.subjects.all()}
    assert {"320412-PS", "320412-GH", "320412-DS", "320412100-PS"} <= posts  # the county's and the township's


def test_a_case_opened_at_the_township_names_only_the_townships_leaders(office_a, township_accident, bound):
    case = case_open(
        actor=office_a,
        jurisdiction=bound.township_a,
        title="问责",
        opened_by="office",
        proposal="",
        accident=township_accident,
        facts_date=None,
    )
    posts = {s.post.code for s in case.subjects.all()}
    assert posts and all(code.startswith("320412100-") for code in posts)


def test_a_township_office_defaults_to_the_highest_level_it_may_see(client, township_office, township_accident):
    client.force_login(township_office)
    page = client.get(f"/cases/new/?accident={township_accident.pk}")
    assert page.context["form"].initial["jurisdiction"] == "320412100"
