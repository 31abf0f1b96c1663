"""A rectification plan's page (items, 回头看) and an item's page (progress, 销号, send back)."""

import pytest
from django.urls import reverse

from tours.helpers import planned, rectifying, reported_done
from zeren.tours.models import FollowUpCheck, ItemStatus, ProgressReport, RectificationItem

pytestmark = pytest.mark.django_db


def test_the_county_adds_an_item_and_a_bad_one_changes_nothing(client, world, city_office, office_a):
    t = planned(world, city_office)
    plan, _items = rectifying(t, office_a)
    client.force_login(office_a)
    url = reverse("tours:item_add", kwargs={"rectification_id": plan.pk})
    good = {
        "version": plan.version,
        "measure": "补开常务会议",
        "standard": "每季度至少1次",
        "deadline": "2025-07-31",
        "responsible_unit": t.county_a.government.code,
        "leader": t.county_a.head.pk,
    }
    assert client.post(url, {**good, "deadline": "2025-01-01"}).status_code == 400
    assert client.post(url, {**good, "leader": ""}).status_code == 400
    assert client.post(url, {**good, "version": plan.version + 5}).status_code == 409
    assert RectificationItem.objects.count() == 2
    assert client.post(url, good).status_code == 302
    assert RectificationItem.objects.count() == 3
    client.force_login(city_office)
    assert client.post(url, good).status_code == 403
    page = client.get(reverse("tours:rectification", kwargs={"rectification_id": plan.pk})).content.decode()
    assert "补开常务会议" in page and "follow-up-form" in page


def test_own_sign_off_is_refused_on_the_page_the_verifier_s_succeeds(client, world, city_office, office_a):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a)
    client.force_login(office_a)
    report = reverse("tours:report", kwargs={"rect_item_id": items[0].pk})
    assert (
        client.post(report, {"version": items[0].version, "reported_on": "2025-06-01", "text": ""}).status_code == 400
    )
    assert not ProgressReport.objects.exists()
    assert (
        client.post(
            report, {"version": items[0].version, "reported_on": "2025-06-01", "text": "已整改", "completes": "on"}
        ).status_code
        == 302
    )
    item = RectificationItem.objects.get(pk=items[0].pk)
    close = reverse("tours:close", kwargs={"rect_item_id": item.pk})
    refused = client.post(close, {"version": item.version, "closed_on": "2025-06-02"})
    assert refused.status_code == 400
    assert "整改人以外" in refused.content.decode()
    assert RectificationItem.objects.get(pk=item.pk).status == ItemStatus.REPORTED
    client.force_login(city_office)
    assert client.post(close, {"version": item.version, "closed_on": "bad"}).status_code == 400
    assert client.post(close, {"version": item.version, "closed_on": "2025-06-02"}).status_code == 302
    assert RectificationItem.objects.get(pk=item.pk).status == ItemStatus.CLOSED


def test_send_back_and_follow_up(client, world, city_office, office_a):
    t = planned(world, city_office)
    plan, items = rectifying(t, office_a)
    first = reported_done(items[0], office_a)
    client.force_login(office_a)
    assert (
        client.post(
            reverse("tours:send_back", kwargs={"rect_item_id": first.pk}), {"version": first.version, "note": "x"}
        ).status_code
        == 403
    )
    client.force_login(city_office)
    back = reverse("tours:send_back", kwargs={"rect_item_id": first.pk})
    assert client.post(back, {"version": first.version, "note": ""}).status_code == 400
    assert client.post(back, {"version": first.version, "note": "证据不足"}).status_code == 302
    second = reported_done(items[1], office_a)
    client.post(
        reverse("tours:close", kwargs={"rect_item_id": second.pk}),
        {"version": second.version, "closed_on": "2025-06-02"},
    )
    follow = reverse("tours:follow_up", kwargs={"rectification_id": plan.pk})
    assert (
        client.post(follow, {"checked_on": "2025-09-01", "conclusion": "反弹", "reopen": [second.pk]}).status_code
        == 400
    )
    assert (
        client.post(
            follow,
            {"checked_on": "2025-09-01", "conclusion": "反弹", "reopen": [first.pk], "new_deadline": "2025-10-01"},
        ).status_code
        == 400
    )  # not signed off
    assert not FollowUpCheck.objects.exists()
    assert (
        client.post(
            follow,
            {"checked_on": "2025-09-01", "conclusion": "反弹", "reopen": [second.pk], "new_deadline": "2025-10-31"},
        ).status_code
        == 302
    )
    assert RectificationItem.objects.get(pk=second.pk).status == ItemStatus.OPEN


def test_the_neighbour_sees_nothing(client, world, city_office, office_a, office_b):
    t = planned(world, city_office)
    plan, items = rectifying(t, office_a)
    client.force_login(office_b)
    assert client.get(reverse("tours:rectification", kwargs={"rectification_id": plan.pk})).status_code == 403
    assert client.get(reverse("tours:item", kwargs={"rect_item_id": items[0].pk})).status_code == 403
