"""The demo's official account (wujin-official, 武进区区长) has recurring duties whose current periods are
open, so one can record a duty and watch it turn met."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from zeren.accounts.models import User
from zeren.records import selectors, services
from zeren.records.models import ComplianceRow
from zeren.records.services import RecordInput

TODAY = dt.date(2026, 5, 15)


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2026, 5, 15, 10, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield


def _current(user: User, obligation_activity: str) -> ComplianceRow:
    for holding in selectors.my_duties(user, TODAY):
        for _kind, _label, items in holding.current:
            for item in items:
                if item.row.activity == obligation_activity:
                    return item.row
    raise AssertionError(f"no current {obligation_activity} duty")


def test_the_demo_official_holds_a_post_with_recurring_duties_left_open_this_period(demo):
    official = User.objects.get(username="wujin-official")
    holdings = selectors.my_duties(official, TODAY)
    assert [h.appointment.post.code for h in holdings] == ["320412-GH"]
    kinds = {kind for h in holdings for kind, _label, _items in h.current}
    assert {"quarter", "year"} <= kinds
    row = _current(official, "executive_meeting")
    assert (row.period, row.status, row.done) == ("2026-Q2", "open", 0)
    assert any(item.row.status == "met" for h in holdings for item in h.done)  # earlier quarters were recorded
    assert [c.confirmation for c in selectors.to_confirm(official)] == ["pending", "pending"]


def test_recording_the_meeting_turns_the_quarter_met(demo):
    official = User.objects.get(username="wujin-official")
    post = selectors.my_duties(official, TODAY)[0].appointment.post
    with time_machine.travel(dt.datetime(2026, 5, 15, 10, tzinfo=dt.UTC), tick=False):
        services.record_create(
            actor=official, data=RecordInput(activity="executive_meeting", occurred_on=TODAY, leader_post=post)
        )
    row = _current(official, "executive_meeting")
    assert (row.status, row.done) == ("met", 1)
