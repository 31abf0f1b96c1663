"""Loading duty lists for a user (the access layer of :mod:`zeren.accounts.access`, for this app).

An account sees the duty lists of the posts in its jurisdiction subtree, drafts included; the
public (anonymous) sees published lists only. The 公示 pages use :func:`published_duty_lists`,
which is the same for everyone. Who may *change* a list: :func:`can_edit`.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from zeren.accounts.access import (
    AnyUser,
    can_see_jurisdiction,
    get_object_for_user,
    scope_to_user,
    sees_everything,
)
from zeren.accounts.models import Role
from zeren.duties.models import DutyItem, DutyList, Status
from zeren.org.models import Jurisdiction

LIST_VIA = "post__body__jurisdiction"


def duty_lists_for(user: AnyUser) -> models.QuerySet[DutyList]:
    """The duty lists ``user`` may see: the subtree's lists, or published ones for the public."""
    lists = DutyList.objects.select_related("post__body__jurisdiction")
    if not user.is_authenticated or not user.is_active:
        return lists.filter(status=Status.PUBLISHED)
    return scope_to_user(lists, user, via=LIST_VIA)


def get_duty_list_for_user(user: AnyUser, pk: int) -> DutyList:
    return get_object_for_user(duty_lists_for, user, pk=pk)


def duty_items_for(user: AnyUser) -> models.QuerySet[DutyItem]:
    items = DutyItem.objects.select_related("duty_list__post__body__jurisdiction")
    if not user.is_authenticated or not user.is_active:
        return items.filter(duty_list__status=Status.PUBLISHED)
    return scope_to_user(items, user, via=f"duty_list__{LIST_VIA}")


def get_duty_item_for_user(user: AnyUser, pk: int) -> DutyItem:
    return get_object_for_user(duty_items_for, user, pk=pk)


def published_duty_lists() -> models.QuerySet[DutyList]:
    """What the 公示 pages show to everyone: the published version of each post's list."""
    return DutyList.objects.filter(status=Status.PUBLISHED).select_related("post__body__jurisdiction")


def get_published_duty_list(pk: int) -> DutyList:
    """A published list for the 公示 page: 404 for anything else (drafts do not exist for the public)."""
    found = published_duty_lists().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def public_jurisdictions() -> models.QuerySet[Jurisdiction]:
    """Jurisdictions with at least one published duty list, for the 公示 index."""
    return Jurisdiction.objects.filter(bodies__posts__duty_lists__status=Status.PUBLISHED).distinct()


def public_jurisdiction(code: str) -> Jurisdiction | None:
    """A jurisdiction named on the 公示 page (names and codes of jurisdictions are public)."""
    return Jurisdiction.objects.filter(code=code).first()


def can_edit(user: AnyUser, jurisdiction: Jurisdiction) -> bool:
    """Only the 安委办 (office) of the jurisdiction or above, and superusers, change duty lists."""
    if sees_everything(user):
        return True
    return (
        user.is_authenticated and getattr(user, "role", "") == Role.OFFICE and can_see_jurisdiction(user, jurisdiction)
    )
