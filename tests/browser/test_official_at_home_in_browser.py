"""An official at home on a phone: after login they land on 我的职责, confirm a record the office entered
for them, and a photo chosen on the record form survives a refused submission.

Screenshots of the pages (390 px and 1366 px wide) go to the run's screenshots folder (browser/shots.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from browser.shots import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


@pytest.fixture
def county(world, make_user, settings, tmp_path):
    """正定县's county head (an official) and office; the office entered a meeting for the head."""
    from django.utils import timezone

    from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
    from zeren.records.compliance import compliance_recompute
    from zeren.records.services import RecordInput, record_create

    settings.MEDIA_ROOT = tmp_path / "media"
    PolicyBinding.objects.create(jurisdiction=world.province, pack_id="hebei-2018", valid_from=dt.date(2018, 4, 8))
    zhengding = Jurisdiction.objects.get(code="130123")
    body = Body.objects.create(code="130123-ZF", name="正定县人民政府", jurisdiction=zhengding, kind="government")
    post = Post.objects.create(code="130123-GH", title="县长", body=body, role="government_head")
    person = Person.objects.create(name="赵立新", jurisdiction=zhengding)
    Appointment.objects.create(person=person, post=post, start=dt.date(2024, 3, 1))
    official = make_user("zd-official", role="official", jurisdiction=zhengding, person=person)
    office = make_user("zd-office", role="office", jurisdiction=zhengding)
    compliance_recompute(year=timezone.localdate().year)
    record_create(
        actor=office,
        data=RecordInput(activity="led_inspection", occurred_on=timezone.localdate(), leader_post=post, place="正定镇"),
    )
    return official, office


def _log_in(browser, live_server, user, viewport):
    user.set_password("browser-test-password")
    user.save()
    options = {"base_url": live_server.url, "locale": "zh-CN", "viewport": viewport}
    if viewport is PHONE:
        options.update(is_mobile=True, has_touch=True)
    tab = browser.new_context(**options).new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", "browser-test-password")
    tab.click("button[type=submit]:has-text('登录')")
    tab.wait_for_load_state()
    return tab


def test_the_official_lands_on_my_duties_and_confirms_the_record_the_office_entered(browser, live_server, county):
    official, _office = county
    desk = _log_in(browser, live_server, official, DESK)
    assert desk.url.endswith("/records/")
    shot(desk, "my-duties-1366")
    phone = _log_in(browser, live_server, official, PHONE)
    assert phone.url.endswith("/records/")
    item = phone.get_by_test_id("to-confirm-item")
    assert "待本人确认" in item.inner_text()
    shot(phone, "my-duties-390")
    item.get_by_test_id("confirm").click()
    phone.wait_for_load_state()
    assert "已确认" in phone.content()
    assert phone.get_by_test_id("to-confirm-item").count() == 0


def test_a_photo_chosen_on_the_phone_survives_a_refused_form(browser, live_server, county):
    from zeren.records.models import PerformanceRecord

    official, _office = county
    phone = _log_in(browser, live_server, official, PHONE)
    phone.goto("/records/new/")
    phone.set_input_files("#id_evidence", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
    phone.click("[data-testid=save]")  # no activity chosen: refused
    phone.wait_for_load_state()
    kept = phone.get_by_test_id("kept-evidence")
    assert "现场.png" in kept.inner_text()
    shot(phone, "record-form-kept-390")
    phone.select_option("#id_activity", "led_inspection")
    phone.click("[data-testid=save]")
    phone.wait_for_load_state()
    assert "现场.png" in phone.get_by_test_id("evidence").inner_text()
    assert PerformanceRecord.objects.filter(created_by=official).get().evidence.get().original_name == "现场.png"
