"""Grades through the register: 国务院令第493号 第三条 ("以上" includes the number, "以下" excludes it)."""

import pytest

from accidents.factories import register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (3, 0, 0, "relatively_large"),
        (2, 12, 0, "relatively_large"),
        (2, 9, 9_999_999, "ordinary"),
        (2, 9, 10_000_000, "relatively_large"),
        (10, 0, 0, "major"),
        (30, 0, 0, "extraordinarily_serious"),
        (0, 0, 0, "ordinary"),
    ],
)
def test_the_register_grades_by_decree_493(office_a, wujin, deaths, injuries, loss, grade):
    accident = register(office_a, wujin.jurisdiction, deaths=deaths, serious_injuries=injuries, direct_loss_yuan=loss)
    assert accident.grade == grade
    assert accident.policy_id == "changzhou-2018"
    assert accident.policy_version.startswith("2018.1+")


def test_a_relatively_large_accident_is_investigated_by_the_city(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=3)
    assert accident.investigating_level == "city"
    assert accident.verdict["trace"], "the grade carries its trace"


def test_an_ordinary_accident_is_investigated_by_the_county(office_a, wujin):
    assert register(office_a, wujin.jurisdiction, deaths=1).investigating_level == "county"


def test_the_first_grade_history_entry_is_the_registration(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=3)
    (entry,) = accident.gradings.all()
    assert entry.grade == "relatively_large"
    assert entry.previous_grade == ""
