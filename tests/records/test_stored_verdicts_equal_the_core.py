"""The stored fast path (the recompute writing verdict rows) gives exactly what the core's
evaluate_compliance gives for the same facts, on random small provinces: a few jurisdictions under
both packs (one of them rebound during the year, mid-month or on the first), posts of several
shapes, appointments with random tenures and handovers, records across two years, accidents that
create event duties — recomputed, then recomputed again after more records (the difference path)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zeren.accidents.models import Accident
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
from zeren.policy.compliance import evaluate_compliance
from zeren.policy.facts import ComplianceFacts
from zeren.records import verdict_store
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow, RecordCredit

from .conftest import credited_record

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
YEARS = (2024, 2025)
CODES = ["130123", "320412", "320411", "130100", "320412100", "Z32040001", "130000"]
"""Counties first (both packs bind county posts; hebei also city, township and province ones)."""
# (body kind, department kind, role, sectors, the activities its duties count)
SHAPES = [
    ("government", "", "government_head", [], ["led_inspection", "executive_meeting", "duty_report"]),
    ("party_committee", "", "party_secretary", [], ["standing_committee_meeting", "research_visit", "study_session"]),
    ("government", "", "government_deputy", ["住房城乡建设"], ["scene_arrival", "situation_analysis", "duty_report"]),
    ("government", "", "government_deputy", ["交通运输"], ["scene_arrival", "situation_analysis"]),
    ("department", "key_regulator", "dept_deputy_for_safety", [], ["led_inspection", "special_meeting"]),
    ("department", "key_regulator", "dept_principal", [], ["led_inspection", "special_meeting"]),
    ("department", "industry_authority", "dept_principal", [], ["industry_report_heard", "joint_meeting"]),
]
FIRST, LAST = dt.date(2023, 7, 1), dt.date(2026, 1, 5)


def day_between(first: dt.date, last: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=first, max_value=max(first, last))


@st.composite
def provinces(draw):
    """A province as plain data: bindings, posts with tenures and records, accidents, as of."""
    rebound = st.tuples(
        st.sampled_from(["130123", "320412", "320411", *CODES]),
        st.sampled_from(["hebei-2018", "changzhou-2018"]),
        st.one_of(
            day_between(dt.date(2024, 1, 2), dt.date(2025, 12, 30)),
            st.sampled_from([dt.date(2024, 7, 1), dt.date(2025, 2, 1), dt.date(2025, 5, 1)]),
        ),
        st.one_of(st.none(), st.integers(min_value=1, max_value=400)),
    )
    rebinding = draw(st.one_of(st.none(), rebound, rebound))
    accidents = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["320412", "320412100", "320411", "Z32040001", "130123"]),
                st.sampled_from(["住房城乡建设", "交通运输"]),
                st.sampled_from([("relatively_large", 3), ("relatively_large", 3), ("ordinary", 1)]),
                st.one_of(
                    day_between(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
                    st.sampled_from([dt.date(2024, 12, 31), dt.date(2025, 12, 31)]),
                ),
            ),
            max_size=3,
        )
    )
    # Records are also drawn near the accidents (on the day, the day after: the window, or later).
    near = [d + dt.timedelta(days=k) for *_rest, d in accidents for k in (0, 1, 2)]
    if rebinding is not None:  # and around the day the policy changes, in its month
        near += [rebinding[2] + dt.timedelta(days=k) for k in (-3, -1, 0, 2, 5)]
    posts = []
    for _ in range(draw(st.integers(min_value=2, max_value=4))):
        code, (kind, department_kind, role, sectors, activities) = (
            draw(st.sampled_from(CODES)),
            draw(st.sampled_from(SHAPES)),
        )
        start = draw(day_between(FIRST, dt.date(2025, 11, 30)))
        tenures = []
        while start <= LAST and len(tenures) < 3:
            ends = draw(st.booleans())
            end = draw(day_between(start, dt.date(2025, 12, 31))) if ends else None
            last = min(end or LAST, LAST)
            inside = [d for d in near if start <= d <= last]
            days = st.tuples(
                st.sampled_from([*activities, "research_visit"]),
                st.one_of(day_between(start, last), *([st.sampled_from(inside)] if inside else [])),
            )
            tenures.append((start, end, draw(st.lists(days, max_size=14)), draw(st.lists(days, max_size=5))))
            if end is None:
                break
            start = end + dt.timedelta(days=draw(st.sampled_from([1, 1, 20])))
        posts.append((code, (kind, department_kind, role, sectors), tenures))
    as_of = draw(st.one_of(st.just(dt.date(2026, 1, 10)), day_between(dt.date(2024, 3, 1), dt.date(2026, 2, 1))))
    return rebinding, posts, accidents, as_of


def build(province, author):
    rebinding, posts, accidents, _as_of = province
    get = Jurisdiction.objects.get
    PolicyBinding.objects.create(jurisdiction=get(code="130000"), pack_id="hebei-2018", valid_from=dt.date(2018, 4, 8))
    PolicyBinding.objects.create(
        jurisdiction=get(code="320400"), pack_id="changzhou-2018", valid_from=dt.date(2018, 12, 14)
    )
    if rebinding is not None:
        code, pack_id, start, length = rebinding
        PolicyBinding.objects.create(
            jurisdiction=get(code=code),
            pack_id=pack_id,
            valid_from=start,
            valid_until=start + dt.timedelta(days=length) if length else None,
        )
    later = []
    for n, (code, (kind, department_kind, role, sectors), tenures) in enumerate(posts):
        where = get(code=code)
        body = Body.objects.create(
            code=f"B{n}", name=f"机关{n}", jurisdiction=where, kind=kind, department_kind=department_kind
        )
        post = Post.objects.create(code=f"P{n}", title=f"岗位{n}", body=body, role=role, sectors=sectors)
        for m, (start, end, first, second) in enumerate(tenures):
            appointment = Appointment.objects.create(
                person=Person.objects.create(name=f"人{n}-{m}", jurisdiction=where),
                post=post,
                start=start,
                end=end,
                end_reason="transferred" if end else "",
            )
            credit(author, post, appointment, first)
            later.append((post, appointment, second))
    for code, sector, (grade, deaths), day in accidents:
        Accident.objects.create(
            title="事故",
            jurisdiction=get(code=code),
            sector=sector,
            grade=grade,
            deaths=deaths,
            occurred_at=dt.datetime.combine(day, dt.time(12), tzinfo=ZONE),
            policy_id="changzhou-2018",
            policy_version="t",
        )
    return later


def credit(author, post, appointment, records):
    assert appointment.post_id == post.pk
    for activity, day in records:
        credited_record(author, appointment, activity, day)


def core_verdicts(year: int, as_of: dt.date) -> dict[tuple[int, str, str], tuple]:
    """evaluate_compliance on each appointment's tenure within the year, split where the policy in
    force (policy_for, one jurisdiction at a time) changes: the same facts the store judges."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cuts = {d for b in PolicyBinding.objects.all() for d in (b.valid_from, b.valid_until) if d is not None}
    out: dict[tuple[int, str, str], tuple] = {}
    for appointment in Appointment.objects.select_related("post__body__jurisdiction"):
        post, where = appointment.post, appointment.post.body.jurisdiction
        first, last = max(appointment.start, start), min(appointment.end or end, end)
        if last < first:
            continue
        bounds = sorted({first} | {d for d in cuts if first < d <= last})
        parts: list[list] = []  # [first, last, policy], one per stretch under one policy
        for i, part_start in enumerate(bounds):
            part_end = bounds[i + 1] - dt.timedelta(days=1) if i + 1 < len(bounds) else last
            policy = policy_for(where, part_start)
            if parts and parts[-1][2] is not None and policy is not None and parts[-1][2].id == policy.id:
                parts[-1][1] = part_end
            else:
                parts.append([part_start, part_end, policy])
        records = [
            {"activity": a, "date": d}
            for a, d in RecordCredit.objects.filter(appointment=appointment, counts=True, active=True).values_list(
                "activity", "occurred_on"
            )
        ]
        for part_start, part_end, policy in parts:
            if policy is None:
                continue
            events = [
                {
                    "occurred_at": a.occurred_at.astimezone(ZONE),
                    "grade": a.grade,
                    "deaths": a.deaths,
                    "sector": a.sector,
                    "id": str(a.pk),
                }
                for a in Accident.objects.filter(jurisdiction__path__startswith=where.path).order_by("occurred_at")
                if part_start <= a.occurred_at.astimezone(ZONE).date() <= part_end
            ]
            facts = ComplianceFacts.model_validate(
                {
                    "post": {
                        "role": post.role,
                        "level": where.level,
                        "department_kind": post.body.department_kind or None,
                        "sectors": post.sectors,
                    },
                    "from": part_start,
                    "to": part_end,
                    "as_of": as_of,
                    "records": records,
                    "events": events,
                }
            )
            for item in evaluate_compliance(policy, facts).items:
                out[(appointment.pk, item.obligation, item.period)] = (
                    item.required,
                    item.done,
                    item.status,
                    item.reason or "",
                    item.period_start,
                    item.period_end,
                    policy.id,
                    post.pk,
                    where.pk,
                )
    return out


