"""Reading tours and rectification: what a user may see, who may do what, and the two selectors other
apps use.

**For other apps** (the assessment, the dossier, supervision tickets — 河北 第十四条: tour results are an
important reference for assessment, rewards and use):

* :func:`findings_for` ``(jurisdiction, year)`` — the findings of tours of ``jurisdiction`` and its
  subtree whose finding date falls in ``year``, oldest first, with the tour, the target body and the
  responsible body and official loaded. No user scope: the caller has already checked access to
  ``jurisdiction`` (e.g. through :func:`zeren.accounts.access.get_jurisdiction_for_user`).
* :func:`open_rectification_items` ``(jurisdiction, year)`` — the rectification items of
  ``jurisdiction``'s subtree not yet signed off (open or reported done) whose deadline falls in
  ``year`` or earlier, by deadline; each has ``is_overdue(today)``. Same scope note.
* :func:`findings_naming` ``(person, on)`` — the findings naming an official as responsible, with
  their rectification state on a day (the dossier).

**Access** (the pattern of :mod:`zeren.accounts.access`): every tour, finding, plan, item and file
carries the toured jurisdiction, so one rule serves all: an account sees those of its subtree. The
toured county sees its own tours, findings and plans; the city office that toured it sees them in its
subtree; a neighbour sees nothing. Plans of tours (rounds) are seen by the touring jurisdiction's
subtree and by the jurisdictions one of their tours visits.

**Who may act** (checked again in the services): the touring office (:func:`may_manage_plan`)
plans, records findings and issues the 反馈 and 通报; the rectifying office (:func:`may_rectify`)
submits the plan and reports progress; the overseeing office (:func:`may_oversee`: the touring
jurisdiction, or for a plan from another source the parent jurisdiction) signs items off and runs
the 回头看 — never the account that reported the item done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from zeren.accounts import access
from zeren.accounts.access import AnyUser, get_object_for_user, scope_to_user
from zeren.accounts.models import Role
from zeren.org.models import Jurisdiction, Person
from zeren.tours.models import (
    Attachment,
    Finding,
    ItemStatus,
    RectificationItem,
    RectificationPlan,
    Tour,
    TourPlan,
)

# For other apps ----------------------------------------------------------------------------


def findings_for(jurisdiction: Jurisdiction, year: int) -> QuerySet[Finding]:
    """The findings of the tours of ``jurisdiction``'s subtree found in ``year`` (see the module)."""
    return (
        Finding.objects.filter(jurisdiction__path__startswith=jurisdiction.path, found_on__year=year)
        .select_related(
            "tour__plan__organiser", "tour__target", "responsible_body", "responsible_person", "jurisdiction"
        )
        .order_by("found_on", "id")
    )


def open_rectification_items(jurisdiction: Jurisdiction, year: int) -> QuerySet[RectificationItem]:
    """The items of ``jurisdiction``'s subtree not signed off, due in ``year`` or before (see the module)."""
    return (
        RectificationItem.objects.filter(jurisdiction__path__startswith=jurisdiction.path, deadline__year__lte=year)
        .exclude(status=ItemStatus.CLOSED)
        .select_related("plan", "finding", "responsible_unit", "leader", "jurisdiction")
        .order_by("deadline", "id")
    )


@dataclass(frozen=True)
class NamedFinding:
    """A finding naming an official as responsible, with its rectification state on a day."""

    finding: Finding
    items: int
    signed_off: int
    last_signed_off: dt.date | None
    overdue: int

    @property
    def rectified(self) -> bool:
        return self.items > 0 and self.signed_off == self.items


def findings_naming(person: Person, on: dt.date) -> list[NamedFinding]:
    """The findings found by ``on`` that name ``person`` as the responsible official (for the dossier:
    河北 第十四条, tour results are a reference for assessment, rewards and use), newest first, each
    with its rectification items counted as they stood on ``on``: signed off (销号) by then, and
    still open past their deadline. One query. Same scope note as :func:`findings_for`."""
    signed = Q(rectification_items__status=ItemStatus.CLOSED, rectification_items__closed_on__lte=on)
    rows = (
        Finding.objects.filter(responsible_person=person, found_on__lte=on)
        .select_related("tour__plan__organiser", "tour__target", "jurisdiction")
        .annotate(
            n_items=Count("rectification_items", distinct=True),
            n_signed=Count("rectification_items", filter=signed, distinct=True),
            last_signed=Max("rectification_items__closed_on", filter=signed),
            n_overdue=Count(
                "rectification_items", filter=~signed & Q(rectification_items__deadline__lt=on), distinct=True
            ),
        )
        .order_by("-found_on", "-id")
    )
    return [NamedFinding(f, f.n_items, f.n_signed, f.last_signed, f.n_overdue) for f in rows]


