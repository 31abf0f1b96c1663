"""Posts and policy bindings on top of the shared world: a county secretary in each county."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

ON = datetime.date(2025, 3, 1)


@dataclass
class Posts:
    secretary_a: object  # 武进区 county party secretary (常州 pack)
    deputy_a: object
    yj_principal_a: object  # 武进区 应急管理局 principal (key regulator)
    secretary_b: object  # 新北区, the neighbour
    secretary_hebei: object  # 正定县 (河北 pack)


def _post(jurisdiction, code, title, role, kind="party_committee", department_kind=""):
    from zeren.org.models import Body, Post

    body, _ = Body.objects.get_or_create(
        code=f"{jurisdiction.code}-{kind}-{department_kind or 'x'}",
        defaults={
            "name": f"{jurisdiction.name}{kind}",
            "jurisdiction": jurisdiction,
            "kind": kind,
            "department_kind": department_kind,
        },
    )
    return Post.objects.create(code=code, title=title, body=body, role=role)


@pytest.fixture
def posts(world):
    from zeren.org.models import Jurisdiction, PolicyBinding

    PolicyBinding.objects.create(
        jurisdiction=world.city, pack_id="changzhou-2018", valid_from=datetime.date(2018, 12, 14)
    )
    PolicyBinding.objects.create(
        jurisdiction=world.province, pack_id="hebei-2018", valid_from=datetime.date(2018, 4, 8)
    )
    zhengding = Jurisdiction.objects.get(code="130123")
    return Posts(
        secretary_a=_post(world.county_a, "320412-PS", "区委书记", "party_secretary"),
        deputy_a=_post(world.county_a, "320412-DS", "分管安全生产副区长", "deputy_for_safety", kind="government"),
        yj_principal_a=_post(
            world.county_a,
            "320412-YJ-P",
            "应急管理局局长",
            "dept_principal",
            kind="department",
            department_kind="key_regulator",
        ),
        secretary_b=_post(world.county_b, "320411-PS", "区委书记", "party_secretary"),
        secretary_hebei=_post(zhengding, "130123-PS", "县委书记", "party_secretary"),
    )


@pytest.fixture
def generate(posts):
    """generate(actor, post) → a draft from the pack in force on ON."""
    from zeren.duties.services import duty_list_generate

    def run(actor, post):
        return duty_list_generate(actor=actor, post=post, on=ON)

    return run


@pytest.fixture
def published_a(generate, posts, office_a):
    """武进区's secretary's list, version 1, with one local item, published."""
    from zeren.duties.services import duty_item_add_local, duty_list_publish

    draft = generate(office_a, posts.secretary_a)
    duty_item_add_local(actor=office_a, duty_list=draft, title="每月带队检查一次化工园区", basis="武委发〔2024〕1号")
    return duty_list_publish(actor=office_a, duty_list=draft)
