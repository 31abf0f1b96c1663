"""Test data for accidents and cases: policy bindings, the leadership posts of a jurisdiction with
people holding them, and accidents registered through the service."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(text: str) -> datetime.datetime:
    """'2025-05-03 09:10' in Beijing time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=TZ)


def bind(world) -> None:
    PolicyBinding.objects.get_or_create(
        jurisdiction=world.city, pack_id="changzhou-2018", defaults={"valid_from": datetime.date(2018, 12, 14)}
    )
    PolicyBinding.objects.get_or_create(
        jurisdiction=world.province, pack_id="hebei-2018", defaults={"valid_from": datetime.date(2018, 4, 8)}
    )


@dataclass
class Leaders:
    jurisdiction: Jurisdiction
    party: Body
    government: Body
    safety_bureau: Body
    secretary: Person
    head: Person
    deputy_for_safety: Person
    building_deputy: Person
    industry_deputy: Person
    bureau_chief: Person
    posts: dict[str, Post]


def leaders(j: Jurisdiction, *, since: datetime.date = datetime.date(2020, 1, 1), names: str = "") -> Leaders:
    """The party secretary, government head, deputy for safety, two sector deputies and the head of
    the 应急管理局 of ``j``, each holding the post since ``since``."""
    code = j.code
    party = Body.objects.create(code=f"{code}-DW", name=f"中共{j.name}委员会", jurisdiction=j, kind="party_committee")
    gov = Body.objects.create(code=f"{code}-ZF", name=f"{j.name}人民政府", jurisdiction=j, kind="government")
    yj = Body.objects.create(
        code=f"{code}-YJ",
        name=f"{j.name}应急管理局",
        jurisdiction=j,
        kind="department",
        department_kind="key_regulator",
    )
    specs = [
        ("PS", "书记", party, "party_secretary", []),
        ("GH", "区长", gov, "government_head", []),
        ("DS", "常务副区长（分管安全生产）", gov, "deputy_for_safety", ["安全生产", "应急管理"]),
        ("GD1", "副区长（分管住建、交通）", gov, "government_deputy", ["住房城乡建设", "交通运输"]),
        ("GD2", "副区长（分管工业）", gov, "government_deputy", ["工业和信息化"]),
        ("YJ-P", "应急管理局局长", yj, "dept_principal", ["安全生产"]),
    ]
    given = names or "甲乙丙丁戊己"
    people = []
    posts = {}
    for (suffix, title, body, role, sectors), ch in zip(specs, given, strict=True):
        post = Post.objects.create(
            code=f"{code}-{suffix}",
            title=title,
            body=body,
            role=role,
            sectors=sectors,
            on_standing_committee=role in ("party_secretary", "government_head", "deputy_for_safety"),
        )
        person = Person.objects.create(name=f"{j.name[:1]}{ch}{suffix}", jurisdiction=j)
        Appointment.objects.create(person=person, post=post, start=since)
        people.append(person)
        posts[suffix] = post
    return Leaders(j, party, gov, yj, *people, posts=posts)


def register(office, j: Jurisdiction, **overrides):
    """Register an accident through the service (as ``office``)."""
    from zeren.accidents.services import AccidentInput, accident_create

    data = {
        "title": "某企业事故",
        "jurisdiction": j,
        "sector": "住房城乡建设",
        "occurred_at": at("2025-05-03 09:10"),
        "deaths": 0,
        "serious_injuries": 0,
        "direct_loss_yuan": 0,
    }
    data.update(overrides)
    return accident_create(actor=office, data=AccidentInput(**data))


def today() -> datetime.date:
    return timezone.localdate()
