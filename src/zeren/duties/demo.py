"""Demo duty lists: published lists for every post of 武进区, 新北区 and 正定县 (with a few local
duties), a second draft version for 武进区's party secretary (so versions can be compared), and
drafts for the leadership of 天宁区. Idempotent: posts that already have a list are left alone."""

from __future__ import annotations

import datetime

from django.db import transaction

from zeren.accounts.models import User
from zeren.duties.models import DutyList
from zeren.duties.services import (
    duty_item_add_local,
    duty_list_generate,
    duty_list_publish,
)
from zeren.org.models import Post
from zeren.problems import Problems

ON = datetime.date(2025, 1, 2)
PUBLISHED = {"320412": "wujin-office", "320411": "xinbei-office", "130123": "zhengding-office"}
DRAFTS = {"320402": "cz-office"}
LOCAL = {
    "320412-PS": [("每季度至少1次带队检查武进国家高新区化工企业安全生产", "武委办发〔2024〕12号")],
    "320412-DS": [("每月听取区应急管理局安全生产工作汇报", "")],
    "320411-PS": [("每半年至少1次专题调研长江沿线港口危化品储运安全", "新北区委常委会议纪要〔2024〕7号")],
    "130123-PS": [("每季度至少1次调研正定古城文物建筑消防安全", "")],
}
SECOND_VERSION = ("320412-PS", "每年至少1次到联系乡镇宣讲安全生产责任制", "武委办发〔2025〕3号")


def load() -> str:
    with transaction.atomic():
        return _load()


def _load() -> str:
    published = drafts = 0
    for code, username in PUBLISHED.items():
        actor = User.objects.filter(username=username).first()
        if actor is None:
            continue
        for post in _posts(code):
            duty_list = _generate(actor, post)
            if duty_list is None:
                continue
            for title, basis in LOCAL.get(post.code, []):
                duty_item_add_local(actor=actor, duty_list=duty_list, title=title, basis=basis)
            duty_list_publish(actor=actor, duty_list=duty_list)
            published += 1
            if post.code == SECOND_VERSION[0]:
                second = duty_list_generate(actor=actor, post=post, on=ON)
                duty_item_add_local(actor=actor, duty_list=second, title=SECOND_VERSION[1], basis=SECOND_VERSION[2])
                drafts += 1
    for code, username in DRAFTS.items():
        actor = User.objects.filter(username=username).first()
        if actor is None:
            continue
        for post in _posts(code).exclude(body__kind="department"):
            if _generate(actor, post) is not None:
                drafts += 1
    return f"Demo duty lists: {published} published, {drafts} drafts"


def _posts(code: str):  # type: ignore[no-untyped-def]
    return Post.objects.filter(body__jurisdiction__code=code, active=True).select_related("body__jurisdiction")


def _generate(actor: User, post: Post) -> DutyList | None:
    if DutyList.objects.filter(post=post).exists():
        return None
    try:
        return duty_list_generate(actor=actor, post=post, on=ON)
    except Problems:
        return None  # a post the regulation does not cover
