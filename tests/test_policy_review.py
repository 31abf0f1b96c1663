"""The office reads a regulation article by article — its text, the rules, readings and YAML cases
that cite it, and whether zeren computes it — on the same page `zeren policy review ID` writes."""

from __future__ import annotations

import pytest

from zeren.org.bindings import registry
from zeren.policy.review import review_html

pytestmark = pytest.mark.django_db


def test_the_office_gets_the_review_page_of_a_pack(client, office_a):
    client.force_login(office_a)
    response = client.get("/policy/review/?pack=changzhou-2018")
    assert response.status_code == 200
    page = response.content.decode()
    assert page == review_html(registry().get("changzhou-2018"), registry=registry())
    assert '<article id="CZ-22">' in page and "在相关规定时限内" in page
    assert "<code>cz-22-veto</code>" in page and "cz-veto-period" in page


def test_the_index_lists_the_packs(client, office_a):
    client.force_login(office_a)
    page = client.get("/policy/review/").content.decode()
    assert "?pack=hebei-2018" in page and "规定条文、规则与测试案例对照" in page


def test_an_unknown_pack_is_404(client, office_a):
    client.force_login(office_a)
    assert client.get("/policy/review/?pack=nowhere-2020").status_code == 404


def test_other_roles_get_403_and_anonymous_users_the_login(client, official_a, discipline):
    for user in (official_a, discipline):
        client.force_login(user)
        assert client.get("/policy/review/?pack=changzhou-2018").status_code == 403
    client.logout()
    assert client.get("/policy/review/").status_code == 302
