"""The recompute judges each appointment as its credit counts come in from the database, while the
stored verdicts are read beside it (zeren.records.compliance): the verdicts are those of reading
everything first, an accident's event duty included (its accidents are read before the counts hold
the connection), and a failure on either side leaves nothing written."""

import datetime

import pytest
from django.db import DatabaseError, connection

from accidents.factories import at, register
from zeren.records import loading, verdict_store
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow
from zeren.records.services import RecordInput, record_create

pytestmark = pytest.mark.django_db
SCENE = "cz-10.6-scene"


def verdicts(jurisdiction):
    return sorted(
        ComplianceRow.objects.filter(jurisdiction=jurisdiction, year=2025).values_list(
            "appointment_id", "obligation", "period", "done", "status"
        )
    )


@pytest.fixture
def county_with_records(office_a, wujin, bound):
    """武进区 under 常州: a 较大 accident in the building deputy's (GD1) sector, whose scene he
    reached the next day; the industry deputy (GD2, appointed after him) at another scene; and the
    meetings the secretary and the head hold."""
    accident = register(office_a, bound.township_a, sector="住房城乡建设", deaths=3, occurred_at=at("2025-05-03 09:10"))
    for code, activity, day in (
        ("PS", "standing_committee_meeting", datetime.date(2025, 3, 12)),
        ("PS", "study_session", datetime.date(2025, 4, 2)),
        ("GH", "executive_meeting", datetime.date(2025, 3, 20)),
        ("GD1", "scene_arrival", datetime.date(2025, 5, 4)),
        ("GD2", "scene_arrival", datetime.date(2025, 6, 9)),
    ):
        record_create(
            actor=office_a,
            data=RecordInput(activity=activity, occurred_on=day, leader_post=wujin.posts[code], place=f"{code}现场"),
        )
    return accident


def test_the_event_duty_is_judged_while_later_appointments_counts_are_still_coming(
    county_with_records, wujin, monkeypatch
):
    building = wujin.posts["GD1"]
    counted = []
    counts = loading.credit_counts

    def recorded(*args, **kwargs):
        for appointment_id, found in counts(*args, **kwargs):
            counted.append(appointment_id)
            yield appointment_id, found

    monkeypatch.setattr("zeren.records.compliance.credit_counts", recorded)
    ComplianceRow.objects.filter(jurisdiction=wujin.jurisdiction).delete()

    compliance_recompute(year=2025, jurisdiction=wujin.jurisdiction, as_of=datetime.date(2026, 1, 10))

    scene = ComplianceRow.objects.get(post=building, obligation=SCENE)
    assert (scene.period, scene.status, scene.done) == (f"event:{county_with_records.pk}", "met", 1)
    # Counts of an appointment after his were still to come when he was judged.
    assert counted == sorted(counted) and counted[-1] > building.appointments.get().pk


def test_the_verdicts_are_those_of_reading_every_count_first(county_with_records, wujin, monkeypatch):
    as_of = datetime.date(2026, 1, 10)
    compliance_recompute(year=2025, jurisdiction=wujin.jurisdiction, as_of=as_of)
    streamed = verdicts(wujin.jurisdiction)
    assert any(status == "met" for *_rest, status in streamed)

    def all_first(*args, **kwargs):  # every count read before the first appointment is judged
        yield from list(counts(*args, **kwargs))

    counts = loading.credit_counts
    monkeypatch.setattr("zeren.records.compliance.credit_counts", all_first)
    ComplianceRow.objects.filter(jurisdiction=wujin.jurisdiction).delete()
    compliance_recompute(year=2025, jurisdiction=wujin.jurisdiction, as_of=as_of)
    assert verdicts(wujin.jurisdiction) == streamed


def test_asking_for_accidents_not_read_before_judging_is_an_error():
    accidents = loading.Accidents(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), None)
    accidents.read(["1/2/"])
    assert accidents.events_for("1/2/", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)) == []
    with pytest.raises(RuntimeError, match="not read before"):
        accidents.events_for("1/3/", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def test_a_failed_read_of_the_stored_verdicts_changes_nothing_and_is_djangos_error(
    county_with_records, wujin, monkeypatch
):
    before = verdicts(wujin.jurisdiction)
    assert before
    ComplianceRow.objects.filter(jurisdiction=wujin.jurisdiction, status="met").update(done=99)
    changed = verdicts(wujin.jurisdiction)
    stored = verdict_store.stored

    def broken(cursor, **kwargs):
        read = stored(cursor, **kwargs)

        def fail(free):
            cursor.execute("SELECT no_such_column FROM records_compliancerow")
            return read(free)

        return fail

    monkeypatch.setattr("zeren.records.compliance.verdict_store.stored", broken)
    with pytest.raises(DatabaseError, match="no_such_column"):  # the cause, not the aborted transaction
        compliance_recompute(year=2025, jurisdiction=wujin.jurisdiction, as_of=datetime.date(2026, 1, 10))
    monkeypatch.undo()
    assert verdicts(wujin.jurisdiction) == changed
    # The connection is usable again: the same recompute puts the verdicts right.
    compliance_recompute(year=2025, jurisdiction=wujin.jurisdiction, as_of=datetime.date(2026, 1, 10))
    assert verdicts(wujin.jurisdiction) == before
    assert connection.is_usable()
