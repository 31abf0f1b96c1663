"""The annual assessment in Chromium: the city office opens it and sees the pre-filled deductions
linked to their sources; the county self-assesses and submits; the office returns it once, then
accepts and approves; the results are published — the public page and the 通报 .docx show them; the
neighbouring county's office gets 403/404 on every assessment route."""

import io
from pathlib import Path

import pytest
from docx import Document

from accidents.factories import bind, leaders, register
from browser.shots import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def as_user(browser, live_server, user, width=1366):
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("form:has(#id_username) button[type=submit]")
    tab.wait_for_load_state()
    return tab


def test_open_prefill_self_assess_return_approve_publish(browser, live_server, world, city_office, office_a, office_b):
    from zeren.assessments import services
    from zeren.assessments.models import AssessmentEntry
    from zeren.records.triggers import recompute_scope

    bind(world)
    leaders(world.county_a)
    leaders(world.county_b, names="子丑寅卯辰巳")
    recompute_scope(post_ids=[], jurisdiction_ids=[world.city.pk], years=[2025])
    accident = register(city_office, world.township_a, title="湖塘镇某厂较大事故", deaths=3)

    # The city office opens the 2025 assessment under the 常州 scheme.
    office = as_user(browser, live_server, city_office)
    office.goto("/assessments/")
    office.click("[data-testid=open-assessment]")
    office.select_option("#id_scheme", "changzhou-demo-2025")
    office.fill("#id_year", "2025")
    office.click("[data-testid=create-form] button[type=submit]")
    office.wait_for_load_state()
    assert office.get_by_test_id("assessment-state").inner_text() == "草稿"
    assessment_url = office.url
    office.click("[data-testid=entry-320412] a")
    office.wait_for_load_state()
    entry_url = office.url
    # pre-filled deductions, each linked to its source
    accident_item = office.get_by_test_id("item-2.1")
    assert "较大事故" in accident_item.inner_text()
    assert accident_item.locator("[data-testid=source]").get_attribute("href") == f"/accidents/{accident.pk}/"
    meeting = office.get_by_test_id("item-1.2").locator("[data-testid=source]").first
    assert meeting.get_attribute("href") == "/records/posts/320412-GH/?year=2025"
    assert "未履行" in meeting.inner_text()
    shot(office, "entry-office-1366")
    accident_item.locator("[data-testid=source]").click()
    office.wait_for_load_state()
    assert office.get_by_test_id("accident-title").inner_text() == "湖塘镇某厂较大事故"
    office.goto(assessment_url)
    office.click("[data-testid=open]")
    office.wait_for_load_state()
    assert office.get_by_test_id("assessment-state").inner_text() == "自评中"
    shot(office, "assessment-1366")

    # The county self-assesses an item with evidence and submits.
    county = as_user(browser, live_server, office_a)
    county.goto("/assessments/")
    county.click("[data-testid=my-entries] a")
    county.wait_for_load_state()
    assert county.url.endswith(entry_url[entry_url.index("/assessments/") :])
    form = county.get_by_test_id("self-score-3.3")
    county.get_by_test_id("item-3.3").locator("summary").click()
    form.locator("input[name=score]").fill("9.5")
    form.locator("textarea[name=evidence]").fill("公安交管部门考核表")
    form.locator("button[type=submit]").click()
    county.wait_for_load_state()
    assert county.get_by_test_id("item-3.3").get_by_test_id("item-score").inner_text().startswith("9.5")
    county.click("[data-testid=submit]")
    county.wait_for_load_state()
    assert county.get_by_test_id("entry-state").inner_text() == "已提交"

    # The office returns it once, with a reason.
    office.goto(entry_url)
    office.click("details:has([data-testid=return-form]) summary")
    office.fill("#return-reason", "道路交通项目缺少考核表原件")
    office.click("[data-testid=return]")
    office.wait_for_load_state()
    assert office.get_by_test_id("entry-state").inner_text() == "已退回"

    # The county sees why, and submits again.
    county.goto(entry_url)
    assert "缺少考核表原件" in county.get_by_test_id("return-reason").inner_text()
    county.click("[data-testid=submit]")
    county.wait_for_load_state()
    assert county.get_by_test_id("entry-state").inner_text() == "已提交"

    # The office accepts and approves; 新北区 (not the subject here) goes through the service.
    office.goto(entry_url)
    office.click("[data-testid=accept]")
    office.wait_for_load_state()
    office.click("[data-testid=approve]")
    office.wait_for_load_state()
    assert office.get_by_test_id("entry-state").inner_text() == "已审定"
    wujin = AssessmentEntry.objects.get(jurisdiction=world.county_a)
    xinbei = AssessmentEntry.objects.get(jurisdiction=world.county_b)
    xinbei = services.entry_submit(actor=office_b, entry=xinbei, expected_version=xinbei.version)
    xinbei = services.entry_accept(actor=city_office, entry=xinbei, expected_version=xinbei.version)
    services.entry_approve(actor=city_office, entry=xinbei, expected_version=xinbei.version)
    office.goto(assessment_url)
    office.fill("#doc-number", "常安委〔2026〕1号")
    office.click("[data-testid=publish]")
    office.wait_for_load_state()
    assert office.get_by_test_id("assessment-state").inner_text() == "已公布"

    # The 通报 shows the result.
    with office.expect_download() as download:
        office.click("[data-testid=notice]")
    text = "\n".join(p.text for p in Document(io.BytesIO(Path(download.value.path()).read_bytes())).paragraphs)
    tables = Document(io.BytesIO(Path(download.value.path()).read_bytes())).tables
    cells = [c.text for row in tables[0].rows for c in row.cells]
    wujin.refresh_from_db()
    assert "关于2025年度安全生产目标责任考核结果的通报" in "".join(text.split())
    assert "武进区" in cells and wujin.grade_label in cells

    # The public page, for everyone.
    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto("/assessments/public/")
    public.click("[data-testid=published] a")
    public.wait_for_load_state()
    row = public.get_by_test_id("result-320412").inner_text()
    assert "武进区" in row and wujin.grade_label in row
    shot(public, "public-1366")

    # The neighbouring county gets 403/404 on every assessment route of 武进区's entry and the city's assessment.
    neighbour = as_user(browser, live_server, office_b)
    entry_path = entry_url[entry_url.index("/assessments/") :]
    assessment_path = assessment_url[assessment_url.index("/assessments/") :]
    entry_routes = ("", "self-score/", "submit/", "adjust/", "accept/", "return/", "approve/")
    paths = [entry_path + suffix for suffix in entry_routes]
    paths += [assessment_path + suffix for suffix in ("", "prefill/", "open/", "approve/", "publish/", "notice.docx")]
    for path in paths:
        assert neighbour.request.get(path).status in (403, 404), path
        assert neighbour.request.post(path).status in (403, 404), path

    # The entry page on a phone.
    phone = as_user(browser, live_server, office_a, width=390)
    phone.goto(entry_url)
    shot(phone, "entry-county-390")
