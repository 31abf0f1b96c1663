import pytest

from accidents.factories import bind, leaders


@pytest.fixture
def bound(world):
    bind(world)
    return world


@pytest.fixture
def wujin(bound):
    return leaders(bound.county_a)
