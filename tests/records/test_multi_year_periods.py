"""A duty counted over two years (a third jurisdiction's pack may have one; docs/contracts.md periods
include ``two_years``): the store judges the period in the year it ends, counting the records of
the whole period within the tenure — not each calendar year's part on its own."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from records.test_compliance import add_records
from zeren.org.bindings import registry
from zeren.org.models import Appointment, Body, Person, PolicyBinding, Post
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow
from zeren.records.services import RecordInput, record_create

pytestmark = pytest.mark.django_db

PACK = """\
id: shanhai-2030
version: "2030.1"
title: 山海市党政领导干部安全生产责任制实施办法（虚构，用于测试）
jurisdiction: 山海市
effective: 2030-01-01
extends: cn-national
sources:
- prefix: SH
  title: 山海市党政领导干部安全生产责任制实施办法
  short: 山海
  articles:
  - number: 1
    paragraphs:
    - text: 本办法适用于县（市、区）党委和政府领导班子成员。
  - number: 2
    paragraphs:
    - text: 县（市、区）党委主要负责人每两年至少组织1次安全生产专题调研。
scope:
- id: sh.scope
  cites: [SH-1]
  applies: direct
  roles: [party_secretary, government_head]
  levels: [county]
duties:
- id: sh.secretary.research
  cites: [SH-2]
  title: 每两年至少组织1次安全生产专题调研
  kind: periodic
  topic: research_visit
  binds: {roles: [party_secretary], levels: [county]}
  activity: research_visit
  every: two_years
  at_least: 1
"""
DUTY = "sh.secretary.research"


@pytest.fixture
def shanhai(tmp_path, monkeypatch, world, org):
    """新北区 under the fictional 山海 pack, its party secretary in post since 2030."""
    (tmp_path / "shanhai-2030.yaml").write_text(PACK, encoding="utf-8")
    monkeypatch.setenv("ZEREN_PACKS", str(tmp_path))
    registry.cache_clear()
    PolicyBinding.objects.create(jurisdiction=world.county_b, pack_id="shanhai-2030", valid_from=dt.date(2030, 1, 1))
    party = Body.objects.create(
        code="320411-DW", name="中共新北区委员会", jurisdiction=world.county_b, kind="party_committee"
    )
    post = Post.objects.create(code="320411-PS", title="区委书记", body=party, role="party_secretary")
    person = Person.objects.create(name="山海书记", jurisdiction=world.county_b)
    appointment = Appointment.objects.create(person=person, post=post, start=dt.date(2030, 1, 1))
    yield post, appointment
    registry.cache_clear()


def rows(post):
    return list(
        ComplianceRow.objects.filter(post=post, obligation=DUTY).values_list(
            "year", "period", "done", "status", "reason"
        )
    )


def test_a_two_year_period_is_judged_in_the_year_it_ends_on_the_records_of_both_years(org, shanhai):
    post, appointment = shanhai
    add_records(org, post, appointment, [dt.date(2031, 5, 10)], "research_visit")
    compliance_recompute(year=2031, as_of=dt.date(2031, 12, 31))
    assert rows(post) == []  # the period 2031/2032 has not ended; judged in 2032
    compliance_recompute(year=2032, as_of=dt.date(2033, 1, 10))
    assert rows(post) == [(2032, "2031/2032", 1, "met", "")]
    compliance_recompute(year=2032, as_of=dt.date(2033, 1, 10))  # idempotent
    assert rows(post) == [(2032, "2031/2032", 1, "met", "")]


def test_a_two_year_period_with_no_record_is_missed_when_it_ends(shanhai):
    post, _appointment = shanhai
    compliance_recompute(year=2032, as_of=dt.date(2032, 6, 30))
    assert rows(post) == [(2032, "2031/2032", 0, "open", "")]
    compliance_recompute(year=2032, as_of=dt.date(2033, 1, 10))
    assert rows(post) == [(2032, "2031/2032", 0, "missed", "")]


def test_a_holder_who_came_during_the_period_is_judged_on_their_part(org, shanhai):
    post, appointment = shanhai
    appointment.end, appointment.end_reason = dt.date(2032, 2, 29), "transferred"
    appointment.save()
    successor = Appointment.objects.create(
        person=Person.objects.create(name="继任者", jurisdiction=post.body.jurisdiction),
        post=post,
        start=dt.date(2032, 3, 1),
    )
    add_records(org, post, appointment, [dt.date(2031, 9, 1)], "research_visit")
    compliance_recompute(year=2032, as_of=dt.date(2033, 1, 10))
    by_holder = {
        r.appointment_id: (r.period, r.done, r.status, r.reason)
        for r in ComplianceRow.objects.filter(post=post, obligation=DUTY)
    }
    assert by_holder[appointment.pk] == ("2031/2032", 1, "met", "")
    assert by_holder[successor.pk] == ("2031/2032", 0, "not_applicable", "partial_period")


@time_machine.travel(dt.datetime(2032, 7, 1, 10, tzinfo=dt.UTC))
def test_recording_a_visit_of_the_first_year_updates_the_verdict_of_the_year_the_period_ends(shanhai, office_b):
    post, _appointment = shanhai
    compliance_recompute(year=2032, as_of=dt.date(2032, 7, 1))
    assert rows(post) == [(2032, "2031/2032", 0, "open", "")]
    record_create(
        actor=office_b, data=RecordInput(activity="research_visit", occurred_on=dt.date(2031, 11, 5), leader_post=post)
    )
    assert rows(post) == [(2032, "2031/2032", 1, "met", "")]
