"""An accident creates its event duties at once: a 较大 (relatively large) accident in a sector a
county deputy is in charge of gives the deputy a go-to-the-scene verdict (常州 第十条(六)) as soon as
it is registered, or as soon as a regrade makes it 较大."""

import datetime

import pytest

from accidents.factories import at, register
from zeren.accidents.services import accident_update_casualties
from zeren.records.models import ComplianceRow, ComplianceTally

pytestmark = pytest.mark.django_db
SCENE = "cz-10.6-scene"


def scene_rows(post):
    return list(ComplianceRow.objects.filter(post=post, obligation=SCENE).values_list("period", "status", "done"))


def test_registering_a_relatively_large_accident_gives_the_sector_deputy_a_scene_duty(office_a, wujin, bound):
    building, industry = wujin.posts["GD1"], wujin.posts["GD2"]
    accident = register(
        office_a, bound.township_a, sector="住房城乡建设", deaths=3, occurred_at=at("2025-05-03 09:10")
    )
    # Nobody recorded an arrival within the day the pack allows, and that day is long past.
    assert scene_rows(building) == [(f"event:{accident.pk}", "missed", 0)]
    assert scene_rows(industry) == []  # not a sector in their charge
    assert ComplianceTally.objects.filter(
        year=2025, jurisdiction=wujin.jurisdiction, obligation=SCENE, status="missed"
    ).exists()


def test_an_ordinary_accident_gives_no_scene_duty_until_a_regrade_makes_it_relatively_large(office_a, wujin):
    building = wujin.posts["GD1"]
    accident = register(office_a, wujin.jurisdiction, deaths=2, occurred_at=at("2025-05-03 09:10"))
    assert scene_rows(building) == []
    accident_update_casualties(
        actor=office_a,
        accident=accident,
        deaths=3,
        serious_injuries=0,
        missing=0,
        direct_loss_yuan=0,
        changed_at=at("2025-05-10 10:00"),
        reason="伤者经抢救无效死亡",
    )
    assert scene_rows(building) == [(f"event:{accident.pk}", "missed", 0)]


def test_an_accident_in_another_county_leaves_this_countys_deputies_alone(office_a, office_b, wujin, xinbei, bound):
    register(office_b, bound.township_b, sector="住房城乡建设", deaths=3, occurred_at=at("2025-05-03 09:10"))
    assert scene_rows(wujin.posts["GD1"]) == []
    assert len(scene_rows(xinbei.posts["GD1"])) == 1


def test_going_to_the_scene_on_1_january_meets_the_duty_of_an_accident_on_31_december(office_a, wujin, bound):
    """The window runs into the next year: the arrival counts, and recording it updates the old year."""
    from zeren.records.services import RecordInput, record_create

    building = wujin.posts["GD1"]
    accident = register(
        office_a, bound.township_a, sector="住房城乡建设", deaths=3, occurred_at=at("2025-12-31 22:30")
    )
    assert scene_rows(building) == [(f"event:{accident.pk}", "missed", 0)]
    record_create(
        actor=office_a,
        data=RecordInput(
            activity="scene_arrival", occurred_on=datetime.date(2026, 1, 1), leader_post=building, place="事故现场"
        ),
    )
    assert scene_rows(building) == [(f"event:{accident.pk}", "met", 1)]
    assert ComplianceRow.objects.get(post=building, obligation=SCENE).year == 2025
