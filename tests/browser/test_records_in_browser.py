"""Duty performance in Chromium: an official records a led inspection with a photo on a phone and sees
the obligation turn met; the city office sees the county's rate change; bad dates and bad files are
refused with a clear message."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from browser.shots import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def zhengding(world, make_user):
    """正定县 (河北) with its county head held by an official since 2024-03-01, verdicts computed."""
    from django.utils import timezone

    from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
    from zeren.records.compliance import compliance_recompute

    PolicyBinding.objects.create(jurisdiction=world.province, pack_id="hebei-2018", valid_from=dt.date(2018, 4, 8))
    county = Jurisdiction.objects.get(code="130123")
    body = Body.objects.create(code="130123-ZF", name="正定县人民政府", jurisdiction=county, kind="government")
    post = Post.objects.create(code="130123-GH", title="县长", body=body, role="government_head")
    person = Person.objects.create(name="赵立新", jurisdiction=county)
    Appointment.objects.create(person=person, post=post, start=dt.date(2024, 3, 1))
    official = make_user("zd-official", role="official", jurisdiction=county, person=person)
    city_office = make_user("sjz-office", role="office", jurisdiction=Jurisdiction.objects.get(code="130100"))
    compliance_recompute(year=timezone.localdate().year)
    return official, city_office


def quarter_start(today: dt.date) -> dt.date:
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def county_rate(page) -> str:
    page.goto("/records/dashboard/130100/")
    return page.get_by_test_id("child-130123").locator(".rate-num").inner_text()


def open_as(browser, live_server, user, *, phone=False):
    """A logged-in tab for ``user``, phone-sized when asked."""
    user.set_password("browser-test-password")
    user.save()
    options = {"base_url": live_server.url, "locale": "zh-CN"}
    if phone:
        options.update(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = browser.new_context(**options).new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", "browser-test-password")
    tab.click("button[type=submit]:has-text('登录')")
    tab.wait_for_load_state()
    return tab


def test_an_official_records_an_inspection_with_a_photo_and_the_office_sees_the_rate_change(
    browser, live_server, zhengding
):
    from django.utils import timezone

    official, city_office = zhengding
    today = timezone.localdate()
    office = open_as(browser, live_server, city_office)
    before = county_rate(office)

    phone = open_as(browser, live_server, official, phone=True)
    phone.goto("/records/")
    due = phone.get_by_test_id("due-hb-6.3-inspection-county")
    assert due.get_by_test_id("status").inner_text() not in ("已履行", "Met")
    due.get_by_role("link").last.click()
    phone.wait_for_load_state()
    # The form fits a phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "record-form-phone")
    phone.select_option("#id_activity", "led_inspection")
    phone.fill("#id_occurred_on", quarter_start(today).isoformat())
    phone.fill("#id_place", "正定镇某化工企业")
    phone.set_input_files("#id_evidence", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
    phone.fill("#id_hazard_0", "消防通道堵塞")
    phone.fill("#id_hazard_0_by", (today + dt.timedelta(days=10)).isoformat())
    phone.click("[data-testid=save]")
    phone.wait_for_load_state()
    assert re.search(r"/records/\d+/$", phone.url)
    assert "现场.png" in phone.get_by_test_id("evidence").inner_text()
    assert phone.locator("[data-testid=evidence] img").count() == 1

    phone.goto("/records/")
    status = phone.get_by_test_id("due-hb-6.3-inspection-county").get_by_test_id("status").inner_text()
    assert status in ("已履行", "Met")

    after = county_rate(office)
    assert after != before, (before, after)


def test_a_date_outside_the_tenure_and_a_file_that_lies_about_its_type_are_refused(browser, live_server, zhengding):
    from zeren.records.models import PerformanceRecord

    official, _office = zhengding
    tab = open_as(browser, live_server, official)
    tab.goto("/records/new/")
    tab.select_option("#id_activity", "led_inspection")
    tab.fill("#id_occurred_on", "2024-01-15")
    tab.click("[data-testid=save]")
    tab.wait_for_load_state()
    problems = tab.get_by_test_id("problems").inner_text()
    assert "2024-01-15" in problems and "2024-03-01" in problems

    tab.fill("#id_occurred_on", "2024-06-03")
    tab.set_input_files(
        "#id_evidence", files=[{"name": "照片.jpg", "mimeType": "image/jpeg", "buffer": b"MZ\x90\x00program" * 40}]
    )
    tab.click("[data-testid=save]")
    tab.wait_for_load_state()
    problems = tab.get_by_test_id("problems").inner_text()
    assert "照片.jpg" in problems
    assert PerformanceRecord.objects.count() == 0
