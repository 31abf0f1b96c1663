"""Test data for tours: the leaders of the city and both counties, a round of the city's tours with
its group, a tour of county A's government with two findings and the feedback given, and county A's
rectification plan with its items — all made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accidents.factories import Leaders, bind, leaders
from zeren.tours import services
from zeren.tours.models import RectificationItem, RectificationPlan, Tour, TourPlan

D = dt.date
AUGUST_END = D(2025, 8, 31)
JUNE_FIRST = D(2025, 6, 1)


@dataclass
class Toured:
    city: Leaders
    county_a: Leaders
    county_b: Leaders
    plan: TourPlan
    tour: Tour


def org(world) -> tuple[Leaders, Leaders, Leaders]:
    bind(world)
    return (
        leaders(world.city, names="市甲乙丙丁戊"),
        leaders(world.county_a),
        leaders(world.county_b, names="新甲乙丙丁戊"),
    )


def planned(world, city_office, *, feedback: bool = True, findings: int = 2) -> Toured:
    city, a, b = org(world)
    plan = services.tour_plan_create(
        actor=city_office,
        organiser=world.city,
        year=2025,
        round=1,
        kind="regular",
        title="2025年第一轮安全生产巡查",
        start=D(2025, 4, 1),
        end=D(2025, 4, 30),
    )
    services.group_member_add(
        actor=city_office, plan=plan, expected_version=plan.version, person=city.deputy_for_safety, role="leader"
    )
    services.group_member_add(
        actor=city_office, plan=plan, expected_version=plan.version, person=city.bureau_chief, role="deputy"
    )
    tour = services.tour_add(
        actor=city_office,
        plan=plan,
        expected_version=plan.version,
        target=a.government,
        start=D(2025, 4, 7),
        end=D(2025, 4, 11),
    )
    tour = services.tour_record(
        actor=city_office,
        tour=tour,
        expected_version=tour.version,
        methods=["briefing", "records", "unannounced"],
        documents_seen="2024年度安全生产工作台账",
    )
    texts = [
        ("区政府常务会议全年未专题研究安全生产工作", "CZ-7", "government", a.government, None),
        ("某化工企业动火作业未审批", "CZ-10", "enterprise", None, "常州某化工有限公司"),
    ]
    for description, article, level, body, enterprise in texts[:findings]:
        services.finding_add(
            actor=city_office,
            tour=tour,
            data=services.FindingInput(
                description=description,
                criterion="安全生产责任制有关规定",
                article=article,
                level=level,
                found_on=D(2025, 4, 9),
                responsible_body=body,
                responsible_enterprise=enterprise or "",
                responsible_person=a.deputy_for_safety if level == "government" else None,
            ),
        )
    if feedback:
        tour = services.feedback_issue(
            actor=city_office,
            tour=tour,
            expected_version=tour.version,
            feedback_on=D(2025, 5, 10),
            feedback_number="常安办〔2025〕12号",
        )
    plan.refresh_from_db()
    return Toured(city, a, b, plan, tour)


def rectifying(
    t: Toured, office_a, *, deadline: dt.date = AUGUST_END
) -> tuple[RectificationPlan, list[RectificationItem]]:
    plan = services.rectification_plan_create(
        actor=office_a,
        jurisdiction=t.tour.jurisdiction,
        tour=t.tour,
        title="武进区巡查整改方案",
        submitted_on=D(2025, 5, 20),
    )
    items = []
    for finding in t.tour.findings.order_by("number"):
        items.append(
            services.rectification_item_add(
                actor=office_a,
                plan=plan,
                expected_version=plan.version,
                data=services.ItemInput(
                    measure=f"整改：{finding.description}",
                    standard="问题清零",
                    responsible_unit=t.county_a.safety_bureau,
                    leader=t.county_a.deputy_for_safety,
                    deadline=deadline,
                    finding=finding,
                ),
            )
        )
    return plan, items


def reported_done(item, office_a, *, on: dt.date = JUNE_FIRST):
    services.progress_report(
        actor=office_a, item=item, expected_version=item.version, reported_on=on, text="已完成整改", completes=True
    )
    item.refresh_from_db()
    return item
