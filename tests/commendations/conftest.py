import pytest

from accidents.factories import bind, leaders


@pytest.fixture
def bound(world):
    bind(world)
    return world


@pytest.fixture
def wujin(bound):
    return leaders(bound.county_a)


@pytest.fixture
def xinbei(bound):
    return leaders(bound.county_b, names="子丑寅卯辰巳")
