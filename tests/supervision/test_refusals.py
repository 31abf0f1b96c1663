"""Every action refuses who may not act (403) and bad input (400), and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zeren.supervision.models import Extension, ListedHazard, Ticket

from .test_listings import list_it
from .test_ticket_services import issue

D = dt.date

TICKET_ACTIONS = ["ticket_extension", "ticket_extension_answer", "ticket_report", "ticket_review"]
LISTING_ACTIONS = ["listing_publish", "listing_extension", "listing_extension_answer", "listing_delist", "listing_poor"]


@pytest.fixture
def both(city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    return issue(city_office, org.county_gov), list_it(office_a, org)


@pytest.mark.parametrize("name", TICKET_ACTIONS)
def test_an_official_may_not_act_on_a_ticket(client, official_a, both, name):
    ticket, _listing = both
    client.force_login(official_a)
    response = client.post(
        reverse(f"supervision:{name}", kwargs={"ticket": ticket.pk}),
        {"version": "1", "working_days": "3", "reason": "x", "grant": "1", "accept": "1", "report": "x"},
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.version == 1 and not Extension.objects.exists()


@pytest.mark.parametrize("name", LISTING_ACTIONS)
def test_an_official_may_not_act_on_a_listing(client, official_a, both, name):
    _ticket, listing = both
    client.force_login(official_a)
    response = client.post(
        reverse(f"supervision:{name}", kwargs={"listing": listing.pk}),
        {
            "version": "1",
            "on": "2025-09-26",
            "new_deadline": "2025-12-31",
            "reason": "x",
            "grant": "1",
            "poor": "1",
            "note": "x",
        },
    )
    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.version == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("listing_publish", {"version": "1", "on": "not a date"}),
        ("listing_extension", {"version": "1", "new_deadline": "2025-09-01", "reason": "x"}),
        ("listing_extension", {"version": "1", "new_deadline": "", "reason": ""}),
        ("listing_extension_answer", {"version": "1", "grant": "1"}),
        ("listing_delist", {"version": "1", "on": "2030-01-01", "note": "x"}),
        ("listing_poor", {"version": "1", "poor": "1", "reason": ""}),
        ("listing_poor", {"version": "abc", "poor": "1", "reason": "x"}),
    ],
)
def test_bad_listing_input_is_refused_and_changes_nothing(client, office_a, both, name, data):
    _ticket, listing = both
    client.force_login(office_a)
    response = client.post(reverse(f"supervision:{name}", kwargs={"listing": listing.pk}), data)
    assert response.status_code == 400
    fresh = ListedHazard.objects.get(pk=listing.pk)
    assert fresh.version == 1 and not fresh.poor and not fresh.published and not Extension.objects.exists()


def test_a_stale_listing_form_is_a_conflict(client, office_a, both):
    _ticket, listing = both
    client.force_login(office_a)
    assert (
        client.post(
            reverse("supervision:listing_poor", kwargs={"listing": listing.pk}),
            {"version": "1", "poor": "1", "reason": "未按期整改"},
        ).status_code
        == 302
    )
    response = client.post(
        reverse("supervision:listing_publish", kwargs={"listing": listing.pk}), {"version": "1", "on": "2025-03-12"}
    )
    assert response.status_code == 409
    assert not ListedHazard.objects.get(pk=listing.pk).published


def test_a_stale_ticket_form_is_a_conflict(client, office_a, both):
    ticket, _listing = both
    client.force_login(office_a)
    url = reverse("supervision:ticket_extension", kwargs={"ticket": ticket.pk})
    assert client.post(url, {"version": "1", "working_days": "3", "reason": "检测"}).status_code == 302
    Extension.objects.all().delete()
    assert client.post(url, {"version": "1", "working_days": "3", "reason": "检测"}).status_code == 409
    assert Ticket.objects.get(pk=ticket.pk).version == 2
