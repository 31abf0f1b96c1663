"""Supervision test data: bodies of the city and county A, an official of county A, a hazard found on
a county A inspection, and evidence files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(name: str = "整改照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@dataclass
class Org:
    city_gov: object
    county_gov: object
    county_bureau: object
    county_b_gov: object
    leader: object
    hazard: object


@pytest.fixture
def org(world, office_a, settings, tmp_path):
    from zeren.org.models import Body, Person
    from zeren.records.models import Hazard, PerformanceRecord

    settings.MEDIA_ROOT = str(tmp_path / "media")
    city_gov = Body.objects.create(code="320400-ZF", name="常州市人民政府", jurisdiction=world.city, kind="government")
    county_gov = Body.objects.create(
        code="320412-ZF", name="武进区人民政府", jurisdiction=world.county_a, kind="government"
    )
    bureau = Body.objects.create(
        code="320412-YJ",
        name="武进区应急管理局",
        jurisdiction=world.county_a,
        kind="department",
        department_kind="key_regulator",
    )
    county_b_gov = Body.objects.create(
        code="320411-ZF", name="新北区人民政府", jurisdiction=world.county_b, kind="government"
    )
    leader = Person.objects.create(name="武进区副区长甲", jurisdiction=world.county_a)
    record = PerformanceRecord.objects.create(
        activity="led_inspection", occurred_on=dt.date(2025, 3, 1), jurisdiction=world.county_a, created_by=office_a
    )
    hazard = Hazard.objects.create(
        record=record, description="某化工企业储罐区防火间距不足", rectify_by=dt.date(2025, 9, 30)
    )
    return Org(city_gov, county_gov, bureau, county_b_gov, leader, hazard)


@pytest.fixture
def frozen(monkeypatch):
    """Set "today" (timezone.localdate) for the services and views."""
    from django.utils import timezone

    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return freeze
