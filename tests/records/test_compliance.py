"""Stored compliance verdicts equal the core's on the real records; recompute is scoped and idempotent."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from zeren.org.bindings import Bindings, policy_for
from zeren.org.models import Appointment, Jurisdiction
from zeren.policy.compliance import evaluate_compliance
from zeren.policy.facts import ComplianceFacts
from zeren.records.compliance import compliance_recompute
from zeren.records.loading import compliance_events_for
from zeren.records.models import (
    ComplianceMissedTally,
    ComplianceRow,
    ComplianceTally,
    ComplianceTrendTally,
)
from zeren.records.services import RecordInput, record_create, record_delete

from .conftest import assert_tree_rollups_equal_the_tallies, credited_record

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 8, 15)


def add_records(org, post, appointment, days, activity):
    assert appointment.post_id == post.pk
    for day in days:
        credited_record(org.official, appointment, activity, day)


def test_stored_verdicts_equal_the_cores_verdicts_on_the_real_records(org):
    rng = random.Random(5)  # noqa: S311
    appointment = org.appointment
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(220)) for _ in range(9)]
    add_records(org, org.gh_post, appointment, days, "led_inspection")
    add_records(org, org.gh_post, appointment, days[:3], "executive_meeting")
    compliance_recompute(year=2025, as_of=AS_OF)
    policy = policy_for(org.gh_post.body.jurisdiction, dt.date(2025, 1, 1))
    facts = ComplianceFacts.model_validate(
        {
            "post": {"role": "government_head", "level": "county"},
            "from": "2025-01-01",
            "to": "2025-12-31",
            "as_of": AS_OF,
            "records": [{"activity": "led_inspection", "date": d} for d in days]
            + [{"activity": "executive_meeting", "date": d} for d in days[:3]],
        }
    )
    expected = {(i.obligation, i.period, i.done, i.status) for i in evaluate_compliance(policy, facts).items}
    stored = set(
        ComplianceRow.objects.filter(post=org.gh_post, year=2025).values_list("obligation", "period", "done", "status")
    )
    assert stored == expected
    assert ComplianceRow.objects.filter(post=org.gh_post, year=2025, status="missed").exists()
    assert_tallies_equal_the_verdicts(2025)


def assert_tallies_equal_the_verdicts(year):
    """The dashboard's rollups equal a direct aggregation of the stored verdicts (and the whole tree's
    rollups a GROUP BY of them)."""
    direct = Counter(
        {
            key[:-1]: key[-1]
            for key in ComplianceRow.objects.filter(year=year)
            .order_by()
            .values_list("jurisdiction_id", "role", "obligation", "policy_id", "policy_version", "status")
            .annotate(n=Count("id"))
        }
    )
    tallies = Counter(
        {
            key[:-1]: key[-1]
            for key in ComplianceTally.objects.filter(year=year).values_list(
                "jurisdiction_id", "role", "obligation", "policy_id", "policy_version", "status", "n"
            )
        }
    )
    assert tallies == direct
    judged = ComplianceRow.objects.filter(year=year, status__in=("met", "missed"))
    trend = Counter()
    for jid, start, end, status in judged.values_list("jurisdiction_id", "period_start", "period_end", "status"):
        if start.year > year or end.year < year:
            continue
        first = 1 if start.year < year else start.month
        last = 12 if end.year > year else end.month
        for month in range(first, last + 1):  # every month of the year the period covers
            trend[(jid, month, end.replace(day=1), status)] += 1
    stored = Counter(
        {
            key[:-1]: key[-1]
            for key in ComplianceTrendTally.objects.filter(year=year).values_list(
                "jurisdiction_id", "month", "closes", "status", "n"
            )
        }
    )
    assert stored == trend
    missed = Counter(
        dict(
            ComplianceRow.objects.filter(year=year, status="missed")
            .order_by()
            .values_list("post_id")
            .annotate(n=Count("id"))
        )
    )
    assert Counter(dict(ComplianceMissedTally.objects.filter(year=year).values_list("post_id", "n"))) == missed
    assert sum(tallies.values()) > 0
    assert_tree_rollups_equal_the_tallies()


@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "bulk"])
@time_machine.travel(dt.datetime(2025, 8, 15, 10, tzinfo=dt.UTC))
def test_the_dashboard_rollups_equal_the_verdicts_after_recompute_add_and_delete(org, bulk, monkeypatch):
    if bulk:
        from zeren.records import verdict_store

        monkeypatch.setattr(verdict_store, "COPY_ROWS", 0)
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 2, 3)], "led_inspection")
    compliance_recompute(year=2025)
    assert_tallies_equal_the_verdicts(2025)
    before = ComplianceTally.objects.get(
        year=2025, jurisdiction=org.gh_post.body.jurisdiction, obligation="hb-6.3-inspection-county", status="met"
    ).n
    record = record_create(
        actor=org.official,
        data=RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post),
    )
    assert_tallies_equal_the_verdicts(2025)
    met = ComplianceTally.objects.get(
        year=2025, jurisdiction=org.gh_post.body.jurisdiction, obligation="hb-6.3-inspection-county", status="met"
    ).n
    assert met == before + 1
    record_delete(actor=org.official, record=record, reason="重复录入")
    assert_tallies_equal_the_verdicts(2025)
    assert (
        ComplianceTally.objects.get(
            year=2025, jurisdiction=org.gh_post.body.jurisdiction, obligation="hb-6.3-inspection-county", status="met"
        ).n
        == before
    )
    ComplianceRow.objects.filter(year=2025).delete()
    compliance_recompute(year=2025)  # cold: every row new
    assert_tallies_equal_the_verdicts(2025)


def test_a_handover_splits_the_year_between_the_two_holders(org):
    first = org.appointment
    first.end, first.end_reason = dt.date(2025, 5, 15), "transferred"
    first.save()
    successor = Appointment.objects.create(person=org.previous_holder, post=org.gh_post, start=dt.date(2025, 5, 16))
    add_records(org, org.gh_post, first, [dt.date(2025, 2, 3)], "led_inspection")
    add_records(org, org.gh_post, successor, [dt.date(2025, 5, 20)], "led_inspection")
    compliance_recompute(year=2025, as_of=AS_OF)
    rows = {
        (r.appointment_id, r.period): (r.status, r.reason)
        for r in ComplianceRow.objects.filter(obligation="hb-6.3-inspection-county")
    }
    assert rows[(first.pk, "2025-Q1")] == ("met", "")
    # The quarter of the handover: each holder met it within their part of it.
    assert rows[(first.pk, "2025-Q2")] == ("not_applicable", "partial_period")
    assert rows[(successor.pk, "2025-Q2")] == ("met", "")
    assert rows[(successor.pk, "2025-Q3")] == ("open", "")
    assert (successor.pk, "2025-Q1") not in rows


@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "bulk"])
def test_recompute_is_idempotent_and_removes_verdicts_no_longer_produced(org, bulk, monkeypatch):
    if bulk:  # the paths a province takes: COPY and set-based merge on PostgreSQL
        from zeren.records import verdict_store

        monkeypatch.setattr(verdict_store, "COPY_ROWS", 0)
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 4, 2)], "led_inspection")
    first = compliance_recompute(year=2025, as_of=AS_OF)
    assert first.rows > 0 and first.inserted_or_updated == first.rows
    again = compliance_recompute(year=2025, as_of=AS_OF)
    assert (again.rows, again.inserted_or_updated, again.deleted) == (first.rows, 0, 0)
    org.gh_post.role = "deputy_for_safety"  # a post with no countable duty under 河北
    org.gh_post.save()
    gone = compliance_recompute(year=2025, as_of=AS_OF)
    assert gone.deleted > 0
    assert not ComplianceRow.objects.filter(post=org.gh_post).exists()


def test_a_scoped_recompute_leaves_other_jurisdictions_alone(org):
    compliance_recompute(year=2025, as_of=AS_OF)
    wujin_rows = ComplianceRow.objects.filter(post=org.wujin_ps).count()
    assert wujin_rows > 0
    ComplianceRow.objects.filter(post=org.gh_post).delete()
    compliance_recompute(year=2025, jurisdiction=Jurisdiction.objects.get(code="130123"), as_of=AS_OF)
    assert ComplianceRow.objects.filter(post=org.gh_post).exists()
    assert ComplianceRow.objects.filter(post=org.wujin_ps).count() == wujin_rows


def test_the_resolver_agrees_with_policy_for_on_every_jurisdiction(org):
    resolver = Bindings()
    for node in Jurisdiction.objects.all():
        for day in (dt.date(2018, 6, 1), dt.date(2025, 1, 1)):
            expected = policy_for(node, day)
            got = resolver.policy_on(node.path, day)
            assert (got.id if got else None) == (expected.id if expected else None), (node.code, day)


def test_a_relatively_large_accident_in_a_deputys_sector_creates_a_go_to_the_scene_duty(org):
    from zeren.accidents.models import Accident
    from zeren.org.models import Body, Person, Post

    gov = Body.objects.get(code="320412-ZF")
    deputy = Post.objects.create(
        code="320412-GD1", title="副区长", body=gov, role="government_deputy", sectors=["住房城乡建设"]
    )
    holder = Appointment.objects.create(
        person=Person.objects.create(name="吴某", jurisdiction=gov.jurisdiction), post=deputy, start=dt.date(2020, 1, 1)
    )
    township = Jurisdiction.objects.get(code="320412100")
    cases = (("住房城乡建设", "relatively_large"), ("交通运输", "relatively_large"), ("住房城乡建设", "ordinary"))
    for sector, grade in cases:
        Accident.objects.create(
            title="事故",
            jurisdiction=township,
            sector=sector,
            grade=grade,
            deaths=3 if grade != "ordinary" else 1,
            occurred_at=dt.datetime(2025, 6, 3, 9, tzinfo=dt.UTC),
            policy_id="changzhou-2018",
            policy_version="t",
        )
    assert len(compliance_events_for(deputy, dt.date(2025, 1, 1), dt.date(2025, 12, 31))) == 3
    add_records(org, deputy, holder, [dt.date(2025, 6, 3)], "scene_arrival")
    compliance_recompute(year=2025, as_of=AS_OF)
    rows = list(ComplianceRow.objects.filter(post=deputy, obligation="cz-10.6-scene"))
    # Only the 较大 accident in a sector the deputy is in charge of binds; the arrival meets it.
    assert [(r.status, r.done) for r in rows] == [("met", 1)]


def test_the_command_recomputes_a_jurisdiction_and_reports_what_it_did(org):
    out = io.StringIO()
    call_command("recompute_compliance", "--jurisdiction", "130123", "--year", "2025", "--no-progress", stdout=out)
    assert "2025:" in out.getvalue() and "verdicts" in out.getvalue()
    assert ComplianceRow.objects.filter(post=org.gh_post, year=2025).exists()
    assert not ComplianceRow.objects.filter(post=org.wujin_ps).exists()


def test_the_command_refuses_an_unknown_jurisdiction(org):
    with pytest.raises(CommandError, match="999999"):
        call_command("recompute_compliance", "--jurisdiction", "999999", "--year", "2025")


@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "bulk"])
def test_recompute_compares_with_the_stored_verdicts_and_writes_only_the_difference(org, bulk, monkeypatch):
    if bulk:
        from zeren.records import verdict_store

        monkeypatch.setattr(verdict_store, "COPY_ROWS", 0)
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 2, 3), dt.date(2025, 5, 9)], "led_inspection")
    compliance_recompute(year=2025, as_of=AS_OF)
    fields = ("appointment_id", "obligation", "period", "required", "done", "status", "reason", "period_end")
    serial = set(ComplianceRow.objects.values_list(*fields))
    rows = list(ComplianceRow.objects.order_by("id"))
    ComplianceRow.objects.filter(pk=rows[0].pk).update(done=rows[0].done + 7, status="met")  # changed
    ComplianceRow.objects.filter(pk=rows[1].pk).delete()  # missing
    stray = rows[2]
    stray.pk, stray.appointment_id = None, 999999  # an appointment that is no longer there
    stray.save()
    result = compliance_recompute(year=2025, as_of=AS_OF)
    assert (result.inserted_or_updated, result.deleted) == (2, 1)
    assert set(ComplianceRow.objects.values_list(*fields)) == serial
    assert result.rows == len(serial)
    assert_tallies_equal_the_verdicts(2025)


def test_the_bulk_write_stores_what_the_row_by_row_write_stores(org, monkeypatch):
    """The bulk path (on PostgreSQL: binary COPY; when the scope is every post and no stored verdict is
    left as it was — the first computation, a pack update — the year's partition replaced whole; when
    every stored verdict of a smaller scope changed, one scan deleting them) stores the same verdicts and rollups as the
    row-by-row path (executemany; SQLite always takes it): cold, after a pack update of everything,
    and after one of a county only."""
    from django.db import connection

    from zeren.records import verdict_store
    from zeren.records.rollups import refresh_tallies
    from zeren.records.verdicts import COLUMNS

    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 2, 3), dt.date(2025, 5, 9)], "led_inspection")
    county = Jurisdiction.objects.get(code="130123")

    def stored():
        return Counter(ComplianceRow.objects.values_list(*COLUMNS))

    def run(copy_rows):
        monkeypatch.setattr(verdict_store, "COPY_ROWS", copy_rows)
        ComplianceRow.objects.all().delete()
        cold = compliance_recompute(year=2025, as_of=AS_OF)
        assert cold.inserted_or_updated == cold.rows > 0
        assert_tallies_equal_the_verdicts(2025)
        states = [stored()]
        ComplianceRow.objects.update(policy_version="previous")  # a pack update: every verdict changes
        again = compliance_recompute(year=2025, as_of=AS_OF)
        assert (again.inserted_or_updated, again.deleted) == (cold.rows, 0)
        assert_tallies_equal_the_verdicts(2025)
        states.append(stored())
        ComplianceRow.objects.update(policy_version="previous")
        with connection.cursor() as cursor:  # the rollups as of that update, which skipped them
            refresh_tallies(cursor, year=2025, jurisdiction_ids=set(Jurisdiction.objects.values_list("id", flat=True)))
        in_county = ComplianceRow.objects.filter(jurisdiction__path__startswith=county.path).count()
        assert 0 < in_county < cold.rows
        scoped = compliance_recompute(year=2025, jurisdiction=county, as_of=AS_OF)
        assert (scoped.inserted_or_updated, scoped.deleted) == (in_county, 0)
        assert ComplianceRow.objects.filter(policy_version="previous").count() == cold.rows - in_county
        assert_tallies_equal_the_verdicts(2025)
        states.append(stored())
        return states

    row_by_row = run(10**9)
    bulk = run(0)
    assert bulk == row_by_row
    assert row_by_row[0] == row_by_row[1]


@pytest.mark.parametrize(
    ("change", "days"),
    [
        (dt.date(2025, 5, 15), [dt.date(2025, 5, 5), dt.date(2025, 5, 20)]),
        (dt.date(2025, 6, 1), [dt.date(2025, 5, 5), dt.date(2025, 6, 20)]),
    ],
    ids=["mid-month", "first-of-month"],
)
def test_a_policy_change_during_the_year_counts_each_record_in_its_own_part(org, change, days):
    """Credits are counted per month, except in a month where the policy in force changes on
    another day than the first: there each part of the month counts only its own records. Either
    way the stored verdicts are the core's on the real dates, each record counted under one policy."""
    from zeren.org.models import PolicyBinding

    zhengding = org.gh_post.body.jurisdiction
    PolicyBinding.objects.create(jurisdiction=zhengding, pack_id="changzhou-2018", valid_from=change)
    add_records(org, org.gh_post, org.appointment, days, "executive_meeting")
    compliance_recompute(year=2025, as_of=AS_OF)
    expected = set()
    for first, last in ((dt.date(2025, 1, 1), change - dt.timedelta(days=1)), (change, dt.date(2025, 12, 31))):
        facts = ComplianceFacts.model_validate(
            {
                "post": {"role": "government_head", "level": "county"},
                "from": first,
                "to": last,
                "as_of": AS_OF,
                "records": [{"activity": "executive_meeting", "date": d} for d in days if first <= d <= last],
            }
        )
        verdict = evaluate_compliance(policy_for(zhengding, first), facts)
        expected |= {(i.obligation, i.period, i.done, i.status) for i in verdict.items}
    stored = set(
        ComplianceRow.objects.filter(post=org.gh_post, year=2025).values_list("obligation", "period", "done", "status")
    )
    assert stored == expected
    # Each record counted once: in the hebei part before the change, in the changzhou part after.
    near = ComplianceRow.objects.filter(
        post=org.gh_post, activity="executive_meeting", period_start__lte=days[1], period_end__gte=days[0]
    )
    assert {r.policy_id for r in near} == {"hebei-2018", "changzhou-2018"}
    assert [r.done for r in near] == [1] * len(near)
    assert_tallies_equal_the_verdicts(2025)


