"""The site navigation: one item is highlighted, the one the page belongs to."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zeren.navigation import NavItem, current


def _highlighted(text: str) -> list[str]:
    nav = text[text.index('class="site-nav"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_the_longest_matching_item_is_the_current_one():
    items = [NavItem("My duties", "/records/"), NavItem("Records", "/records/all/"), NavItem("Home", "/")]
    assert current(items, "/records/all/") == "/records/all/"
    assert current(items, "/records/new/") == "/records/"
    assert current(items, "/org/") == ""


@pytest.mark.parametrize(
    ("page", "item"),
    [
        ("/records/all/", "/records/all/"),
        ("/records/", "/records/"),
        ("/records/dashboard/320412/", "/records/dashboard/"),
    ],
)
def test_a_page_highlights_one_item_only(client, official_a, office_a, page, item):
    user = office_a if "dashboard" in page else official_a
    client.force_login(user)
    response = client.get(page)
    assert response.status_code == 200
    assert _highlighted(response.text) == [item]


def test_the_person_search_highlights_people_not_posts(client, office_a):
    client.force_login(office_a)
    response = client.get(reverse("org:person_search"))
    assert _highlighted(response.text) == [reverse("org:person_search")]
