"""Reading duty lists for the pages: a jurisdiction's posts with their list status, a post's versions,
the 公示 index. Everything is loaded through the access helpers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from zeren.accounts.access import AnyUser, jurisdictions_for, posts_for
from zeren.duties.access import duty_lists_for, public_jurisdiction, public_jurisdictions, published_duty_lists
from zeren.duties.models import DutyItem, DutyList, Status
from zeren.duties.services import InForce, in_force, is_out_of_date
from zeren.org.models import Jurisdiction, Post

BODY_ORDER = {"party_committee": 0, "government": 1, "department": 2}


@dataclass
class PostRow:
    """One post on a jurisdiction's overview."""

    post: Post
    draft: DutyList | None
    published: DutyList | None
    now: InForce
    out_of_date: bool

    @property
    def state(self) -> str:
        if self.now.data is None and self.draft is None and self.published is None:
            return "not_covered"
        if self.out_of_date:
            return "out_of_date"
        if self.draft is not None:
            return "draft"
        if self.published is not None:
            return "published"
        return "missing"


def overview(user: AnyUser, jurisdiction: Jurisdiction, on: datetime.date) -> list[PostRow]:
    """The posts of ``jurisdiction``'s own bodies with their draft, published list and whether the
    pack in force or the post changed since the latest version."""
    posts = sorted(
        posts_for(user).filter(body__jurisdiction=jurisdiction, active=True),
        key=lambda post: (BODY_ORDER.get(post.body.kind, 9), post.body.code, post.code),
    )
    lists: dict[int, list[DutyList]] = {}
    for duty_list in (
        duty_lists_for(user)
        .filter(post__body__jurisdiction=jurisdiction)
        .exclude(status=Status.SUPERSEDED)
        .annotate(item_count=Count("items"))
    ):
        lists.setdefault(duty_list.post_id, []).append(duty_list)
    cache: dict[int, Any] = {}
    rows = []
    for post in posts:
        own = lists.get(post.pk, [])
        draft = next((d for d in own if d.status == Status.DRAFT), None)
        published = next((d for d in own if d.status == Status.PUBLISHED), None)
        now = in_force(post, on, cache=cache)
        latest = draft or published
        rows.append(PostRow(post, draft, published, now, latest is not None and is_out_of_date(latest, post, now)))
    return rows


def children_of(user: AnyUser, jurisdiction: Jurisdiction) -> QuerySet[Jurisdiction]:
    return jurisdictions_for(user).filter(parent=jurisdiction)


def versions_of(user: AnyUser, post: Post) -> list[DutyList]:
    return list(duty_lists_for(user).filter(post=post).annotate(item_count=Count("items")).order_by("-version"))


def with_items(lists: QuerySet[DutyList]) -> QuerySet[DutyList]:
    return lists.prefetch_related(Prefetch("items", queryset=DutyItem.objects.order_by("position", "id")))


def lists_for_export(user: AnyUser, jurisdiction: Jurisdiction) -> list[DutyList]:
    """Per post of ``jurisdiction``: the published list, or the draft where nothing is published yet."""
    lists = with_items(
        duty_lists_for(user)
        .filter(post__body__jurisdiction=jurisdiction)
        .exclude(status=Status.SUPERSEDED)
        .select_related("post__body")
        .order_by("post__body__kind", "post__body__code", "post__code")
    )
    chosen: dict[int, DutyList] = {}
    for duty_list in lists:
        if duty_list.post_id not in chosen or duty_list.status == Status.PUBLISHED:
            chosen[duty_list.post_id] = duty_list
    return list(chosen.values())


@dataclass
class PublicGroup:
    jurisdiction: Jurisdiction
    lists: list[DutyList]


def public_index(code: str | None) -> tuple[list[Jurisdiction], Jurisdiction | None, list[PublicGroup]]:
    """The 公示 index: jurisdictions with published lists; with ``code``, that subtree's lists."""
    places = list(public_jurisdictions().order_by("path"))
    chosen = public_jurisdiction(code) if code else None
    lists = (
        published_duty_lists()
        .annotate(item_count=Count("items"))
        .order_by("post__body__jurisdiction__path", "post__body__kind", "post__code")
    )
    if code:
        if chosen is None:
            return places, None, []
        lists = lists.filter(post__body__jurisdiction__path__startswith=chosen.path)
    groups: dict[int, PublicGroup] = {}
    for duty_list in lists:
        place = duty_list.post.body.jurisdiction
        groups.setdefault(place.pk, PublicGroup(place, [])).lists.append(duty_list)
    return places, chosen, list(groups.values())
