"""The selectors other apps use (findings_for, open_rectification_items) and the access rule: the
toured county sees its own tour, the city what it toured, a neighbour nothing."""

import pytest

from tours.helpers import D, planned, rectifying, reported_done
from zeren.tours import selectors, services

pytestmark = pytest.mark.django_db


def test_findings_for_gives_a_jurisdiction_s_findings_of_a_year(world, city_office):
    planned(world, city_office)
    assert [f.number for f in selectors.findings_for(world.city, 2025)] == [1, 2]
    assert selectors.findings_for(world.county_a, 2025).count() == 2
    assert selectors.findings_for(world.county_b, 2025).count() == 0
    assert selectors.findings_for(world.city, 2024).count() == 0


def test_open_rectification_items_leaves_out_the_signed_off(world, city_office, office_a):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a)
    item = reported_done(items[0], office_a)
    services.item_close(actor=city_office, item=item, expected_version=item.version, closed_on=D(2025, 6, 2))
    assert [i.pk for i in selectors.open_rectification_items(world.county_a, 2025)] == [items[1].pk]
    assert selectors.open_rectification_items(world.county_a, 2024).count() == 0
    assert selectors.is_overdue(items[1], D(2025, 9, 1))


def test_the_toured_county_and_the_city_see_the_tour_the_neighbour_does_not(world, city_office, office_a, office_b):
    t = planned(world, city_office)
    rectifying(t, office_a)
    for user, n in ((city_office, 1), (office_a, 1), (office_b, 0)):
        assert selectors.tours_for(user).count() == n
        assert selectors.tour_plans_for(user).count() == n
        assert selectors.tour_findings_for(user).count() == 2 * n
        assert selectors.rectification_items_for(user).count() == 2 * n
