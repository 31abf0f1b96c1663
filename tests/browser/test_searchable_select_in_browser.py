"""The record form's long selects are searchable (Tom Select, vendored): the office of a county with
dozens of posts types a few characters into "other posts that took part", picks a post, and the record
credits it — with no console error (the Content-Security-Policy forbids inline styles and scripts)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def many_posts(world):
    """武进区 with a government head and 60 bureau posts, each held by someone."""
    from zeren.org.models import Appointment, Body, Person, PolicyBinding, Post

    PolicyBinding.objects.create(jurisdiction=world.city, pack_id="changzhou-2018", valid_from=dt.date(2018, 12, 14))
    gov = Body.objects.create(code="320412-ZF", name="武进区人民政府", jurisdiction=world.county_a, kind="government")
    head = Post.objects.create(code="320412-GH", title="区长", body=gov, role="government_head")
    Appointment.objects.create(
        person=Person.objects.create(name="周区长", jurisdiction=world.county_a), post=head, start=dt.date(2020, 1, 1)
    )
    bureau = Body.objects.create(
        code="320412-YJ", name="武进区应急管理局", jurisdiction=world.county_a, kind="department",
        department_kind="key_regulator",
    )
    posts = []
    for i in range(60):
        post = Post.objects.create(
            code=f"320412-YJ{i:02d}", title=f"第{i:02d}科科长", body=bureau, role="dept_other_leader"
        )
        Appointment.objects.create(
            person=Person.objects.create(name=f"科长{i:02d}", jurisdiction=world.county_a), post=post,
            start=dt.date(2020, 1, 1),
        )
        posts.append(post)
    return head, posts


def test_the_office_types_into_the_participant_select_and_picks_a_post(page, log_in, office_a, many_posts):
    from django.utils import timezone

    from zeren.records.models import RecordCredit

    head, posts = many_posts
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text)
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
        else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(office_a)
    page.goto("/records/new/")
    assert page.locator("text=按住 Ctrl").count() == 0
    page.select_option("#id_activity", "executive_meeting")
    page.fill("#id_occurred_on", timezone.localdate().isoformat())
    search = page.locator("#id_participant_posts-ts-control")
    search.click()
    search.press_sequentially("第37科")
    shown = page.locator(".field-participant_posts .ts-dropdown .option")
    option = shown.filter(has_text="第37科科长")
    expect(shown).to_have_count(1)
    option.click()
    assert page.locator("#id_participant_posts option:checked").all_inner_texts() == ["武进区 · 第37科科长"]
    page.locator(".field-leader_post .ts-control").click()
    page.keyboard.type("区长")
    leaders = page.locator(".field-leader_post .ts-dropdown .option")
    expect(leaders).to_have_count(1)
    leaders.first.click()
    assert page.locator("#id_leader_post option:checked").all_inner_texts() == ["武进区 · 区长"]
    page.click("[data-testid=save]")
    page.wait_for_url("**/records/*/")
    credited = set(RecordCredit.objects.values_list("post__code", flat=True))
    assert credited == {head.code, posts[37].code}
    assert errors == []
