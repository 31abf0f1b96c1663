"""Fixtures for assessments: 常州's two counties with their leaders in post, the 2025 duty verdicts
computed (nobody recorded anything, so every period is missed) and an assessment opened by the city."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accidents.factories import bind, leaders, register

SCHEME = "changzhou-demo-2025"


@dataclass
class Setup:
    world: object
    wujin: object
    xinbei: object


@pytest.fixture
def counties(world):
    from zeren.records.triggers import recompute_scope

    bind(world)
    wujin, xinbei = leaders(world.county_a), leaders(world.county_b, names="子丑寅卯辰巳")
    recompute_scope(post_ids=[], jurisdiction_ids=[world.city.pk], years=[2025])
    return Setup(world, wujin, xinbei)


@pytest.fixture
def accident(counties, city_office):
    """A 较大事故 (3 deaths) in 湖塘镇, a township of 武进区, in 2025."""
    return register(city_office, counties.world.township_a, title="湖塘镇某厂较大事故", deaths=3)


@pytest.fixture
def assessment(counties, city_office):
    from zeren.assessments.services import assessment_create

    return assessment_create(actor=city_office, jurisdiction=counties.world.city, year=2025, scheme_id=SCHEME)


def entry_of(assessment, jurisdiction):
    return assessment.entries.get(jurisdiction=jurisdiction)