def is_overdue(item: RectificationItem, today: dt.date) -> bool:
    return item.status != ItemStatus.CLOSED and item.deadline < today


# Access ------------------------------------------------------------------------------------


def tour_plans_for(user: AnyUser) -> QuerySet[TourPlan]:
    """Rounds of the user's subtree's touring, and rounds that tour somewhere in the user's subtree."""
    plans = TourPlan.objects.select_related("organiser")
    if access.sees_everything(user):
        return plans
    own = scope_to_user(TourPlan.objects.all(), user, via="organiser").values("pk")
    visited = scope_to_user(Tour.objects.all(), user, via="jurisdiction").values("plan_id")
    return plans.filter(Q(pk__in=own) | Q(pk__in=visited))


def get_tour_plan_for_user(user: AnyUser, pk: int) -> TourPlan:
    return get_object_for_user(tour_plans_for, user, pk=pk)


def tours_for(user: AnyUser) -> QuerySet[Tour]:
    return scope_to_user(
        Tour.objects.select_related("plan__organiser", "target", "jurisdiction"), user, via="jurisdiction"
    )


def get_tour_for_user(user: AnyUser, pk: int) -> Tour:
    return get_object_for_user(tours_for, user, pk=pk)


def tour_findings_for(user: AnyUser) -> QuerySet[Finding]:
    return scope_to_user(
        Finding.objects.select_related(
            "tour__plan", "tour__target", "jurisdiction", "responsible_body", "responsible_person"
        ),
        user,
        via="jurisdiction",
    )


def get_finding_for_user(user: AnyUser, pk: int) -> Finding:
    return get_object_for_user(tour_findings_for, user, pk=pk)


def rectification_plans_for(user: AnyUser) -> QuerySet[RectificationPlan]:
    return scope_to_user(
        RectificationPlan.objects.select_related("jurisdiction", "tour__plan__organiser", "tour__target"),
        user,
        via="jurisdiction",
    )


def get_rectification_plan_for_user(user: AnyUser, pk: int) -> RectificationPlan:
    return get_object_for_user(rectification_plans_for, user, pk=pk)


def rectification_items_for(user: AnyUser) -> QuerySet[RectificationItem]:
    return scope_to_user(
        RectificationItem.objects.select_related(
            "plan", "jurisdiction", "finding", "responsible_unit", "leader", "escalated_to"
        ),
        user,
        via="jurisdiction",
    )


def get_rectification_item_for_user(user: AnyUser, pk: int) -> RectificationItem:
    return get_object_for_user(rectification_items_for, user, pk=pk)


def attachments_for(user: AnyUser) -> QuerySet[Attachment]:
    return scope_to_user(Attachment.objects.all(), user, via="jurisdiction")


def get_attachment_for_user(user: AnyUser, pk: int) -> Attachment:
    return get_object_for_user(attachments_for, user, pk=pk)


# Who may act -------------------------------------------------------------------------------


def _office_over(user: AnyUser, jurisdiction: Jurisdiction) -> bool:
    """An office account at ``jurisdiction`` or above it (or the superuser)."""
    if access.sees_everything(user):
        return True
    if not user.is_authenticated or getattr(user, "role", "") != Role.OFFICE:
        return False
    own = getattr(user, "jurisdiction", None)
    return own is not None and jurisdiction.is_within(own)


def may_plan_tours(user: AnyUser) -> bool:
    return access.sees_everything(user) or (
        user.is_authenticated
        and getattr(user, "role", "") == Role.OFFICE
        and getattr(user, "jurisdiction", None) is not None
    )


def may_manage_plan(user: AnyUser, plan: TourPlan) -> bool:
    """The touring office (or an office above it) plans the round, records findings, issues documents."""
    return _office_over(user, plan.organiser)


def may_rectify(user: AnyUser, jurisdiction: Jurisdiction) -> bool:
    """The office of the rectifying jurisdiction itself submits the plan and reports progress."""
    if access.sees_everything(user):
        return True
    return (
        user.is_authenticated
        and getattr(user, "role", "") == Role.OFFICE
        and getattr(user, "jurisdiction_id", None) == jurisdiction.pk
    )


def overseer_of(plan: RectificationPlan) -> Jurisdiction:
    """Who oversees a rectification: the touring jurisdiction, else the level above the rectifier."""
    if plan.tour is not None:
        return plan.tour.plan.organiser
    return plan.jurisdiction.parent or plan.jurisdiction


def may_oversee(user: AnyUser, plan: RectificationPlan) -> bool:
    return _office_over(user, overseer_of(plan))
