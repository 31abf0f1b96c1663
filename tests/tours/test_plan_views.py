"""The rounds: the list, planning a round, its group and tours (/tours/, /tours/new/, /tours/rounds/…)."""

import pytest
from django.urls import reverse

from tours.helpers import org, planned
from zeren.tours.models import GroupMember, Tour, TourPlan

pytestmark = pytest.mark.django_db


def test_the_city_office_plans_a_round(client, world, city_office):
    org(world)
    client.force_login(city_office)
    page = client.get(reverse("tours:plan_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("tours:plan_new"),
        {
            "organiser": world.city.code,
            "year": 2025,
            "round": 2,
            "kind": "special",
            "title": "危化品专项巡查",
            "start": "2025-09-01",
            "end": "2025-09-20",
        },
    )
    plan = TourPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("tours:plan", kwargs={"tour_plan_id": plan.pk})
    assert "危化品专项巡查" in client.get(reverse("tours:index")).content.decode()


def test_a_bad_round_changes_nothing_and_says_why(client, world, city_office):
    org(world)
    client.force_login(city_office)
    response = client.post(
        reverse("tours:plan_new"),
        {
            "organiser": world.city.code,
            "year": 2025,
            "round": 1,
            "kind": "regular",
            "title": "x",
            "start": "2025-09-20",
            "end": "2025-09-01",
        },
    )
    assert response.status_code == 400
    assert "结束" in response.content.decode()
    response = client.post(reverse("tours:plan_new"), {"organiser": "999999", "year": "x"})
    assert response.status_code == 400
    assert not TourPlan.objects.exists()


def test_an_official_cannot_plan(client, world, official_a):
    client.force_login(official_a)
    assert client.get(reverse("tours:plan_new")).status_code == 403


def test_the_round_page_adds_members_and_tours(client, world, city_office):
    t = planned(world, city_office, feedback=False)
    client.force_login(city_office)
    url = reverse("tours:plan", kwargs={"tour_plan_id": t.plan.pk})
    page = client.get(url).content.decode()
    assert "组长" in page and t.city.deputy_for_safety.name in page
    response = client.post(
        reverse("tours:member_add", kwargs={"tour_plan_id": t.plan.pk}),
        {"version": t.plan.version, "person": t.city.head.pk, "role": "expert"},
    )
    assert response.status_code == 302
    t.plan.refresh_from_db()
    response = client.post(
        reverse("tours:tour_add", kwargs={"tour_plan_id": t.plan.pk}),
        {"version": t.plan.version, "target": t.county_b.government.code, "start": "2025-04-14", "end": "2025-04-18"},
    )
    assert response.status_code == 302
    assert Tour.objects.count() == 2 and GroupMember.objects.count() == 3


def test_bad_members_and_tours_change_nothing(client, world, city_office):
    t = planned(world, city_office, feedback=False)
    client.force_login(city_office)
    response = client.post(
        reverse("tours:member_add", kwargs={"tour_plan_id": t.plan.pk}),
        {"version": t.plan.version, "person": t.city.head.pk, "role": "leader"},
    )
    assert response.status_code == 400 and "组长" in response.content.decode()
    response = client.post(
        reverse("tours:tour_add", kwargs={"tour_plan_id": t.plan.pk}),
        {"version": t.plan.version, "target": t.county_b.government.code, "start": "2026-04-14", "end": "2026-04-18"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("tours:tour_add", kwargs={"tour_plan_id": t.plan.pk}),
        {
            "version": t.plan.version - 1,
            "target": t.county_b.government.code,
            "start": "2025-04-14",
            "end": "2025-04-18",
        },
    )
    assert response.status_code == 409
    assert Tour.objects.count() == 1 and GroupMember.objects.count() == 2


def test_the_toured_county_sees_the_round_but_cannot_change_it(client, world, city_office, office_a, office_b):
    t = planned(world, city_office, feedback=False)
    url = reverse("tours:plan", kwargs={"tour_plan_id": t.plan.pk})
    client.force_login(office_a)
    page = client.get(url)
    assert page.status_code == 200 and "member-form" not in page.content.decode()
    assert (
        client.post(
            reverse("tours:member_add", kwargs={"tour_plan_id": t.plan.pk}),
            {"version": 1, "person": t.county_a.head.pk, "role": "member"},
        ).status_code
        == 403
    )
    client.force_login(office_b)
    assert client.get(url).status_code == 403


def test_the_pages_need_a_login(client, world):
    for name in ("tours:index", "tours:items", "tours:findings", "tours:cycle_home", "tours:plan_new"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_index_lists_only_the_rounds_the_user_sees(client, world, city_office, office_b):
    planned(world, city_office, feedback=False)
    client.force_login(office_b)
    page = client.get(reverse("tours:index")).content.decode()
    assert "2025年第一轮安全生产巡查" not in page and "plan-new" in page
