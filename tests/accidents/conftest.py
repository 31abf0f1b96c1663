import pytest

from accidents.factories import bind, leaders


@pytest.fixture
def bound(world):
    bind(world)
    return world


@pytest.fixture
def wujin(bound):
    """武进区 (county A) leaders, in post since 2020."""
    return leaders(bound.county_a)


@pytest.fixture
def xinbei(bound):
    return leaders(bound.county_b, names="子丑寅卯辰巳")
