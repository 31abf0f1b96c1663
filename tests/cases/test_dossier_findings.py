"""The dossier lists the inspection tours' findings naming the person as responsible, with their
rectification state on the dossier's date (河北 第十四条: tour results are a reference for
assessment, rewards and use)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tours.helpers import planned, rectifying, reported_done
from zeren.cases.dossier import dossier_for
from zeren.tours import services as tours

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_finding_naming_the_official_is_listed_with_its_rectification(world, city_office, office_a):
    toured = planned(world, city_office)  # finding 1 names the deputy for safety, finding 2 an enterprise
    named = toured.tour.findings.get(number=1)
    (before,) = dossier_for(toured.county_a.deputy_for_safety, D(2025, 5, 1)).findings
    assert before.finding == named
    assert (before.items, before.rectified) == (0, False)
    _plan, items = rectifying(toured, office_a, deadline=D(2025, 8, 31))
    item = next(i for i in items if i.finding_id == named.pk)
    late = dossier_for(toured.county_a.deputy_for_safety, D(2025, 9, 15)).findings[0]
    assert (late.items, late.signed_off, late.overdue, late.rectified) == (1, 0, 1, False)
    item = reported_done(item, office_a, on=D(2025, 6, 1))
    tours.item_close(actor=city_office, item=item, expected_version=item.version, closed_on=D(2025, 6, 5))
    done = dossier_for(toured.county_a.deputy_for_safety, D(2025, 9, 15)).findings[0]
    assert (done.rectified, done.last_signed_off, done.overdue) == (True, D(2025, 6, 5), 0)
    # on a day before the sign-off, the dossier shows the item as it stood then
    assert dossier_for(toured.county_a.deputy_for_safety, D(2025, 6, 2)).findings[0].rectified is False
    assert dossier_for(toured.county_a.secretary, D(2025, 9, 15)).findings == []


def test_the_dossier_page_shows_the_finding_and_links_to_it(world, city_office, organisation, client):
    toured = planned(world, city_office)
    named = toured.tour.findings.get(number=1)
    client.force_login(organisation)
    url = reverse("cases:dossier", kwargs={"person": toured.county_a.deputy_for_safety.pk})
    page = client.get(url, {"on": "2025-06-01"}).content.decode()
    assert 'data-testid="dossier-finding"' in page
    assert f"{reverse('tours:tour', kwargs={'tour_id': toured.tour.pk})}#finding-{named.pk}" in page
    assert "区政府常务会议全年未专题研究安全生产工作" in page
    assert "尚未列入整改清单" in page


def test_an_official_may_not_open_the_dossier(world, city_office, official_a, client):
    toured = planned(world, city_office)
    client.force_login(official_a)
    url = reverse("cases:dossier", kwargs={"person": toured.county_a.deputy_for_safety.pk})
    assert client.get(url).status_code == 403
