"""Accident → case → decision → publication → appeal, as the office, the discipline inspectors, the
public and the official concerned do it in Chromium."""

import re

import pytest

from accidents.factories import bind, leaders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def as_user(browser, live_server, user):
    """A fresh browser context logged in as ``user``."""
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("form:has(#id_username) button[type=submit]")
    tab.wait_for_load_state()
    return tab


def test_accident_to_case_to_decision_to_publication_to_appeal(
    browser, live_server, world, office_a, discipline, make_user
):
    bind(world)
    wujin = leaders(world.county_a)
    official = make_user("deputy", role="official", jurisdiction=world.county_a, person=wujin.deputy_for_safety)

    # The 武进区 office registers the accident: 3 dead is 较大.
    office = as_user(browser, live_server, office_a)
    office.goto("/accidents/new/")
    office.fill("#id_title", "武进区某工地坍塌事故")
    office.select_option("#id_jurisdiction", "320412")
    office.fill("#id_occurred_at", "2025-02-10T09:30")
    office.fill("#id_sector", "住房城乡建设")
    office.fill("#id_deaths", "3")
    office.fill("#id_report_county", "2025-02-10T10:00")
    office.click("[data-testid=accident-form] button[type=submit]")
    office.wait_for_load_state()
    assert office.get_by_test_id("grade").get_attribute("class").endswith("relatively_large")
    assert office.get_by_test_id("responsibility").count() == 4
    assert wujin.deputy_for_safety.name in office.get_by_test_id("responsibilities").inner_text()

    # … proposes a case: the four officials come with it.
    office.click("[data-testid=open-case]")
    office.wait_for_load_state()
    office.click("[data-testid=case-form] button[type=submit]")
    office.wait_for_load_state()
    assert re.search(r"/cases/\d+/$", office.url)
    case_url = office.url
    assert office.get_by_test_id("official").count() == 4

    # … records the lead department, starts the investigation and determines responsibility.
    office.select_option("#id_lead_body", f"{world.county_a.code}-YJ")
    office.fill("#id_investigation_notes", "脚手架未按方案验收。")
    office.click("[data-testid=edit-form] button[type=submit]")
    office.wait_for_load_state()
    office.click("button[data-step=investigate]")
    office.wait_for_load_state()
    office.click("button[data-step=determine]")
    office.wait_for_load_state()
    assert office.locator("button[data-step=decide]").count() == 0, "the office does not decide under 常州"

    # The discipline inspectors decide: admonishment for the deputy for safety; a lighter path is refused.
    inspector = as_user(browser, live_server, discipline)
    inspector.goto(case_url)
    form = inspector.get_by_test_id("decide-form")
    form.locator("#d-on").fill("2025-03-01")
    form.locator("#d-body").fill("中共常州市武进区纪律检查委员会")
    deputy = form.locator(f"[data-testid=decide-official][data-person='{wujin.deputy_for_safety.name}']")
    deputy.locator("input[value=explanation]").check()
    form.locator("button[type=submit]").click()
    inspector.wait_for_load_state()
    assert inspector.get_by_test_id("problems").is_visible()
    assert inspector.get_by_test_id("state").inner_text() != ""
    form = inspector.get_by_test_id("decide-form")
    form.locator("#d-on").fill("2025-03-01")
    form.locator("#d-body").fill("中共常州市武进区纪律检查委员会")
    deputy = form.locator(f"[data-testid=decide-official][data-person='{wujin.deputy_for_safety.name}']")
    deputy.locator("input[value=admonishment]").check()
    # The others, found responsible, get no measure: the decision records why, and on what basis.
    others = form.locator(f"[data-testid=decide-official]:not([data-person='{wujin.deputy_for_safety.name}'])")
    for index in range(others.count()):
        others.nth(index).locator("textarea[name$=no-measure-reason]").fill("另案处理")
        others.nth(index).locator("input[name$=no-measure-basis]").fill("武纪〔2025〕2号")
    form.locator("button[type=submit]").click()
    inspector.wait_for_load_state()
    assert inspector.get_by_test_id("decision").is_visible()
    officials = inspector.get_by_test_id("officials").inner_text()
    # 诫勉 bars promotion for 6 months, the accident's one-vote veto until a body sets its end (issue 12)
    assert "不得提拔：自2025-03-01起，规定未明确期限" in officials
    assert "未给予问责处理，理由： 另案处理" in officials
    inspector.fill("#pub-on", "2025-03-05")
    inspector.click("button[data-step=publish]")
    inspector.wait_for_load_state()

    # The public sees the decision, and that an appeal does not suspend it.
    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public_url = case_url.replace("/cases/", "/cases/published/")
    public.goto(public_url)
    assert wujin.deputy_for_safety.name in public.get_by_test_id("public-officials").inner_text()
    assert public.get_by_test_id("not-suspended").is_visible()
    assert "脚手架未按方案验收" not in public.content()

    # The deputy appeals in writing …
    appellant = as_user(browser, live_server, official)
    appellant.goto(case_url)
    appellant.click("[data-testid=appeal-file] summary")
    appellant.fill("#ap-date", "2025-03-10")
    appellant.fill("#ap-grounds", "本人已按规定部署检查，请求复核。")
    appellant.click("[data-testid=appeal-form] button[type=submit]")
    appellant.wait_for_load_state()
    assert appellant.get_by_test_id("appeal").count() == 1
    assert appellant.get_by_test_id("not-suspended").is_visible()

    # … and the deciding body upholds the decision; the public page says so.
    inspector.goto(case_url)
    appeal_form = inspector.get_by_test_id("appeal-decide-form")
    appeal_form.locator("select[name=outcome]").select_option("upheld")
    appeal_form.locator("input[name=outcome_on]").fill("2025-04-01")
    appeal_form.locator("textarea[name=outcome_text]").fill("维持原决定。")
    appeal_form.locator("button[type=submit]").click()
    inspector.wait_for_load_state()
    assert inspector.get_by_test_id("appeal-outcome").is_visible()
    public.goto(public_url)
    assert public.get_by_test_id("appeal-outcome").is_visible()
    history = inspector.get_by_test_id("history").inner_text()
    assert history.count("\n") >= 8
