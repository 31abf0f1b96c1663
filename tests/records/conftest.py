"""Fixtures for duty performance: posts with tenures under the two policies, and image bytes."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest

# A 1×1 PNG and a minimal JPEG header are enough for the content check.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


@dataclass
class Org:
    """正定县 (河北) with its government head held by the official; 武进区 (常州) posts."""

    gh_post: object
    ps_post: object
    deputy_post: object
    wujin_ps: object
    wujin_gh: object
    official_person: object
    appointment: object
    previous_holder: object
    official: object


@pytest.fixture
def org(world, make_user):
    from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post

    PolicyBinding.objects.create(jurisdiction=world.province, pack_id="hebei-2018", valid_from=dt.date(2018, 4, 8))
    PolicyBinding.objects.create(jurisdiction=world.city, pack_id="changzhou-2018", valid_from=dt.date(2018, 12, 14))
    zhengding = Jurisdiction.objects.get(code="130123")
    gov = Body.objects.create(code="130123-ZF", name="正定县人民政府", jurisdiction=zhengding, kind="government")
    party = Body.objects.create(
        code="130123-DW", name="中共正定县委员会", jurisdiction=zhengding, kind="party_committee"
    )
    gh = Post.objects.create(code="130123-GH", title="县长", body=gov, role="government_head")
    ps = Post.objects.create(code="130123-PS", title="县委书记", body=party, role="party_secretary")
    ds = Post.objects.create(code="130123-DS", title="常务副县长", body=gov, role="deputy_for_safety")
    wgov = Body.objects.create(code="320412-ZF", name="武进区人民政府", jurisdiction=world.county_a, kind="government")
    wparty = Body.objects.create(
        code="320412-DW", name="中共武进区委员会", jurisdiction=world.county_a, kind="party_committee"
    )
    wps = Post.objects.create(code="320412-PS", title="区委书记", body=wparty, role="party_secretary")
    wgh = Post.objects.create(code="320412-GH", title="区长", body=wgov, role="government_head")
    person = Person.objects.create(name="赵立新", jurisdiction=zhengding)
    previous = Person.objects.create(name="孙建国", jurisdiction=zhengding)
    Appointment.objects.create(
        person=previous, post=gh, start=dt.date(2019, 1, 1), end=dt.date(2024, 2, 29), end_reason="transferred"
    )
    appointment = Appointment.objects.create(person=person, post=gh, start=dt.date(2024, 3, 1))
    for post in (ps, ds, wps, wgh):
        Appointment.objects.create(
            person=Person.objects.create(name=f"任{post.code}", jurisdiction=post.body.jurisdiction),
            post=post,
            start=dt.date(2020, 1, 1),
        )
    official = make_user("zhengding-official", role="official", jurisdiction=zhengding, person=person)
    return Org(gh, ps, ds, wps, wgh, person, appointment, previous, official)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Samples:
    png: bytes
    jpeg: bytes
    pdf: bytes
    docx: bytes


@pytest.fixture
def samples():
    """Bytes of small real files of each evidence type."""
    return Samples(PNG, JPEG, PDF, docx_bytes())


def credited_record(author, appointment, activity, day, *, deleted: bool = False, **record):
    """A performance record on ``day`` credited to ``appointment``'s post as its leader, written
    directly (no service, no verdicts updated): for tests that judge the year afterwards. A deleted
    one keeps its credit, inactive, as ``record_delete`` leaves it."""
    from zeren.records.models import PerformanceRecord, RecordCredit

    post = appointment.post
    made = PerformanceRecord.objects.create(
        activity=activity,
        occurred_on=day,
        jurisdiction=post.body.jurisdiction,
        created_by=author,
        deleted_at=dt.datetime(day.year + 1, 1, 2, tzinfo=dt.UTC) if deleted else None,
        **record,
    )
    RecordCredit.objects.create(
        record=made,
        post=post,
        appointment=appointment,
        person=appointment.person,
        capacity="leader",
        activity=activity,
        occurred_on=day,
        active=not deleted,
    )
    return made


def assert_tree_rollups_equal_the_tallies() -> None:
    """The whole tree's rollups equal a GROUP BY of the jurisdictions' tallies, every year: per
    jurisdiction, role and obligation (with its policy) and status, and the trend per month, closing
    month and status; no row of theirs counts 0 (nor less)."""
    from collections import Counter

    from zeren.records.models import (
        ComplianceTally,
        ComplianceTreeTally,
        ComplianceTreeTrendTally,
        ComplianceTrendTally,
    )

    expected: Counter = Counter()
    for year, jid, role, obligation, policy_id, version, status, n in ComplianceTally.objects.values_list(
        "year", "jurisdiction_id", "role", "obligation", "policy_id", "policy_version", "status", "n"
    ):
        expected[(year, "j", str(jid), "", "", status)] += n
        expected[(year, "r", role, "", "", status)] += n
        expected[(year, "o", obligation, policy_id, version, status)] += n
    rows = list(
        ComplianceTreeTally.objects.values_list("year", "kind", "item", "policy_id", "policy_version", "status", "n")
    )
    assert all(row[-1] > 0 for row in rows)
    assert Counter({row[:-1]: row[-1] for row in rows}) == expected
    assert len(rows) == len(expected)
    trend: Counter = Counter()
    for year, month, closes, status, n in ComplianceTrendTally.objects.values_list(
        "year", "month", "closes", "status", "n"
    ):
        trend[(year, month, closes, status)] += n
    rows = list(ComplianceTreeTrendTally.objects.values_list("year", "month", "closes", "status", "n"))
    assert all(row[-1] > 0 for row in rows)
    assert Counter({row[:-1]: row[-1] for row in rows}) == trend
    assert len(rows) == len(trend)
