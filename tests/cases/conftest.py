import datetime

import pytest

from accidents.factories import at, leaders, register


@pytest.fixture
def zhengding(bound):
    county = bound.province.children.get().children.get()
    return leaders(county, names="子丑寅卯辰巳")


@pytest.fixture
def hebei_office(bound, make_user):
    return make_user("hebei-office", role="office", jurisdiction=bound.province)


@pytest.fixture
def hebei_discipline(bound, make_user):
    return make_user("hebei-discipline", role="discipline", jurisdiction=bound.province)


@pytest.fixture
def accident_a(office_a, wujin):
    """A 较大 accident in 武进区 (3 dead) in the building sector on 2024-11-04."""
    return register(
        office_a, wujin.jurisdiction, title="武进区某工地坍塌事故", deaths=3, occurred_at=at("2024-11-04 10:00")
    )


@pytest.fixture
def case_a(office_a, accident_a):
    from zeren.cases.services import case_open

    return case_open(
        actor=office_a,
        jurisdiction=accident_a.jurisdiction,
        title="武进区某工地坍塌事故责任追究",
        opened_by="office",
        proposal="提请启动调查",
        accident=accident_a,
        facts_date=None,
    )


def day(text):
    return datetime.date.fromisoformat(text)
