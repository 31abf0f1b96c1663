"""REST endpoints for duty lists, mounted at ``/api/duty-lists`` by :mod:`zeren.api.registry`.

With a token: the lists of the posts in the account's subtree, drafts included (403 outside it).
Without one (or with a bad one): the public view, published lists only — the same as the 公示 page.
Every item carries its articles (id, label, verbatim text) and the pack it comes from.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from zeren.accounts import access
from zeren.api.auth import PUBLIC, TOKEN_OR_PUBLIC
from zeren.api.pages import LazyPage, Pagination
from zeren.api.schemas import ArticleOut, responses
from zeren.duties.access import duty_lists_for, get_duty_list_for_user
from zeren.duties.models import DutyList, Status
from zeren.duties.selectors import with_items

router = Router(tags=["duty lists"], auth=TOKEN_OR_PUBLIC)


class DutyItemOut(Schema):
    position: int
    source: str
    key: str
    rule_id: str
    title: str
    text: str
    kind: str
    activity: str
    every: str
    at_least: int | None
    basis: str
    cites: list[str]
    articles: list[ArticleOut]


class DutyListOut(Schema):
    id: int
    post_code: str
    post_title: str
    jurisdiction: str
    version: int
    status: str
    pack_id: str
    policy_title: str
    policy_version: str
    applies: str
    generated_on: datetime.date
    published_at: datetime.datetime | None
    url: str


class DutyListDetail(DutyListOut):
    scope_cites: list[str]
    notes: list[str]
    items: list[DutyItemOut]


def _summary(duty_list: DutyList) -> dict[str, Any]:
    return {
        "id": duty_list.pk,
        "post_code": duty_list.post.code,
        "post_title": duty_list.post_title,
        "jurisdiction": duty_list.post.body.jurisdiction.code,
        "version": duty_list.version,
        "status": duty_list.status,
        "pack_id": duty_list.pack_id,
        "policy_title": duty_list.policy_title,
        "policy_version": duty_list.policy_version,
        "applies": duty_list.applies,
        "generated_on": duty_list.generated_on,
        "published_at": duty_list.published_at,
        "url": reverse("api:duty_list", kwargs={"list_id": duty_list.pk}),
    }


def _detail(duty_list: DutyList) -> dict[str, Any]:
    items = [
        {
            "position": item.position,
            "source": item.source,
            "key": item.key,
            "rule_id": item.rule_id,
            "title": item.title,
            "text": item.text,
            "kind": item.kind,
            "activity": item.activity,
            "every": item.every,
            "at_least": item.at_least,
            "basis": item.basis,
            "cites": item.cites,
            "articles": item.articles,
        }
        for item in duty_list.items.all()
    ]
    return {**_summary(duty_list), "scope_cites": duty_list.scope_cites, "notes": duty_list.notes, "items": items}


@router.get("", response=responses(list[DutyListOut], 422), url_name="duty_lists", openapi_extra=PUBLIC)
@paginate(Pagination)
def list_duty_lists(request: HttpRequest, jurisdiction: str | None = None, status: str | None = None) -> Any:
    """Duty lists in scope (published only without a token); ``jurisdiction`` narrows to a subtree."""
    lists = duty_lists_for(request.user).order_by("post__body__jurisdiction__path", "post__code", "-version")
    if jurisdiction:
        lists = lists.filter(post__body__jurisdiction__path__contains=f"/{jurisdiction}/")
    if status:
        lists = lists.filter(status=status)
    return LazyPage(lists, lambda page: [_summary(duty_list) for duty_list in page])


@router.get(
    "/posts/{post_code}",
    response=responses(DutyListDetail, 403, 404),
    url_name="duty_list_of_post",
    openapi_extra=PUBLIC,
)
def duty_list_of_post(request: HttpRequest, post_code: str) -> Any:
    """The post's published list (with a token, its draft when nothing is published yet)."""
    if request.user.is_authenticated:
        access.get_post_for_user(request.user, post_code)  # 403 outside the subtree, 404 unknown
    lists = with_items(duty_lists_for(request.user).filter(post__code=post_code))
    found = lists.filter(status=Status.PUBLISHED).first() or lists.filter(status=Status.DRAFT).first()
    if found is None:
        raise Http404
    return _detail(found)


@router.get("/{list_id}", response=responses(DutyListDetail, 403, 404, 422), url_name="duty_list", openapi_extra=PUBLIC)
def get_duty_list(request: HttpRequest, list_id: int) -> Any:
    """One version with its items and citations (any status with a token; published only without)."""
    found = get_duty_list_for_user(request.user, list_id)
    return _detail(with_items(duty_lists_for(request.user)).get(pk=found.pk))
