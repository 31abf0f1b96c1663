"""Supervision tickets in Chromium: the city office issues a ticket on 26 September 2025 with 10 working
days; its due date skips 国庆 (1–8 October) and counts the adjusted working Sunday 28 September and
Saturday 11 October; after the due date the county office's request for an extension is refused with
a clear message. Screenshots at 1366 and 390 px go to the run's screenshots folder (browser/shots.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from browser.shots import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def open_as(browser, live_server, user, *, width=1366):
    user.set_password(PASSWORD)
    user.save()
    tab = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900}
    ).new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]:has-text('登录')")
    tab.wait_for_load_state()
    return tab


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    state = {"day": dt.date(2025, 9, 26)}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: state["day"])
    return state


@pytest.fixture
def county_gov(world):
    from zeren.org.models import Body

    return Body.objects.create(code="320412-ZF", name="武进区人民政府", jurisdiction=world.county_a, kind="government")


def test_a_ticket_due_across_guoqing_and_an_extension_asked_too_late(
    browser, live_server, city_office, office_a, county_gov, today
):
    city = open_as(browser, live_server, city_office)
    city.goto("/supervision/")
    city.get_by_test_id("new-ticket").click()
    city.fill("#id_title", "落实化工园区储罐区整改")
    city.fill("#id_requirement", "按市安委会第3次全体会议要求逐项整改，按期报告")
    city.select_option("#id_source_kind", "meeting")
    city.fill("#id_source_label", "市安委会第3次全体会议")
    city.locator(".ts-wrapper", has=city.locator("#id_lead_body-ts-control")).locator(".ts-control").click()
    city.keyboard.type("武进区人民政府")
    city.locator(".ts-dropdown .option", has_text="武进区人民政府").first.click()
    city.fill("#id_issued_on", "2025-09-26")
    city.fill("#id_working_days", "10")
    expect(city.locator("#id_working_days")).to_have_value("10")  # the form's own 15 replaced before it is sent
    expect(city.locator("#id_issued_on")).to_have_value("2025-09-26")
    city.get_by_test_id("issue").click()
    expect(city.get_by_test_id("due-on")).to_contain_text("2025-10-16")
    expect(city.get_by_test_id("due-on")).to_contain_text("10月16日（周四）")
    explained = city.get_by_test_id("count-explained")
    expect(explained).to_contain_text("跳过国庆节、中秋节：10月1日（周三）至10月8日（周三），放假8天。")
    expect(explained).to_contain_text("9月28日（周日）、10月11日（周六）")
    expect(explained).to_contain_text("国办发明电〔2024〕12号")
    shot(city, "ticket-1366")

    today["day"] = dt.date(2025, 10, 20)
    county = open_as(browser, live_server, office_a, width=390)
    county.goto("/supervision/")
    county.get_by_role("link", name="常州市督〔2025〕1号").click()
    expect(county.get_by_test_id("overdue")).to_be_visible()
    form = county.get_by_test_id("extension-form")
    form.locator("textarea[name=reason]").fill("需第三方检测")
    form.get_by_test_id("ask-extension").click()
    expect(county.get_by_test_id("problems")).to_contain_text(
        "办理期限已于2025年10月16日届满：延期须在期限届满前申请，现已不能申请延期。"
    )
    shot(county, "ticket-refused-390")

    from zeren.supervision.models import Extension, Ticket

    assert not Extension.objects.exists()
    assert Ticket.objects.get().due_on == dt.date(2025, 10, 16)


def test_a_listed_hazard_page_and_its_public_page_read_in_chinese(browser, live_server, office_a, world, today):
    from zeren.org.models import Body, Person
    from zeren.records.models import Hazard, PerformanceRecord
    from zeren.supervision import services

    bureau = Body.objects.create(
        code="320412-YJ",
        name="武进区应急管理局",
        jurisdiction=world.county_a,
        kind="department",
        department_kind="key_regulator",
    )
    leader = Person.objects.create(name="武进区副区长甲", jurisdiction=world.county_a)
    record = PerformanceRecord.objects.create(
        activity="led_inspection", occurred_on=dt.date(2025, 9, 1), jurisdiction=world.county_a, created_by=office_a
    )
    hazard = Hazard.objects.create(record=record, description="储罐区防火间距不足", rectify_by=dt.date(2025, 12, 31))
    listing = services.listing_create(
        actor=office_a,
        hazard=hazard,
        notice_number="武安委督〔2025〕1号",
        title="储罐区防火间距不足",
        measures="拆除违建，恢复防火间距",
        responsible_body=bureau,
        responsible_leader=leader,
        listed_on=dt.date(2025, 9, 26),
        deadline=dt.date(2025, 12, 31),
    )
    for width in (1366, 390):
        tab = open_as(browser, live_server, office_a, width=width)
        tab.goto(f"/supervision/hazards/{listing.pk}/")
        expect(tab.get_by_test_id("publication")).to_contain_text("应于2025-10-10前")
        shot(tab, f"listing-{width}")
    tab.get_by_test_id("publish-form").get_by_role("button").click()
    expect(tab.get_by_test_id("messages")).to_contain_text("已登记公布情况")
    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto("/supervision/hazards/public/")
    expect(public.get_by_test_id("public-listings")).to_contain_text("武安委督〔2025〕1号")
    shot(public, "public-1366")
