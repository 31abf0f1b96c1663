"""Demo tours: 常州市 toured 武进区人民政府 in April 2025 (two findings, the 反馈 given), and 武进区
submitted its rectification plan (one item signed off, one overdue and escalated). Made through the
services, so the audit trail holds it. Idempotent: run again, it adds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zeren.accounts.models import User
from zeren.org.models import Appointment, Body, Jurisdiction, Person
from zeren.tours import services
from zeren.tours.models import TourPlan

D = dt.date


def load() -> str:
    city = Jurisdiction.objects.filter(code="320400").first()
    target = Body.objects.filter(code="320412-ZF").first()
    city_office = User.objects.filter(username="cz-office").first()
    county_office = User.objects.filter(username="wujin-office").first()
    if city is None or target is None or city_office is None or county_office is None:
        return "tours: no demo organisation, nothing added"
    if TourPlan.objects.filter(organiser=city, year=2025).exists():
        return "tours: already loaded"
    group = list(Person.objects.filter(jurisdiction=city).order_by("id")[:3])
    holders = Appointment.objects.filter(post__body__jurisdiction=target.jurisdiction, end__isnull=True)
    leader = holders.filter(post__role="deputy_for_safety").select_related("person").first() or holders.first()
    unit = Body.objects.filter(jurisdiction=target.jurisdiction, kind="department").order_by("code").first() or target
    if len(group) < 2 or leader is None:
        return "tours: the demo organisation lacks people, nothing added"
    _policy, articles = services.article_choices(target.jurisdiction, D(2025, 4, 9))
    known = dict(articles)
    with transaction.atomic():
        plan = services.tour_plan_create(
            actor=city_office,
            organiser=city,
            year=2025,
            round=1,
            kind="regular",
            title="2025年第一轮安全生产巡查",
            start=D(2025, 4, 1),
            end=D(2025, 4, 30),
        )
        for person, role in zip(group, ("leader", "deputy", "expert"), strict=False):
            services.group_member_add(
                actor=city_office, plan=plan, expected_version=plan.version, person=person, role=role
            )
        tour = services.tour_add(
            actor=city_office,
            plan=plan,
            expected_version=plan.version,
            target=target,
            start=D(2025, 4, 7),
            end=D(2025, 4, 11),
        )
        tour = services.tour_record(
            actor=city_office,
            tour=tour,
            expected_version=tour.version,
            methods=["briefing", "records", "interviews", "unannounced"],
            documents_seen="2024年度区政府常务会议纪要、安全生产责任清单、隐患排查治理台账",
        )
        for description, article, level in (
            ("区政府常务会议2024年下半年未听取安全生产工作汇报", "CZ-7", "government"),
            ("某化工企业动火作业未履行审批手续", "CZ-10", "enterprise"),
        ):
            services.finding_add(
                actor=city_office,
                tour=tour,
                data=services.FindingInput(
                    description=description,
                    criterion="安全生产责任制有关规定",
                    article=article if article in known else "",
                    level=level,
                    found_on=D(2025, 4, 9),
                    responsible_body=target if level == "government" else None,
                    responsible_enterprise="常州某化工有限公司" if level == "enterprise" else "",
                    responsible_person=leader.person if level == "government" else None,
                ),
            )
        tour = services.feedback_issue(
            actor=city_office,
            tour=tour,
            expected_version=tour.version,
            feedback_on=D(2025, 5, 10),
            feedback_number="常安办〔2025〕12号",
            notice_number="常安办〔2025〕13号",
        )
        rect = services.rectification_plan_create(
            actor=county_office,
            jurisdiction=target.jurisdiction,
            tour=tour,
            title="武进区人民政府安全生产巡查整改方案",
            submitted_on=D(2025, 5, 22),
        )
        items = []
        for finding, deadline in zip(tour.findings.order_by("number"), (D(2025, 6, 30), D(2025, 9, 30)), strict=True):
            items.append(
                services.rectification_item_add(
                    actor=county_office,
                    plan=rect,
                    expected_version=rect.version,
                    data=services.ItemInput(
                        measure=f"整改：{finding.description}",
                        standard="问题清零、建立长效机制",
                        responsible_unit=unit,
                        leader=leader.person,
                        deadline=deadline,
                        finding=finding,
                    ),
                )
            )
        first = items[0]
        services.progress_report(
            actor=county_office,
            item=first,
            expected_version=first.version,
            reported_on=D(2025, 6, 20),
            text="已召开区政府常务会议专题听取安全生产工作汇报",
            completes=True,
        )
        first.refresh_from_db()
        services.item_close(
            actor=city_office,
            item=first,
            expected_version=first.version,
            closed_on=D(2025, 6, 25),
            note="查阅会议纪要，属实",
        )
        services.escalate_overdue(today=D(2025, 10, 1))
    return "tours: a round of 常州市 touring 武进区 with its rectification"
