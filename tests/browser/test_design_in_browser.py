"""The design system in Chromium: a treemap tile drills down in the same tab; under 600 px a wide table
is a column of cards and no page scrolls sideways; the screenshots of docs/design.md (dashboard, 我的职责,
a case, a record form at 1366 and 390 px) are taken here, into the run's screenshots folder (browser/shots.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from accidents.factories import at, bind, leaders, register
from browser.shots import shot
from browser.test_records_in_browser import zhengding  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


def tab_for(browser, live_server, user, width):
    """A logged-in tab ``width`` px wide (a phone's at 390); generous timeouts, the machine may be busy."""
    user.set_password("browser-test-password")
    user.save()
    options = {"base_url": live_server.url, "locale": "zh-CN", "viewport": WIDTHS[width]}
    if width == "390":
        options.update(is_mobile=True, has_touch=True)
    tab = browser.new_context(**options).new_page()
    tab.set_default_timeout(30_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", "browser-test-password")
    tab.click("button[type=submit]:has-text('登录')")
    tab.wait_for_load_state()
    return tab


def shoot(tab, name, width):
    """Wait for the charts, check that the page does not scroll sideways, and take the screenshot."""
    tab.wait_for_load_state("networkidle")
    overflow = tab.evaluate("document.documentElement.scrollWidth")
    assert overflow <= WIDTHS[width]["width"], (name, width, overflow)
    shot(tab, f"{name}-{width}")


def test_clicking_a_treemap_tile_opens_the_childs_dashboard_in_the_same_tab(browser, live_server, zhengding):  # noqa: F811
    _official, city_office = zhengding
    tab = tab_for(browser, live_server, city_office, "1366")
    tab.goto("/records/dashboard/130100/")
    child_rate = tab.get_by_test_id("child-130123").locator(".rate-num").inner_text()
    chart = tab.locator("#chart-children svg")
    chart.wait_for()
    popups = []
    tab.context.on("page", lambda page: popups.append(page))
    box = chart.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the county's tile: all of it
    tab.wait_for_url("**/records/dashboard/130123/**")
    tab.wait_for_load_state()
    assert "null" not in tab.url and "year=" in tab.url
    assert "正定县" in tab.get_by_test_id("dashboard-title").inner_text()
    assert tab.get_by_test_id("rate").inner_text().startswith(child_rate)
    assert popups == [] and len(tab.context.pages) == 1


@pytest.fixture
def case_with_officials(world, office_a):
    from zeren.cases import services

    bind(world)
    wujin = leaders(world.county_a)
    accident = register(
        office_a, wujin.jurisdiction, title="武进区某工地坍塌事故", deaths=3, occurred_at=at("2025-02-10 09:30")
    )
    return services.case_open(
        actor=office_a,
        jurisdiction=wujin.jurisdiction,
        title="武进区某工地坍塌事故责任追究",
        opened_by="office",
        proposal="建议对相关领导干部进行问责。",
        accident=accident,
        facts_date=dt.date(2025, 2, 10),
    )


def test_on_a_phone_the_case_officials_table_is_a_column_of_cards(browser, live_server, case_with_officials, office_a):
    tab = tab_for(browser, live_server, office_a, "390")
    tab.goto(f"/cases/{case_with_officials.pk}/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    row = tab.get_by_test_id("official").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cell = row.locator("td[data-label]").first
    label = cell.get_attribute("data-label")
    assert label and cell.evaluate("c => getComputedStyle(c, '::before').content") == f'"{label}"'
    assert row.bounding_box()["width"] <= 390
    assert tab.locator("[data-testid=officials] thead").bounding_box()["height"] <= 1  # the header is hidden
    wide = tab_for(browser, live_server, office_a, "1366")
    wide.goto(f"/cases/{case_with_officials.pk}/")
    assert wide.get_by_test_id("official").first.evaluate("r => getComputedStyle(r).display") == "table-row"


@pytest.mark.parametrize("width", ["1366", "390"])
def test_the_dashboard_my_duties_a_case_and_the_record_form_fit_the_screen(
    browser, live_server, zhengding, case_with_officials, office_a, width  # noqa: F811
):
    official, city_office = zhengding
    office = tab_for(browser, live_server, city_office, width)
    office.goto("/records/dashboard/130100/")
    office.locator("#chart-trend svg").wait_for()
    shoot(office, "dashboard", width)
    mine = tab_for(browser, live_server, official, width)
    mine.goto("/records/")
    shoot(mine, "my-duties", width)
    mine.goto("/records/new/")
    shoot(mine, "record-form", width)
    case = tab_for(browser, live_server, office_a, width)
    case.goto(f"/cases/{case_with_officials.pk}/")
    shoot(case, "case", width)


def test_the_lists_and_object_pages_do_not_scroll_sideways_on_a_phone(
    browser, live_server, zhengding, case_with_officials, office_a  # noqa: F811
):
    official, city_office = zhengding
    pages = {
        office_a: [
            "/cases/",
            "/accidents/",
            f"/accidents/{case_with_officials.accident_id}/",
            "/org/posts/",
            "/duties/j/320412/",
        ],
        official: ["/records/all/", "/records/posts/130123-GH/", "/records/calendar/"],
        city_office: ["/records/dashboard/130123/"],
    }
    for user, paths in pages.items():
        tab = tab_for(browser, live_server, user, "390")
        for path in paths:
            response = tab.goto(path)
            assert response.status == 200, path
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path
        tab.context.close()
