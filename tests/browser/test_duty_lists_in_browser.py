"""Duty lists in Chromium: an office generates, edits and publishes a county secretary's list; the
public 公示 page shows it with citations; a neighbouring office cannot see the draft."""

import datetime
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def secretary(world):
    from zeren.org.models import Body, PolicyBinding, Post

    PolicyBinding.objects.create(
        jurisdiction=world.province, pack_id="hebei-2018", valid_from=datetime.date(2018, 4, 8)
    )
    PolicyBinding.objects.create(
        jurisdiction=world.city, pack_id="changzhou-2018", valid_from=datetime.date(2018, 12, 14)
    )
    body = Body.objects.create(
        code="320412-DW", name="中共武进区委员会", jurisdiction=world.county_a, kind="party_committee"
    )
    return Post.objects.create(code="320412-PS", title="区委书记", body=body, role="party_secretary")


def test_an_office_generates_edits_and_publishes_and_the_public_sees_it(page, log_in, office_a, secretary):
    log_in(office_a)
    page.goto("/duties/j/320412/")
    page.click("a:has-text('区委书记')")
    assert re.search(r"/duties/post/320412-PS/$", page.url)
    page.get_by_test_id("generate").click()
    page.wait_for_load_state()
    items = page.get_by_test_id("duty-items")
    assert "常州 第六条 第（四）项" in items.inner_text()

    page.fill("#id_title", "每季度至少1次带队检查武进国家高新区化工企业")
    page.fill("#id_basis", "武委办发〔2024〕12号")
    page.click("button:has-text('增加本地职责')")
    page.wait_for_load_state()
    local = page.locator("tr.duty-local")
    assert "本地" in local.inner_text() and "武委办发〔2024〕12号" in local.inner_text()

    page.get_by_test_id("publish").click()
    page.wait_for_load_state()
    assert "第1版已发布" in page.get_by_test_id("messages").inner_text()

    public = page.context.browser.new_context(base_url=page.url.split("/duties/")[0], locale="zh-CN").new_page()
    public.goto("/duties/public/")
    public.click("a:has-text('区委书记')")
    public.wait_for_load_state()
    assert "武进区区委书记" in public.get_by_test_id("public-title").inner_text()
    pack = public.get_by_test_id("pack").inner_text()
    assert "常办〔2018〕30号" in pack and "changzhou-2018" not in pack  # the pack id is for staff only
    table = public.get_by_test_id("duty-items")
    assert "常州 第六条 第（四）项" in table.inner_text() and "CZ-6.4" not in table.inner_text()
    assert "每季度至少1次带队检查武进国家高新区化工企业" in table.inner_text()
    article = public.locator("details.cite", has_text="常州 第六条 第（四）项").first
    assert not article.locator("blockquote").is_visible()
    article.locator(":scope > summary").click()
    assert "党委常委会" in article.locator("blockquote").inner_text()
    public.context.close()


def test_a_neighbouring_office_cannot_see_the_draft(page, log_in, office_a, office_b, secretary):
    from zeren.duties.services import duty_list_generate

    draft = duty_list_generate(actor=office_a, post=secretary, on=datetime.date(2025, 3, 1))
    log_in(office_b)
    for url in (f"/duties/list/{draft.pk}/", "/duties/post/320412-PS/", f"/duties/public/{draft.pk}/"):
        response = page.goto(url)
        assert response.status in (403, 404), url
        assert "常州 第六条" not in page.content()
