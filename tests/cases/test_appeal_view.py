"""The written appeal (CZ-29): the appellant list offers only the officials the user may file for, and
filing for each of them is accepted (never a 403 for a person the page offered)."""

from __future__ import annotations

import re

import pytest

from cases.helpers import decide, fresh, to_determined
from zeren.cases import services
from zeren.cases.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_case(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {subject.pk: [("admonishment", "")]})
    services.case_step(actor=discipline, case=case, expected_version=fresh(case).version, step="publish")
    return fresh(case)


def _offered(page: str) -> list[int]:
    select = re.search(r'<select id="ap-subject" name="subject">(.*?)</select>', page, re.S)
    assert select is not None, "no appeal form"
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))]


def _file(client, case, subject_pk):
    return client.post(
        f"/cases/{case.pk}/appeal/",
        {"version": fresh(case).version, "subject": subject_pk, "filed_on": "2025-03-05", "grounds": "不服"},
    )


def test_an_official_is_offered_only_themselves_and_may_file(client, published_case, wujin, make_user):
    own = make_user("deputy", role="official", jurisdiction=wujin.jurisdiction, person=wujin.deputy_for_safety)
    client.force_login(own)
    offered = _offered(client.get(f"/cases/{published_case.pk}/").content.decode())
    assert offered == [published_case.subjects.get(person=wujin.deputy_for_safety).pk]
    assert _file(client, published_case, offered[0]).status_code == 302
    assert Appeal.objects.get().subject.person == wujin.deputy_for_safety


def test_a_decider_is_offered_the_officials_the_decision_concerns_and_may_file_for_each(
    client, published_case, discipline
):
    client.force_login(discipline)
    offered = _offered(client.get(f"/cases/{published_case.pk}/").content.decode())
    assert offered
    for pk in offered:
        response = _file(client, fresh(published_case), pk)
        assert response.status_code != 403
        Appeal.objects.all().delete()
        published_case.refresh_from_db()
        if published_case.state != "published":
            type(published_case).objects.filter(pk=published_case.pk).update(state="published")


def test_filing_for_another_official_is_refused(client, published_case, wujin, make_user):
    own = make_user("deputy", role="official", jurisdiction=wujin.jurisdiction, person=wujin.deputy_for_safety)
    other = published_case.subjects.exclude(person=wujin.deputy_for_safety).first()
    client.force_login(own)
    assert _file(client, published_case, other.pk).status_code == 403
    assert not Appeal.objects.exists()