def stored_verdicts(year: int) -> dict[tuple[int, str, str], tuple]:
    fields = ("required", "done", "status", "reason", "period_start", "period_end", "policy_id", "post_id")
    return {
        (r[0], r[1], r[2]): r[3:]
        for r in ComplianceRow.objects.filter(year=year).values_list(
            "appointment_id", "obligation", "period", *fields, "jurisdiction_id"
        )
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(province=provinces(), bulk=st.booleans())
@example(  # 正定县 passes to 常州's pack on 15 May, with records on both sides of the day; a handover
    province=(
        ("130123", "changzhou-2018", dt.date(2025, 5, 15), None),
        [
            (
                "130123",
                ("government", "", "government_head", []),
                [
                    (
                        dt.date(2024, 3, 1),
                        None,
                        [("executive_meeting", dt.date(2025, 5, 20)), ("executive_meeting", dt.date(2025, 5, 10))],
                        [("executive_meeting", dt.date(2025, 5, 16))],
                    )
                ],
            ),
            (
                "130123",
                ("party_committee", "", "party_secretary", []),
                [
                    (
                        dt.date(2025, 2, 10),
                        dt.date(2025, 5, 20),
                        [("standing_committee_meeting", dt.date(2025, 5, 18))],
                        [],
                    ),
                    (dt.date(2025, 5, 21), None, [], [("standing_committee_meeting", dt.date(2025, 6, 3))]),
                ],
            ),
        ],
        [],
        dt.date(2026, 1, 10),
    ),
    bulk=False,
)
@example(  # an accident on 31 December met by going to the scene on 1 January
    province=(
        None,
        [
            (
                "320412",
                ("government", "", "government_deputy", ["住房城乡建设"]),
                [(dt.date(2024, 1, 1), None, [("scene_arrival", dt.date(2026, 1, 1))], [])],
            )
        ],
        [("320412100", "住房城乡建设", ("relatively_large", 3), dt.date(2025, 12, 31))],
        dt.date(2026, 1, 10),
    ),
    bulk=True,
)
def test_the_stored_verdicts_are_the_cores_on_random_provinces(world, make_user, province, bulk):
    as_of = province[-1]
    copy_rows = verdict_store.COPY_ROWS
    verdict_store.COPY_ROWS = 0 if bulk else copy_rows
    try:
        with transaction.atomic():
            author = make_user("property-author", superuser=True)
            later = build(province, author)
            for year in YEARS:
                compliance_recompute(year=year, as_of=as_of)
                assert stored_verdicts(year) == core_verdicts(year, as_of), year
            for post, appointment, records in later:
                credit(author, post, appointment, records)
            for year in YEARS:
                compliance_recompute(year=year, as_of=as_of)
                assert stored_verdicts(year) == core_verdicts(year, as_of), year
            transaction.set_rollback(True)
    finally:
        verdict_store.COPY_ROWS = copy_rows
