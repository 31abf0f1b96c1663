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


def publish(assessment, city_office, *, document_number="常安委〔2026〕1号"):
    """Open, submit every entry as the office's superuser would, accept, approve and publish."""
    from zeren.assessments import services

    opened = services.assessment_open(actor=city_office, assessment=assessment, expected_version=assessment.version)
    for entry in opened.entries.select_related("assessment__jurisdiction", "jurisdiction"):
        entry = services.entry_submit(actor=_superuser(), entry=entry, expected_version=entry.version)
        services.entry_accept(actor=city_office, entry=entry, expected_version=entry.version)
    opened.refresh_from_db()
    services.approve_all(actor=city_office, assessment=opened, expected_version=opened.version)
    opened.refresh_from_db()
    return services.assessment_publish(
        actor=city_office, assessment=opened, expected_version=opened.version, document_number=document_number
    )


def _superuser():
    from zeren.accounts.models import User

    user, _ = User.objects.get_or_create(username="assessments-admin", defaults={"is_superuser": True})
    return user


@pytest.fixture
def published(assessment, accident, city_office):
    """The city's 2025 assessment, pre-filled again after the accident, then published."""
    from zeren.assessments import services

    services.prefill(assessment)
    return publish(assessment, city_office)
