"""A recompute that rewrites every verdict of a year (its first computation, a pack update) counts the
year's rollups from the verdicts it has in hand (:func:`zeren.records.rollups.count_year_tallies`)
instead of grouping the verdicts it has just written. What it counts equals what the grouping
(:func:`~zeren.records.rollups.refresh_tallies`, :func:`~zeren.records.rollups.rebuild_tree`) gives,
row for row, in every rollup: with periods that began in the year before (a two-year duty), an event
duty whose window runs into the next year (an accident on 31 December), a handover in the year, met,
missed and open verdicts; by COPY and by INSERT."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from records.test_compliance import add_records
from records.test_multi_year_periods import shanhai  # noqa: F401 - the fixture
from zeren.org.models import Appointment, Body, Jurisdiction, Person, Post
from zeren.records import rollups, verdict_store
from zeren.records.compliance import compliance_recompute
from zeren.records.models import (
    ComplianceRow,
)
from zeren.records.rollups import ROLLUPS

pytestmark = pytest.mark.django_db


def rollup_rows(year: int) -> dict[str, Counter]:
    """Every rollup row of ``year``, without its id, per table."""
    out = {}
    for model in ROLLUPS:
        names = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        out[model.__name__] = Counter(model.objects.filter(year=year).values_list(*names))
    return out


def grouped_from_the_verdicts(year: int) -> dict[str, Counter]:
    """The rollups of ``year`` rewritten by grouping the stored verdicts, then read."""
    from django.db import connection

    with connection.cursor() as cursor:
        ids = set(Jurisdiction.objects.values_list("id", flat=True))
        rollups.refresh_tallies(cursor, year=year, jurisdiction_ids=ids)
        rollups.rebuild_tree(cursor, year)
    return rollup_rows(year)


@pytest.fixture
def counted(monkeypatch):
    """Recomputes, recording how many verdicts each in-memory count of a year was given."""
    calls: list[int] = []
    real = rollups.count_year_tallies

    def spy(*, year, rows):
        calls.append(len(rows))
        return real(year=year, rows=rows)

    monkeypatch.setattr("zeren.records.compliance.count_year_tallies", spy)
    return calls


def assert_counted_equals_grouped(year: int) -> None:
    counted = rollup_rows(year)
    assert all(counted[model.__name__] for model in ROLLUPS), counted
    assert grouped_from_the_verdicts(year) == counted


@pytest.fixture(params=[0, 10**9], ids=["copy", "insert"])
def bulk(request, monkeypatch):
    monkeypatch.setattr(verdict_store, "COPY_ROWS", request.param)


def test_the_first_computation_and_a_pack_update_count_what_grouping_gives(org, counted, bulk):
    from zeren.accidents.models import Accident

    rng = random.Random(15)  # noqa: S311
    days = sorted(dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300)) for _ in range(12))
    add_records(org, org.gh_post, org.appointment, days, "led_inspection")
    add_records(org, org.gh_post, org.appointment, days[:2], "executive_meeting")
    # A handover in May: the year split between two holders.
    org.appointment.end, org.appointment.end_reason = dt.date(2025, 5, 15), "transferred"
    org.appointment.save()
    Appointment.objects.create(person=org.previous_holder, post=org.gh_post, start=dt.date(2025, 5, 16))
    # A 较大 accident on 31 December in a deputy's sector: the go-to-the-scene duty's window ends in 2026.
    gov = Body.objects.get(code="320412-ZF")
    deputy = Post.objects.create(
        code="320412-GD1", title="副区长", body=gov, role="government_deputy", sectors=["住房城乡建设"]
    )
    Appointment.objects.create(
        person=Person.objects.create(name="吴某", jurisdiction=gov.jurisdiction), post=deputy, start=dt.date(2020, 1, 1)
    )
    Accident.objects.create(
        title="事故",
        jurisdiction=Jurisdiction.objects.get(code="320412100"),
        sector="住房城乡建设",
        grade="relatively_large",
        deaths=3,
        occurred_at=dt.datetime(2025, 12, 31, 9, tzinfo=dt.UTC),
        policy_id="changzhou-2018",
        policy_version="t",
    )
    compliance_recompute(year=2025, as_of=dt.date(2026, 1, 10))
    verdicts = ComplianceRow.objects.filter(year=2025)
    assert counted == [verdicts.count()]
    assert verdicts.filter(period_end__gt=dt.date(2025, 12, 31), status="missed").exists()  # the scene duty
    assert {"met", "missed"} <= set(verdicts.values_list("status", flat=True))
    assert_counted_equals_grouped(2025)

    ComplianceRow.objects.filter(year=2025).update(policy_version="previous")  # a pack update
    compliance_recompute(year=2025, as_of=dt.date(2026, 1, 10))
    assert counted == [verdicts.count()] * 2
    assert_counted_equals_grouped(2025)


def test_a_period_begun_the_year_before_is_counted_from_january(org, shanhai, counted, bulk):  # noqa: F811
    post, appointment = shanhai
    add_records(org, post, appointment, [dt.date(2031, 5, 10)], "research_visit")
    compliance_recompute(year=2032, as_of=dt.date(2032, 6, 30))  # open: in no trend
    compliance_recompute(year=2031, as_of=dt.date(2032, 1, 10))
    ComplianceRow.objects.filter(year=2032).update(policy_version="previous")
    compliance_recompute(year=2032, as_of=dt.date(2033, 1, 10))
    assert len(counted) == 3
    two_years = ComplianceRow.objects.get(post=post, year=2032)
    assert (two_years.period_start, two_years.status) == (dt.date(2031, 1, 1), "met")
    assert_counted_equals_grouped(2032)


def test_a_scoped_or_warm_recompute_groups_as_before(org, counted):
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 3, 3)], "led_inspection")
    compliance_recompute(year=2025, as_of=dt.date(2025, 8, 15))
    assert len(counted) == 1
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 4, 3)], "led_inspection")
    compliance_recompute(year=2025, as_of=dt.date(2025, 8, 15))  # warm: some verdicts left as they were
    compliance_recompute(year=2025, jurisdiction=Jurisdiction.objects.get(code="130123"), as_of=dt.date(2025, 8, 15))
    assert len(counted) == 1
    assert_counted_equals_grouped(2025)
