"""The tour cycle page: under 河北 a county not toured in two years is due; 常州 sets no cycle."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accidents.factories import bind, leaders
from zeren.tours import services

pytestmark = pytest.mark.django_db


def test_the_hebei_cycle_lists_a_county_not_toured_in_two_years_as_due(client, world, make_user):
    bind(world)
    shijiazhuang = world.province.children.get()
    zhengding = shijiazhuang.children.get()
    office = make_user("sjz-office", role="office", jurisdiction=shijiazhuang)
    city = leaders(shijiazhuang, names="石甲乙丙丁戊")
    county = leaders(zhengding, names="正甲乙丙丁戊")
    today = timezone.localdate()
    two_years_ago = dt.date(today.year - 2, 1, 15)
    plan = services.tour_plan_create(
        actor=office,
        organiser=shijiazhuang,
        year=two_years_ago.year,
        round=1,
        kind="regular",
        title="巡查",
        start=two_years_ago,
        end=two_years_ago,
    )
    services.tour_add(
        actor=office,
        plan=plan,
        expected_version=plan.version,
        target=county.party,
        start=two_years_ago,
        end=two_years_ago,
    )
    plan.refresh_from_db()
    services.tour_add(
        actor=office,
        plan=plan,
        expected_version=plan.version,
        target=city.safety_bureau,
        start=two_years_ago,
        end=two_years_ago,
    )
    client.force_login(office)
    page = client.get(reverse("tours:cycle", kwargs={"code": shijiazhuang.code})).content.decode()
    due = page.split('data-testid="due"')[1].split("</table>")[0]
    assert "中共正定县委员会" in due and "正定县人民政府" in due
    assert "河北 第十四条" in page


def test_changzhou_sets_no_cycle(client, world, city_office):
    bind(world)
    leaders(world.county_a)
    client.force_login(city_office)
    page = client.get(reverse("tours:cycle", kwargs={"code": world.city.code})).content.decode()
    assert 'data-testid="no-cycle"' in page and "武进区人民政府" in page


def test_the_cycle_of_a_neighbour_is_refused(client, world, office_a):
    client.force_login(office_a)
    assert client.get(reverse("tours:cycle", kwargs={"code": world.county_b.code})).status_code == 403
    assert client.get(reverse("tours:cycle_home")).url == reverse("tours:cycle", kwargs={"code": world.county_a.code})
