"""Assessment results feeding the rest, in Chromium: a case opened for an accident in a region rated
优秀 the year before shows 常州 第二十五条(三) with nobody typing the grade; the commendation list names
the official whose region was 优秀 three years within their term and not the one under a one-vote veto."""

from __future__ import annotations

import datetime
import re

import pytest

from accidents.factories import at, bind, leaders, register
from browser.shots import shot
from commendations.factories import publish
from commendations.helpers import veto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def as_user(browser, live_server, user, width=1366):
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("form:has(#id_username) button[type=submit]")
    tab.wait_for_load_state()
    return tab


def test_a_case_takes_last_years_excellent_grade_from_the_published_result(browser, live_server, world, office_a):
    bind(world)
    wujin = leaders(world.county_a)
    publish(world.county_a, 2024, "excellent", by=world.city)
    accident = register(
        office_a, world.county_a, title="武进区某工地坍塌事故", deaths=3, occurred_at=at("2025-02-10 09:30")
    )

    office = as_user(browser, live_server, office_a)
    office.goto(f"/accidents/{accident.pk}/")
    office.click("[data-testid=open-case]")
    office.wait_for_load_state()
    office.click("[data-testid=case-form] button[type=submit]")
    office.wait_for_load_state()
    assert re.search(r"/cases/\d+/$", office.url)
    office.click(f"[data-testid=official][data-person='{wujin.deputy_for_safety.name}'] a")
    office.wait_for_load_state()

    previous = office.get_by_test_id("previous-year")
    assert previous.get_attribute("data-source") == "published"
    assert "优秀" in previous.inner_text() and "2024" in previous.inner_text()
    assert office.locator("#id_previous_year_assessment").count() == 0  # nothing to type
    mitigation = office.locator("[data-testid=verdict] [data-part=mitigate]")
    assert mitigation.get_attribute("data-applies") == "yes"
    assert "常州 第二十五条 第（三）项" in mitigation.inner_text()
    shot(office, "case-previous-year-1366")


def test_where_zeren_holds_no_result_the_typed_grade_is_shown_as_entered_by_hand(browser, live_server, world, office_a):
    bind(world)
    wujin = leaders(world.county_a)
    accident = register(office_a, world.county_a, title="武进区某厂火灾", deaths=3, occurred_at=at("2025-02-10 09:30"))
    office = as_user(browser, live_server, office_a, width=390)
    office.goto(f"/accidents/{accident.pk}/")
    office.click("[data-testid=open-case]")
    office.wait_for_load_state()
    office.click("[data-testid=case-form] button[type=submit]")
    office.wait_for_load_state()
    office.click(f"[data-testid=official][data-person='{wujin.deputy_for_safety.name}'] a")
    office.wait_for_load_state()
    assert office.get_by_test_id("previous-year").get_attribute("data-source") == "none"
    office.select_option("#id_previous_year_assessment", "excellent")
    office.click("[data-testid=save]")
    office.wait_for_load_state()
    assert office.get_by_test_id("by-hand").inner_text() == "人工录入"
    assert office.locator("[data-testid=verdict] [data-part=mitigate]").get_attribute("data-applies") == "yes"
    shot(office, "case-by-hand-390")


def test_the_commendation_list_names_the_official_within_term_and_not_the_one_under_a_veto(
    browser, live_server, world, city_office, office_b, organisation
):
    bind(world)
    wujin = leaders(world.county_a)
    for year in (2023, 2024, 2025):
        publish(world.county_a, year, "excellent", by=world.city)
    veto(wujin.deputy_for_safety, wujin.posts["DS"], start=datetime.date(2025, 9, 10))

    for width in (1366, 390):
        office = as_user(browser, live_server, city_office, width=width)
        office.goto("/commendations/?year=2025&on=2026-03-01")
        eligible = office.get_by_test_id("eligible")
        assert wujin.secretary.name in eligible.inner_text()
        assert wujin.deputy_for_safety.name not in eligible.inner_text()
        assert "记功" in eligible.inner_text() and "嘉奖" in eligible.inner_text()
        refused = office.get_by_test_id("refused")
        assert wujin.deputy_for_safety.name in refused.inner_text()
        assert "一票否决" in refused.inner_text()
        refused.locator("summary:has-text('常州 第二十二条')").first.click()
        assert "取消考核评优和评选各类先进资格" in refused.inner_text()
        shot(office, f"commendations-{width}")

    # The organisation department's dossier shows the same check, and the region's results by year.
    dossier = as_user(browser, live_server, organisation)
    dossier.goto(f"/cases/dossier/{wujin.secretary.pk}/?on=2026-03-01")
    check = dossier.get_by_test_id("commendation")
    assert check.get_attribute("data-eligible") == "yes" and "记功" in check.inner_text()
    assert "优秀" in dossier.get_by_test_id("dossier-assessments").inner_text()
    shot(dossier, "dossier-1366")
    dossier.goto(f"/cases/dossier/{wujin.deputy_for_safety.pk}/?on=2026-03-01")
    check = dossier.get_by_test_id("commendation")
    assert check.get_attribute("data-eligible") == "no" and "一票否决" in check.inner_text()

    # The neighbouring county's office sees none of it.
    neighbour = as_user(browser, live_server, office_b)
    neighbour.goto("/commendations/?year=2025&on=2026-03-01")
    assert wujin.secretary.name not in neighbour.content()
    response = neighbour.goto("/commendations/?code=320412")
    assert response.status in (403, 404)
