"""An organisation on the shared tree: bodies, posts, people and tenures in county A and B."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest


@dataclass
class Org:
    gov_a: object
    ds_a: object  # deputy for safety, county A
    yj_a: object  # 应急管理局, county A
    yj_p_a: object
    gov_b: object
    ds_b: object
    holder_a: object  # holds ds_a now
    former_a: object  # held ds_a before, now transferred to county B
    holder_b: object


@pytest.fixture
def org(world):
    from zeren.org.models import Appointment, Body, Person, PolicyBinding, Post

    PolicyBinding.objects.create(
        jurisdiction=world.city, pack_id="changzhou-2018", valid_from=datetime.date(2018, 12, 14)
    )
    gov_a = Body.objects.create(code="320412-ZF", name="武进区人民政府", jurisdiction=world.county_a, kind="government")
    yj_a = Body.objects.create(
        code="320412-YJ",
        name="武进区应急管理局",
        jurisdiction=world.county_a,
        kind="department",
        department_kind="key_regulator",
    )
    gov_b = Body.objects.create(code="320411-ZF", name="新北区人民政府", jurisdiction=world.county_b, kind="government")
    ds_a = Post.objects.create(
        code="320412-DS",
        title="常务副区长",
        body=gov_a,
        role="deputy_for_safety",
        sectors=["安全生产"],
        on_standing_committee=True,
    )
    yj_p_a = Post.objects.create(code="320412-YJ-P", title="应急管理局局长", body=yj_a, role="dept_principal")
    ds_b = Post.objects.create(code="320411-DS", title="常务副区长", body=gov_b, role="deputy_for_safety")
    holder_a = Person.objects.create(name="周立新", jurisdiction=world.county_a)
    former_a = Person.objects.create(name="吴海燕", jurisdiction=world.county_b)
    holder_b = Person.objects.create(name="郑国栋", jurisdiction=world.county_b)
    Appointment.objects.create(
        person=former_a,
        post=ds_a,
        start=datetime.date(2016, 1, 1),
        end=datetime.date(2020, 12, 31),
        end_reason="transferred",
    )
    Appointment.objects.create(person=holder_a, post=ds_a, start=datetime.date(2021, 1, 1), start_reason="appointed")
    Appointment.objects.create(person=former_a, post=ds_b, start=datetime.date(2021, 1, 1), start_reason="transferred")
    Appointment.objects.create(
        person=holder_b,
        post=yj_p_a,
        start=datetime.date(2015, 1, 1),
        end=datetime.date(2019, 6, 30),
        end_reason="promoted",
    )
    return Org(
        gov_a=gov_a,
        ds_a=ds_a,
        yj_a=yj_a,
        yj_p_a=yj_p_a,
        gov_b=gov_b,
        ds_b=ds_b,
        holder_a=holder_a,
        former_a=former_a,
        holder_b=holder_b,
    )
