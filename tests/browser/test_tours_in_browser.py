"""A tour from plan to 销号, as the city office and the toured county's office do it in Chromium: the city
plans a tour of 武进区, records two findings and issues the 反馈 (.docx); 武进区 submits its
rectification plan; an item closed by its own rectifier is refused, closed by the city it is 销号; an
overdue item is escalated to the city, which finds it under "escalated to my jurisdiction"."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document

from browser.shots import shot
from tours.helpers import org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def as_user(browser, live_server, user, width=1366):
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("form:has(#id_username) button[type=submit]")
    tab.wait_for_load_state()
    return tab


def submit(tab, testid):
    tab.click(f"[data-testid={testid}] button[type=submit]")
    tab.wait_for_load_state()


def test_a_tour_from_plan_to_sign_off_and_escalation(browser, live_server, world, city_office, office_a):
    city, wujin, _xinbei = org(world)

    # The city office plans the round and the tour of 武进区人民政府, with its group.
    office = as_user(browser, live_server, city_office)
    office.goto("/tours/")
    office.click("[data-testid=plan-new]")
    office.wait_for_load_state()
    office.fill("#id_year", "2025")
    office.fill("#id_round", "1")
    office.select_option("#id_kind", "regular")
    office.fill("#id_title", "2025年第一轮安全生产巡查")
    office.fill("#id_start", "2025-04-01")
    office.fill("#id_end", "2025-04-30")
    submit(office, "plan-form")
    office.select_option("[data-testid=member-form] #id_person", str(city.deputy_for_safety.pk), force=True)
    office.select_option("[data-testid=member-form] #id_role", "leader")
    submit(office, "member-form")
    assert "组长" in office.get_by_test_id("members").inner_text()
    office.select_option("[data-testid=tour-form] #id_target", wujin.government.code, force=True)
    office.fill("[data-testid=tour-form] #id_start", "2025-04-07")
    office.fill("[data-testid=tour-form] #id_end", "2025-04-11")
    submit(office, "tour-form")
    tour_url = office.url

    # … records the methods and two findings, then gives the feedback and downloads the 反馈.
    office.check("[data-testid=record-form] input[value=briefing]")
    office.check("[data-testid=record-form] input[value=unannounced]")
    office.fill("#id_documents_seen", "2024年度安全生产会议纪要")
    submit(office, "record-form")
    assert "暗查暗访" in office.get_by_test_id("methods").inner_text()
    for text, level, enterprise in (
        ("区政府常务会议全年未专题研究安全生产", "government", ""),
        ("某化工企业动火作业未审批", "enterprise", "常州某化工有限公司"),
    ):
        office.fill("#id_description", text)
        office.fill("#id_criterion", "安全生产责任制有关规定")
        office.select_option("#id_article", "CZ-7")
        office.select_option("#id_level", level)
        if level == "government":
            office.select_option("#id_responsible_body", wujin.government.code, force=True)
        office.fill("#id_responsible_enterprise", enterprise)
        office.fill("#id_found_on", "2025-04-09")
        submit(office, "finding-form")
    assert office.get_by_test_id("findings").locator("tbody tr").count() == 2
    office.fill("#id_feedback_on", "2025-05-10")
    office.fill("#id_feedback_number", "常安办〔2025〕12号")
    submit(office, "feedback-form")
    shot(office, "tour-city-1366")
    with office.expect_download() as download:
        office.click("[data-testid=feedback-docx]")
    text = "\n".join(p.text for p in Document(io.BytesIO(Path(download.value.path()).read_bytes())).paragraphs)
    assert "关于对武进区人民政府安全生产巡查情况的反馈意见" in "".join(text.split())

    # 武进区 submits its rectification plan with two items.
    county = as_user(browser, live_server, office_a)
    county.goto(tour_url)
    county.fill("[data-testid=rectification-form] #id_submitted_on", "2025-05-20")
    submit(county, "rectification-form")
    for n, deadline in ((1, "2025-06-30"), (2, "2025-08-31")):
        county.select_option("[data-testid=item-form] #id_finding", index=n)
        county.fill("#id_measure", f"第{n}项整改措施")
        county.fill("#id_standard", "问题清零")
        county.select_option("#id_responsible_unit", wujin.safety_bureau.code, force=True)
        county.select_option("#id_leader", str(wujin.deputy_for_safety.pk), force=True)
        county.fill("#id_deadline", deadline)
        submit(county, "item-form")
    assert county.get_by_test_id("items").locator("tbody tr").count() == 2
    plan_url = county.url

    # … reports item 1 done and tries to sign it off itself: refused, with the reason.
    county.click("text=第1项整改措施")
    county.wait_for_load_state()
    item_url = county.url
    county.fill("#id_text", "已召开专题常务会议")
    county.check("#id_completes")
    submit(county, "report-form")
    submit(county, "close-form")
    assert "整改人以外" in county.get_by_test_id("problems").inner_text()
    assert county.get_by_test_id("item-status").inner_text() == "已报整改完成，待销号"
    shot(county, "item-refused-1366")

    # The city verifies and signs it off.
    office.goto(item_url)
    office.fill("#id_note", "现场核查属实")
    submit(office, "close-form")
    assert office.get_by_test_id("item-status").inner_text() == "已销号"

    # Item 2 passes its deadline: the daily job escalates it to the city, which finds it in its list.
    call_command("escalate_rectification")
    office.goto("/tours/items/")
    office.click("[data-testid=escalated-link]")
    office.wait_for_load_state()
    rows = office.get_by_test_id("items").locator("tbody tr")
    assert rows.count() == 1 and "第2项整改措施" in rows.inner_text() and "上报至常州市" in rows.inner_text()
    shot(office, "items-escalated-1366")
    phone = as_user(browser, live_server, city_office, width=390)
    phone.goto(plan_url)
    shot(phone, "rectification-390")


def test_the_hebei_cycle_page_lists_a_county_not_toured_in_two_years_as_due(browser, live_server, world, make_user):
    import datetime as dt

    from accidents.factories import bind, leaders
    from zeren.tours import services

    bind(world)
    shijiazhuang = world.province.children.get()
    county = leaders(shijiazhuang.children.get(), names="正甲乙丙丁戊")
    leaders(shijiazhuang, names="石甲乙丙丁戊")
    office_user = make_user("sjz-office", role="office", jurisdiction=shijiazhuang)
    long_ago = dt.date(dt.date.today().year - 3, 5, 1)  # noqa: DTZ011 - the live server judges as of today
    plan = services.tour_plan_create(actor=office_user, organiser=shijiazhuang, year=long_ago.year, round=1,
                                     kind="regular", title="巡查", start=long_ago, end=long_ago)
    services.tour_add(actor=office_user, plan=plan, expected_version=plan.version, target=county.government,
                      start=long_ago, end=long_ago)
    for width in (1366, 390):
        tab = as_user(browser, live_server, office_user, width=width)
        tab.goto(f"/tours/cycle/{shijiazhuang.code}/")
        due = tab.get_by_test_id("due").inner_text()
        assert "正定县人民政府" in due and "中共正定县委员会" in due
        shot(tab, f"cycle-hebei-{width}")