def test_a_post_moved_to_another_jurisdiction_has_its_verdicts_moved_with_it(org):
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 3, 3)], "led_inspection")
    compliance_recompute(year=2025, as_of=AS_OF)
    from zeren.org.services import JurisdictionRow, jurisdictions_upsert

    jurisdictions_upsert(
        rows=[JurisdictionRow(code="130125", name="行唐县", level="county", parent_code="130100")], actor=None
    )
    body = org.gh_post.body
    old, new = body.jurisdiction, Jurisdiction.objects.get(code="130125")
    body.jurisdiction = new
    body.save()
    result = compliance_recompute(year=2025, as_of=AS_OF)
    assert result.inserted_or_updated > 0
    assert set(ComplianceRow.objects.filter(post=org.gh_post).values_list("jurisdiction_id", flat=True)) == {new.pk}
    assert not ComplianceTally.objects.filter(year=2025, jurisdiction=old, role="government_head").exists()
    assert_tallies_equal_the_verdicts(2025)


def test_a_binding_that_takes_over_with_the_same_pack_splits_no_period(org):
    """Binding 石家庄市 to hebei-2018 again in mid-February changes nothing for 正定县: its first
    quarter is still one whole period, missed without a record (not a partial one)."""
    from zeren.org.models import PolicyBinding

    PolicyBinding.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="130100"), pack_id="hebei-2018", valid_from=dt.date(2025, 2, 14)
    )
    compliance_recompute(year=2025, as_of=AS_OF)
    row = ComplianceRow.objects.get(post=org.gh_post, obligation="hb-6.3-inspection-county", period="2025-Q1")
    assert (row.status, row.reason, row.period_start) == ("missed", "", dt.date(2025, 1, 1))


def test_verdicts_written_before_their_year_had_a_partition_are_moved_into_it(org):
    """A verdict stored by other means than the recompute, for a year the verdict table has no
    partition for yet, is kept in the default partition (PostgreSQL) and moved into the year's own
    when the recompute first writes the year; on SQLite there is one table and nothing to move."""
    from django.db import connection

    from zeren.records import partitions

    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 2, 3)], "led_inspection")
    compliance_recompute(year=2025, as_of=AS_OF)
    kept = ComplianceRow.objects.filter(year=2025).first()
    kept.pk, kept.year, kept.period = None, 2031, "2031-Q1"  # a year no recompute has written
    kept.save()

    def count(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE year = 2031")  # noqa: S608
            return cursor.fetchone()[0]

    postgres = connection.vendor == "postgresql"
    if postgres:
        assert count(partitions.VERDICTS.default) == 1
    with connection.cursor() as cursor:
        partitions.ensure_year(cursor, 2031)
        partitions.ensure_year(cursor, 2031)  # once made, left alone
    assert ComplianceRow.objects.filter(year=2031).get().pk == kept.pk
    if postgres:
        assert count(partitions.VERDICTS.default) == 0
        assert count(partitions.VERDICTS.year_table(2031)) == 1
