"""The accident pages: list, register, detail, and the POST forms, with their permissions."""

import pytest
from django.urls import reverse

from accidents.factories import register

pytestmark = pytest.mark.django_db


def test_the_office_registers_an_accident_through_the_form_and_sees_its_grade(client, office_a, wujin):
    client.force_login(office_a)
    response = client.post(
        reverse("accidents:create"),
        {
            "title": "武进区某建筑工地坍塌事故",
            "jurisdiction": "320412",
            "occurred_at": "2025-05-03T09:10",
            "kind": "other",
            "sector": "住房城乡建设",
            "enterprise": "某建设公司",
            "deaths": "2",
            "serious_injuries": "12",
            "missing": "0",
            "direct_loss_yuan": "0",
            "report_county": "2025-05-03T09:40",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.context["accident"].grade == "relatively_large"
    assert "武进区某建筑工地坍塌事故" in body
    assert page.context["responsibilities"]


def test_a_bad_form_is_shown_again_with_the_problems_and_nothing_is_created(client, office_a, wujin):
    from zeren.accidents.models import Accident

    client.force_login(office_a)
    response = client.post(reverse("accidents:create"), {"title": "", "jurisdiction": "320412", "deaths": "-1"})
    assert response.status_code == 200
    assert response.context["problems"]
    assert not Accident.objects.exists()


def test_an_official_may_not_register_accidents(client, official_a, wujin):
    client.force_login(official_a)
    assert client.get(reverse("accidents:create")).status_code == 403


def test_the_list_shows_only_the_users_subtree(client, office_a, office_b, wujin, xinbei):
    register(office_a, wujin.jurisdiction, title="武进事故", deaths=1)
    register(office_b, xinbei.jurisdiction, title="新北事故", deaths=1)
    client.force_login(office_a)
    body = client.get(reverse("accidents:list")).content.decode()
    assert "武进事故" in body and "新北事故" not in body


def test_a_neighbouring_county_gets_403_on_the_detail(client, office_a, office_b, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    client.force_login(office_b)
    assert client.get(reverse("accidents:detail", kwargs={"accident": accident.pk})).status_code == 403


def test_the_public_gets_the_login_page(client, office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    response = client.get(reverse("accidents:detail", kwargs={"accident": accident.pk}))
    assert response.status_code == 302 and "login" in response["Location"]


def test_casualties_form_regrades_and_says_so(client, office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2)
    client.force_login(office_a)
    response = client.post(
        reverse("accidents:casualties", kwargs={"accident": accident.pk}),
        {
            "deaths": "3",
            "serious_injuries": "0",
            "missing": "0",
            "direct_loss_yuan": "0",
            "changed_at": "2025-05-05T10:00",
            "reason": "伤者死亡",
        },
        follow=True,
    )
    accident.refresh_from_db()
    assert accident.grade == "relatively_large"
    assert [str(m) for m in response.context["messages"]]


def test_excluding_an_official_through_the_page(client, office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    row = accident.responsibilities.get(person=wujin.building_deputy)
    client.force_login(office_a)
    client.post(
        reverse("accidents:responsibility_include", kwargs={"responsibility": row.pk}),
        {"included": "0", "reason": "不属分管"},
    )
    row.refresh_from_db()
    assert row.included is False


def test_an_organisation_user_sees_but_may_not_edit(client, office_a, organisation, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    row = accident.responsibilities.first()
    client.force_login(organisation)
    assert client.get(reverse("accidents:detail", kwargs={"accident": accident.pk})).status_code == 200
    response = client.post(
        reverse("accidents:responsibility_include", kwargs={"responsibility": row.pk}), {"included": "0", "reason": "x"}
    )
    assert response.status_code == 403
