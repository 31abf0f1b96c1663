"""The tour and rectification services: who may act, what they refuse (nothing changes), optimistic
locking, the audit trail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tours.helpers import D, org, planned, rectifying, reported_done
from zeren.audit.models import AuditEvent
from zeren.problems import Conflict, Problems
from zeren.tours import services
from zeren.tours.models import Finding, ItemStatus, RectificationItem, Tour, TourPlan

pytestmark = pytest.mark.django_db


def test_the_city_plans_a_round_with_its_group_and_a_tour_of_a_county(world, city_office):
    t = planned(world, city_office, feedback=False)
    assert t.plan.members.count() == 2
    assert t.tour.jurisdiction == world.county_a
    assert t.tour.findings.count() == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"tours.plan_create", "tours.member_add", "tours.tour_add", "tours.finding_add"} <= actions


def test_a_county_office_cannot_plan_a_round_of_the_city(world, office_a):
    org(world)
    with pytest.raises(PermissionDenied):
        services.tour_plan_create(
            actor=office_a,
            organiser=world.city,
            year=2025,
            round=1,
            kind="regular",
            title="x",
            start=D(2025, 1, 1),
            end=D(2025, 1, 2),
        )
    assert not TourPlan.objects.exists()


def test_a_bad_round_is_refused_with_every_problem(world, city_office):
    org(world)
    with pytest.raises(Problems) as refused:
        services.tour_plan_create(
            actor=city_office,
            organiser=world.city,
            year=2024,
            round=1,
            kind="weekly",
            title=" ",
            start=D(2025, 5, 1),
            end=D(2025, 4, 1),
        )
    assert len(refused.value.items) == 4
    assert not TourPlan.objects.exists()


def test_the_same_round_twice_is_refused(world, city_office):
    t = planned(world, city_office, feedback=False)
    with pytest.raises(Problems, match=r"第1轮|round 1"):
        services.tour_plan_create(
            actor=city_office,
            organiser=world.city,
            year=2025,
            round=1,
            kind="special",
            title="又一轮",
            start=D(2025, 6, 1),
            end=D(2025, 6, 2),
        )
    assert TourPlan.objects.count() == 1 and t.plan


def test_only_departments_of_the_same_level_and_committees_or_governments_below_are_toured(world, city_office):
    t = planned(world, city_office, feedback=False)
    for body in (t.city.government, t.county_a.safety_bureau):
        with pytest.raises(Problems):
            services.tour_add(
                actor=city_office,
                plan=t.plan,
                expected_version=t.plan.version,
                target=body,
                start=D(2025, 4, 14),
                end=D(2025, 4, 15),
            )
    services.tour_add(
        actor=city_office,
        plan=t.plan,
        expected_version=t.plan.version,
        target=t.city.safety_bureau,
        start=D(2025, 4, 14),
        end=D(2025, 4, 15),
    )
    assert Tour.objects.count() == 2


def test_a_group_has_one_leader(world, city_office):
    t = planned(world, city_office, feedback=False)
    with pytest.raises(Problems):
        services.group_member_add(
            actor=city_office, plan=t.plan, expected_version=t.plan.version, person=t.city.head, role="leader"
        )
    assert t.plan.members.count() == 2


def test_a_stale_version_is_a_conflict_and_changes_nothing(world, city_office):
    t = planned(world, city_office, feedback=False)
    with pytest.raises(Conflict):
        services.tour_record(
            actor=city_office,
            tour=t.tour,
            expected_version=t.tour.version - 1,
            methods=["symposium"],
            documents_seen="",
        )
    t.tour.refresh_from_db()
    assert t.tour.methods == ["briefing", "records", "unannounced"]


def test_a_finding_names_the_enterprise_or_the_body_and_an_article_of_the_pack_in_force(world, city_office):
    t = planned(world, city_office, feedback=False, findings=0)
    bad = services.FindingInput(
        description="x", criterion="y", article="HB-14", level="enterprise", found_on=D(2025, 5, 1)
    )
    with pytest.raises(Problems) as refused:
        services.finding_add(actor=city_office, tour=t.tour, data=bad)
    messages = " ".join(refused.value.problems)
    assert len(refused.value.items) == 3, messages  # article of another pack, no enterprise, date outside
    assert not Finding.objects.exists()


def test_findings_are_final_after_the_feedback(world, city_office):
    t = planned(world, city_office)
    with pytest.raises(Problems):
        services.finding_add(
            actor=city_office,
            tour=t.tour,
            data=services.FindingInput(
                description="迟到的问题",
                criterion="y",
                article="",
                level="enterprise",
                found_on=D(2025, 4, 9),
                responsible_enterprise="某公司",
            ),
        )
    assert t.tour.findings.count() == 2


def test_the_plan_follows_the_feedback_and_is_the_toured_county_s(world, city_office, office_a, office_b):
    t = planned(world, city_office, feedback=False)
    with pytest.raises(Problems):
        services.rectification_plan_create(
            actor=office_a, jurisdiction=world.county_a, tour=t.tour, title="方案", submitted_on=D(2025, 5, 20)
        )
    with pytest.raises(PermissionDenied):
        services.rectification_plan_create(
            actor=office_b, jurisdiction=world.county_a, tour=t.tour, title="方案", submitted_on=D(2025, 5, 20)
        )


def test_an_item_closed_by_its_own_rectifier_is_refused_and_by_the_verifier_signed_off(world, city_office, office_a):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a)
    item = reported_done(items[0], office_a)
    assert item.status == ItemStatus.REPORTED and item.rectifier == office_a
    with pytest.raises(Problems, match=r"整改人以外|other than its rectifier"):
        services.item_close(actor=office_a, item=item, expected_version=item.version, closed_on=D(2025, 6, 2))
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED
    closed = services.item_close(
        actor=city_office, item=item, expected_version=item.version, closed_on=D(2025, 6, 2), note="现场核查属实"
    )
    assert closed.status == ItemStatus.CLOSED and closed.closed_by == city_office


def test_an_item_not_reported_done_cannot_be_signed_off(world, city_office, office_a):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a)
    with pytest.raises(Problems):
        services.item_close(
            actor=city_office, item=items[0], expected_version=items[0].version, closed_on=D(2025, 6, 2)
        )


def test_another_county_account_that_does_not_oversee_cannot_sign_off(world, city_office, office_a, make_user):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a)
    item = reported_done(items[0], office_a)
    colleague = make_user("office-a2", role="office", jurisdiction=world.county_a)
    with pytest.raises(Problems, match="常州市"):
        services.item_close(actor=colleague, item=item, expected_version=item.version, closed_on=D(2025, 6, 2))


def test_the_verifier_may_send_an_item_back(world, city_office, office_a):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a)
    item = reported_done(items[0], office_a)
    back = services.item_return(actor=city_office, item=item, expected_version=item.version, note="资料不全")
    assert back.status == ItemStatus.OPEN and back.rectifier is None


def test_the_follow_up_check_reopens_a_signed_off_item_with_a_new_deadline(world, city_office, office_a):
    t = planned(world, city_office)
    plan, items = rectifying(t, office_a)
    item = reported_done(items[0], office_a)
    services.item_close(actor=city_office, item=item, expected_version=item.version, closed_on=D(2025, 6, 2))
    item.refresh_from_db()
    with pytest.raises(Problems):  # a reopened item needs a new deadline
        services.follow_up_check(
            actor=city_office, plan=plan, checked_on=D(2025, 9, 1), conclusion="问题反弹", reopen=[item]
        )
    check = services.follow_up_check(
        actor=city_office,
        plan=plan,
        checked_on=D(2025, 9, 1),
        conclusion="问题反弹",
        reopen=[item],
        new_deadline=D(2025, 10, 31),
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.reopened == 1 and item.deadline == D(2025, 10, 31)
    assert list(check.reopened_items.all()) == [item]
    with pytest.raises(PermissionDenied):
        services.follow_up_check(actor=office_a, plan=plan, checked_on=D(2025, 9, 2), conclusion="自查")


def test_overdue_items_are_escalated_once_to_the_parent_jurisdiction(world, city_office, office_a):
    t = planned(world, city_office)
    _plan, items = rectifying(t, office_a, deadline=D(2025, 6, 30))
    reported = reported_done(items[1], office_a)
    services.item_close(actor=city_office, item=reported, expected_version=reported.version, closed_on=D(2025, 6, 5))
    escalated = services.escalate_overdue(today=D(2025, 7, 1))
    assert [i.pk for i in escalated] == [items[0].pk]
    first = RectificationItem.objects.get(pk=items[0].pk)
    assert first.escalated_to == world.city and first.escalated_on == D(2025, 7, 1)
    assert services.escalate_overdue(today=D(2025, 7, 2)) == []


def test_a_plan_may_follow_an_assessment_result_by_reference(world, office_a):
    org(world)
    plan = services.rectification_plan_create(
        actor=office_a,
        jurisdiction=world.county_a,
        title="考核整改",
        submitted_on=D(2026, 2, 1),
        source_kind="assessment",
        source_ref="2025年度考核 第3项扣分",
    )
    assert plan.tour is None and plan.source_ref
    with pytest.raises(Problems):
        services.rectification_plan_create(
            actor=office_a,
            jurisdiction=world.county_a,
            title="考核整改",
            submitted_on=D(2026, 2, 1),
            source_kind="assessment",
        )


def test_an_item_with_a_deadline_before_the_plan_or_a_unit_elsewhere_is_refused(world, city_office, office_a):
    t = planned(world, city_office)
    plan, _items = rectifying(t, office_a)
    with pytest.raises(Problems) as refused:
        services.rectification_item_add(
            actor=office_a,
            plan=plan,
            expected_version=plan.version,
            data=services.ItemInput(
                measure="x",
                standard="y",
                responsible_unit=t.county_b.safety_bureau,
                leader=t.county_a.head,
                deadline=dt.date(2025, 1, 1),
            ),
        )
    assert len(refused.value.items) == 2
    assert plan.items.count() == 2
