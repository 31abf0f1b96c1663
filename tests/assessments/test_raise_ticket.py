"""A ticket raised from a published assessment entry: the link for the assessing office, pre-filled
with the result as its source; the assessed county does not see it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from assessments.conftest import entry_of

pytestmark = pytest.mark.django_db


def _raise_link(page: str) -> str:
    marker = 'data-testid="raise-ticket"'
    assert marker in page
    tag = page[: page.index(marker)]
    href = tag[tag.rindex('href="') + 6 :]
    return href[: href.index('"')].replace("&amp;", "&")


def test_the_assessing_office_raises_a_ticket_from_a_published_entry(client, published, counties, city_office):
    wujin = entry_of(published, counties.world.county_a)
    client.force_login(city_office)
    page = client.get(reverse("assessments:entry", kwargs={"entry": wujin.pk})).content.decode()
    link = urlsplit(_raise_link(page))
    assert link.path == reverse("supervision:ticket_create")
    form = client.get(f"{link.path}?{link.query}").context["form"]
    assert form["source_kind"].value() == "assessment"
    assert "武进区" in form["source_label"].value() and wujin.grade_label in form["source_label"].value()
    assert form["source_reference"].value() == "常安委〔2026〕1号"


def test_no_raise_link_for_the_assessed_county(client, published, counties, office_a):
    wujin = entry_of(published, counties.world.county_a)
    client.force_login(office_a)
    page = client.get(reverse("assessments:entry", kwargs={"entry": wujin.pk})).content.decode()
    assert 'data-testid="raise-ticket"' not in page


def test_no_raise_link_on_an_unpublished_entry(client, assessment, counties, city_office):
    client.force_login(city_office)
    entry = entry_of(assessment, counties.world.county_a)
    page = client.get(reverse("assessments:entry", kwargs={"entry": entry.pk})).content.decode()
    assert 'data-testid="raise-ticket"' not in page
