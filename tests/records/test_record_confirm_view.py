"""A record the office enters for an official waits for the official, who confirms or disputes it on
我的职责 or on the record; a disputed record is flagged to the office. Audited; only the official
credited may answer; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zeren.audit.services import history
from zeren.records.models import RecordCredit
from zeren.records.services import RecordInput, record_create, record_update

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def zd_office(org, make_user):
    return make_user("zd-office", role="office", jurisdiction=org.gh_post.body.jurisdiction)


@pytest.fixture
def entered(org, zd_office):
    """An inspection the county's office entered for the official (赵立新, 县长)."""
    with time_machine.travel(NOW):
        data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post)
        return record_create(actor=zd_office, data=data)


def _answer(client, record, **data):
    payload = {"version": record.version, "back": "detail", **data}
    return client.post(reverse("records:confirm", kwargs={"record_id": record.pk}), payload)


def _state(record) -> tuple[str, str]:
    credit = RecordCredit.objects.get(record=record, person__name="赵立新")
    return credit.confirmation, credit.confirmation_note


@time_machine.travel(NOW)
def test_a_record_the_office_entered_waits_on_my_duties_and_the_official_confirms_it(client, org, entered):
    assert _state(entered) == ("pending", "")
    client.force_login(org.official)
    page = client.get(reverse("records:mine")).content.decode()
    assert 'data-testid="to-confirm-item"' in page and "待本人确认" in page
    response = _answer(client, entered, decision="confirm", back="mine")
    assert response.status_code == 302 and response.url == reverse("records:mine")
    assert _state(entered) == ("confirmed", "")
    assert [e.action for e in history(entered)][-1] == "records.confirm"
    assert 'data-testid="to-confirm-item"' not in client.get(reverse("records:mine")).content.decode()
    detail = client.get(reverse("records:detail", kwargs={"record_id": entered.pk})).content.decode()
    assert "本人已确认" in detail


@time_machine.travel(NOW)
def test_a_disputed_record_is_flagged_to_the_office_on_the_record_the_dashboard_and_the_list(
    client, org, entered, zd_office
):
    client.force_login(org.official)
    _answer(client, entered, decision="dispute", note="当天我在市里开会，未带队检查")
    assert _state(entered) == ("disputed", "当天我在市里开会，未带队检查")
    event = list(history(entered))[-1]
    assert event.action == "records.dispute" and event.data["after"][0]["note"] == "当天我在市里开会，未带队检查"
    client.force_login(zd_office)
    detail = client.get(reverse("records:detail", kwargs={"record_id": entered.pk})).content.decode()
    assert 'data-testid="disputed"' in detail and "当天我在市里开会" in detail
    board = client.get(reverse("records:dashboard", kwargs={"code": "130123"})).content.decode()
    assert 'data-testid="disputed-records"' in board and "1 条记录" in board
    listed = client.get(reverse("records:list"), {"confirmation": "disputed"})
    assert [r.pk for r in listed.context["page"].rows] == [entered.pk]
    assert list(client.get(reverse("records:list"), {"confirmation": "confirmed"}).context["page"].rows) == []


@time_machine.travel(NOW)
def test_the_office_correcting_a_disputed_record_asks_the_official_again(client, org, entered, zd_office):
    client.force_login(org.official)
    _answer(client, entered, decision="dispute", note="日期不对")
    data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 11), leader_post=org.gh_post)
    record_update(actor=zd_office, record=entered, data=data)
    assert _state(entered)[0] == "pending"


@time_machine.travel(NOW)
def test_a_dispute_without_a_reason_or_with_a_bad_decision_changes_nothing(client, org, entered):
    client.force_login(org.official)
    response = _answer(client, entered, decision="dispute", note="  ")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "请说明记录哪里不对" in page
    _answer(client, entered, decision="approve")
    _answer(client, entered, decision="dispute", note="长" * 501)
    assert _state(entered) == ("pending", "")
    assert [e.action for e in history(entered)] == ["records.create"]


@time_machine.travel(NOW)
def test_an_answer_to_a_record_changed_since_is_refused(client, org, entered, zd_office):
    client.force_login(org.official)
    stale = entered.version
    data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 11), leader_post=org.gh_post)
    record_update(actor=zd_office, record=entered, data=data)
    response = client.post(
        reverse("records:confirm", kwargs={"record_id": entered.pk}), {"version": stale, "decision": "confirm"}
    )
    assert "记录在您打开后已被修改" in client.get(response.url).content.decode()
    assert _state(entered)[0] == "pending"


@time_machine.travel(NOW)
def test_only_the_official_credited_may_answer(client, org, entered, zd_office, make_user, official_a, office_b):
    for other in (zd_office, official_a, office_b):
        client.force_login(other)
        assert _answer(client, entered, decision="confirm").status_code in (403, 404)
    assert _state(entered) == ("pending", "")


@time_machine.travel(NOW)
def test_a_record_the_official_entered_asks_nothing(client, org):
    data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post)
    own = record_create(actor=org.official, data=data)
    assert _state(own) == ("", "")
    client.force_login(org.official)
    assert 'data-testid="confirm-box"' not in client.get(reverse("records:detail", kwargs={"record_id": own.pk})).text
    assert _answer(client, own, decision="confirm").status_code == 403


@time_machine.travel(NOW)
def test_the_answer_is_a_post(client, org, entered):
    client.force_login(org.official)
    assert client.get(reverse("records:confirm", kwargs={"record_id": entered.pk})).status_code == 405


@time_machine.travel(NOW)
def test_an_official_who_took_part_in_another_officials_record_is_asked_too(org, make_user):
    from zeren.org.models import Appointment

    secretary = Appointment.objects.get(post=org.ps_post).person
    make_user("zd-secretary", role="official", jurisdiction=org.ps_post.body.jurisdiction, person=secretary)
    data = RecordInput(
        activity="executive_meeting", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post,
        participant_posts=[org.ps_post],
    )
    record = record_create(actor=org.official, data=data)
    states = {c.person_id: c.confirmation for c in RecordCredit.objects.filter(record=record)}
    assert states == {org.official_person.pk: "", secretary.pk: "pending"}
