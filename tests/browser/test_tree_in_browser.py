"""The tree as a county office user sees it in Chromium."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_office_user_logs_in_and_sees_only_their_county(page, log_in, office_a):
    log_in(office_a)
    assert re.search(r"/records/dashboard/320412/$", page.url)  # the office lands on its dashboard
    page.goto("/org/")
    assert re.search(r"/org/320412/$", page.url)
    assert page.get_by_test_id("node-name").inner_text() == "武进区"
    tree = page.get_by_test_id("tree").inner_text()
    assert "湖塘镇" in tree
    assert "牛塘镇" in tree
    assert "新北区" not in page.content()
    assert "常州市" not in page.content()
    assert "安委办" in page.get_by_test_id("who").inner_text()


def test_a_neighbouring_county_user_gets_403_on_the_first_countys_page(page, log_in, office_b):
    log_in(office_b)
    response = page.goto("/org/320412/")
    assert response.status == 403
    assert page.url.endswith("/org/320412/")  # no redirect, so no login loop
    assert "您无权查看此页面" in page.get_by_test_id("forbidden").inner_text()
    assert "湖塘镇" not in page.content()


def test_a_user_can_switch_to_english_and_log_out(page, log_in, office_a):
    log_in(office_a)
    page.goto("/org/320412/")
    page.select_option("#lang-select", "en")
    page.click("button:has-text('切换')")
    page.wait_for_load_state()
    assert "Township or street" in page.content()
    page.click("button:has-text('Log out')")
    page.wait_for_load_state()
    assert "/org/" not in page.url  # back on the front page
    assert page.get_by_role("link", name="Log in").is_visible()
