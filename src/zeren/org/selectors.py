"""Reads of the organisation for a user: who holds a post, the pack in force, searches.

Who may see what is :mod:`zeren.accounts.access`'s (people: :func:`~zeren.accounts.access.people_for`,
the one rule the person page, the dossier and the API share). Once a person is visible, the
person's page shows the whole tenure history across jurisdictions (post titles of other
jurisdictions are shown, but only posts in scope are links).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Prefetch, Q, Value, When

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.org import bindings
from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
from zeren.policy.duties import scope_of


def policy_bindings_for(user: AnyUser) -> models.QuerySet[PolicyBinding]:
    return access.scope_to_user(PolicyBinding.objects.select_related("jurisdiction"), user, via="jurisdiction")


def current_appointments(posts: list[Post], on: datetime.date) -> dict[int, Appointment]:
    """The appointment covering ``on`` for each post that has one (one query)."""
    found = (
        Appointment.objects.filter(post__in=posts, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
        .order_by("post_id", "-start")
    )
    holders: dict[int, Appointment] = {}
    for appointment in found:
        holders.setdefault(appointment.post_id, appointment)
    return holders


@dataclass(frozen=True)
class PackInForce:
    """The policy pack governing a jurisdiction (and, for a post, how it covers the post)."""

    pack_id: str
    title: str
    version: str
    bound_at: Jurisdiction
    valid_from: datetime.date
    applies: str | None = None  # "direct" / "by_reference" / None (not covered), posts only
    cites: tuple[str, ...] = ()
    read_as_level: str | None = None

    @property
    def by_reference(self) -> bool:
        return self.applies == "by_reference"


def pack_in_force(jurisdiction: Jurisdiction, on: datetime.date, post: Post | None = None) -> PackInForce | None:
    binding = bindings.binding_for(jurisdiction, on)
    if binding is None:
        return None
    policy = bindings.registry().get(binding.pack_id)
    applies: str | None = None
    cites: tuple[str, ...] = ()
    read_as: str | None = None
    if post is not None:
        scope = scope_of(policy, post.role, jurisdiction.level)
        if scope.in_scope:
            applies = scope.applies
            read_as = scope.read_as_level
            cites = tuple(scope.rule.cites) if scope.rule is not None else ()
    return PackInForce(
        pack_id=policy.id,
        title=policy.title,
        version=str(policy.version),
        bound_at=binding.jurisdiction,
        valid_from=binding.valid_from,
        applies=applies,
        cites=cites,
        read_as_level=read_as,
    )


def bodies_with_posts(jurisdiction: Jurisdiction) -> list[Body]:
    """The bodies of one jurisdiction with their posts prefetched (active first)."""
    order = Case(When(kind="party_committee", then=Value(0)), When(kind="government", then=Value(1)), default=Value(2))
    return list(
        Body.objects.filter(jurisdiction=jurisdiction)
        .order_by(order, "code")
        .prefetch_related(Prefetch("posts", queryset=Post.objects.order_by("-active", "code")))
    )


def search_posts(user: AnyUser, *, text: str = "", role: str = "", within: str = "") -> models.QuerySet[Post]:
    posts = access.posts_for(user)
    if text:
        posts = posts.filter(Q(title__icontains=text) | Q(code__icontains=text) | Q(body__name__icontains=text))
    if role:
        posts = posts.filter(role=role)
    if within:
        posts = posts.filter(body__jurisdiction__path__contains=f"/{within}/")
    return posts


def search_people(user: AnyUser, *, text: str = "", within: str = "") -> models.QuerySet[Person]:
    people = access.people_for(user)
    if text:
        people = people.filter(name__icontains=text)
    if within:
        people = people.filter(jurisdiction__path__contains=f"/{within}/")
    return people
