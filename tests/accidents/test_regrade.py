"""Casualty changes regrade within 30 days (7 for road traffic and fire), and the history keeps every grade."""

import pytest

from accidents.factories import at, register
from zeren.accidents.services import accident_update_casualties
from zeren.audit.services import history
from zeren.problems import Problems

pytestmark = pytest.mark.django_db


def change(office, accident, when, deaths, injuries=0):
    return accident_update_casualties(
        actor=office,
        accident=accident,
        deaths=deaths,
        serious_injuries=injuries,
        missing=0,
        direct_loss_yuan=accident.direct_loss_yuan,
        changed_at=at(when),
        reason="伤者经抢救无效死亡",
    )


def test_a_death_within_30_days_regrades_the_accident(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2, occurred_at=at("2025-05-03 09:10"))
    grading = change(office_a, accident, "2025-06-01 10:00", 3)
    accident.refresh_from_db()
    assert (grading.previous_grade, grading.grade, grading.within_window) == ("ordinary", "relatively_large", True)
    assert accident.grade == "relatively_large"
    assert [g.grade for g in accident.gradings.all()] == ["ordinary", "relatively_large"]


def test_a_death_after_30_days_is_recorded_but_the_grade_stays(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2, occurred_at=at("2025-05-03 09:10"))
    grading = change(office_a, accident, "2025-06-03 10:00", 3)
    accident.refresh_from_db()
    assert grading.within_window is False
    assert accident.deaths == 3
    assert accident.graded_deaths == 2
    assert accident.grade == "ordinary"


def test_road_traffic_accidents_regrade_for_7_days_only(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2, kind="road_traffic", occurred_at=at("2025-05-03 09:10"))
    assert change(office_a, accident, "2025-05-11 10:00", 3).within_window is False
    accident.refresh_from_db()
    assert accident.grade == "ordinary"


def test_a_fire_regrades_within_7_days(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2, kind="fire", occurred_at=at("2025-05-03 09:10"))
    assert change(office_a, accident, "2025-05-09 10:00", 3).grade == "relatively_large"


def test_a_regrade_adds_the_officials_of_the_level_that_now_investigates(office_a, bound):
    from accidents.factories import leaders

    hebei_city = bound.province.children.get()  # 石家庄市
    zhengding = hebei_city.children.get()
    city = leaders(hebei_city, names="天地玄黄宇宙")
    county = leaders(zhengding)
    from zeren.accounts.models import User

    office = User.objects.create(username="zd", role="office", jurisdiction=bound.province)
    accident = register(office, zhengding, deaths=2, occurred_at=at("2025-05-03 09:10"))
    names = {r.person_id for r in accident.responsibilities.all()}
    assert county.secretary.pk in names and city.secretary.pk not in names
    change(office, accident, "2025-05-20 10:00", 3)
    names = {r.person_id for r in accident.responsibilities.all()}
    assert city.secretary.pk in names, "河北 covers the city level: a 较大 accident is investigated by the city"


def test_a_change_without_a_reason_is_refused_and_changes_nothing(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2)
    with pytest.raises(Problems) as error:
        accident_update_casualties(
            actor=office_a,
            accident=accident,
            deaths=3,
            serious_injuries=0,
            missing=0,
            direct_loss_yuan=0,
            changed_at=at("2025-05-04 10:00"),
            reason=" ",
        )
    assert "原因" in error.value.problems[0] or "why" in error.value.problems[0]
    accident.refresh_from_db()
    assert accident.deaths == 2
    assert accident.gradings.count() == 1


def test_every_change_is_in_the_audit_history(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=2)
    change(office_a, accident, "2025-05-10 10:00", 3)
    actions = [e.action for e in history(accident)]
    assert actions[0] == "accident.create"
    assert "accident.casualties" in actions
