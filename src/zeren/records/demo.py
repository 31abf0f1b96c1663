"""Demo performance records: 2025 up to today for the demo posts of 武进区, 新北区 and 正定县 and their
townships, each post keeping up with its recurring duties at its own rate (so some periods are
missed and the dashboard shows variation), and the compliance verdicts computed from them. The posts
of the demo's official accounts kept up with every past period and keep their current periods open
(nothing recorded yet), so that the official can record one and watch the duty turn met; the office
entered the records, and the latest two wait for the official's confirmation.
Deterministic and idempotent: run again, it adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zeren.accounts.models import User
from zeren.org.bindings import Bindings
from zeren.org.models import Appointment, Jurisdiction, Post
from zeren.policy.duties import duties_for
from zeren.policy.periods import periods_between
from zeren.records.compliance import compliance_recompute
from zeren.records.models import Confirmation, PerformanceRecord, RecordCredit

COUNTIES = {"320412": "wujin-office", "320411": "xinbei-office", "130123": "zhengding-office"}
# How reliably each county's posts keep up (townships vary around it).
DILIGENCE = {"320412": 0.92, "320411": 0.78, "130123": 0.66}
PLACES = [
    "区应急管理局会议室",
    "工业园区",
    "建筑工地",
    "危化品仓储企业",
    "农贸市场",
    "学校",
    "镇政府会议室",
    "交通枢纽",
]
SUMMARIES = {
    "led_inspection": "带队检查安全生产工作，现场查看隐患整改情况，提出整改要求。",
    "research_visit": "调研安全生产工作，听取企业负责人汇报，研究解决突出问题。",
    "joint_meeting": "召开党政联席会议，研究部署本月安全生产工作。",
    "executive_meeting": "政府常务会议听取安全生产工作汇报，研究部署重点工作。",
    "standing_committee_meeting": "常委会会议听取安全生产工作汇报，研究重大问题。",
    "study_session": "理论学习中心组开展安全生产专题学习。",
}
START = dt.date(2025, 1, 1)


def load() -> str:
    today = timezone.localdate()
    counties = list(Jurisdiction.objects.filter(code__in=COUNTIES))
    if not counties:
        return "Demo records: the demo jurisdictions are missing; nothing loaded"
    scope = Q()
    for county in counties:
        scope |= Q(jurisdiction__path__startswith=county.path)
    if PerformanceRecord.objects.filter(scope).exists():
        return f"Demo records: already there ({PerformanceRecord.objects.filter(scope).count()} records)"
    with transaction.atomic():
        created = _create(counties, today)
        verdicts = 0
        for year in range(START.year, today.year + 1):
            verdicts += compliance_recompute(year=year, as_of=today).rows
    return f"Demo records: {created} records for {len(counties)} counties and their townships; {verdicts} verdicts"


def _covers(appointment: Appointment, day: dt.date) -> bool:
    return appointment.start <= day and (appointment.end is None or day <= appointment.end)


def _create(counties: list[Jurisdiction], today: dt.date) -> int:
    rng = random.Random(2025)  # noqa: S311 - a seeded demo, not a secret
    resolver = Bindings()
    authors = {u.username: u for u in User.objects.filter(username__in=COUNTIES.values())}
    fallback = User.objects.filter(is_superuser=True).order_by("id").first()
    records: list[PerformanceRecord] = []
    credits: list[tuple[int, Post, Appointment]] = []
    officials_posts = set(
        Appointment.objects.filter(person__account__role="official", start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("post_id", flat=True)
    )
    for county in counties:
        author = authors.get(COUNTIES[county.code], fallback)
        if author is None:
            continue
        posts = Post.objects.filter(body__jurisdiction__path__startswith=county.path).select_related(
            "body__jurisdiction"
        )
        holdings: dict[int, list[Appointment]] = {}
        for appointment in Appointment.objects.filter(post__in=posts).filter(Q(end__isnull=True) | Q(end__gte=START)):
            holdings.setdefault(appointment.post_id, []).append(appointment)
        for post in posts.order_by("code"):
            jurisdiction = post.body.jurisdiction
            policy = resolver.policy_on(jurisdiction.path, today)
            if policy is None:
                continue
            _scope, duties = duties_for(policy, post.role, jurisdiction.level, post.department_kind)
            diligence = min(0.99, max(0.3, DILIGENCE[county.code] + rng.uniform(-0.2, 0.12)))
            for duty in duties:
                if duty.kind != "periodic" or duty.activity is None or duty.every is None:
                    continue
                for period in periods_between(duty.every, START, today):
                    if post.pk in officials_posts and period.start <= today <= period.end:
                        continue  # left for the demo official to record
                    if post.pk not in officials_posts and rng.random() > diligence:
                        continue  # a missed (or, for the current period, not yet done) period
                    for _ in range(duty.at_least + (1 if rng.random() < 0.15 else 0)):
                        last = min(period.end, today)
                        day = period.start + dt.timedelta(days=rng.randrange((last - period.start).days + 1))
                        holder = next((a for a in holdings.get(post.pk, []) if _covers(a, day)), None)
                        if holder is None:
                            continue
                        records.append(
                            PerformanceRecord(
                                activity=duty.activity,
                                occurred_on=day,
                                jurisdiction=jurisdiction,
                                place=rng.choice(PLACES),
                                summary=SUMMARIES.get(duty.activity, ""),
                                created_by=author,
                            )
                        )
                        credits.append((len(records) - 1, post, holder))
    saved = PerformanceRecord.objects.bulk_create(records, batch_size=500)
    RecordCredit.objects.bulk_create(
        [
            RecordCredit(
                record=saved[index],
                post=post,
                appointment=holder,
                person_id=holder.person_id,
                capacity="leader",
                counts=True,
                activity=saved[index].activity,
                occurred_on=saved[index].occurred_on,
            )
            for index, post, holder in credits
        ],
        batch_size=500,
    )
    # The office entered them: the demo officials confirmed the earlier ones; the latest two wait for them.
    asked = list(
        RecordCredit.objects.filter(person__account__role="official", record__created_by__in=authors.values())
        .order_by("-occurred_on", "-id")
        .values_list("id", flat=True)
    )
    RecordCredit.objects.filter(id__in=asked[:2]).update(confirmation=Confirmation.PENDING)
    RecordCredit.objects.filter(id__in=asked[2:]).update(
        confirmation=Confirmation.CONFIRMED, confirmation_at=timezone.now()
    )
    return len(saved)
