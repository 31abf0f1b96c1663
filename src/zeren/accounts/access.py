"""The access layer: the one way to load an object for a user.

Every view and API endpoint loads objects through the helpers here, never with
``Model.objects`` directly (``tests/accounts/test_views_use_access_layer.py`` enforces it).
The rule: an account sees its jurisdiction subtree (its jurisdiction and everything below);
a superuser sees everything; the public (anonymous) sees published items only.

Two refinements, each written once here:

- **People** (:func:`people_for`) are seen where they are managed now *or* where they held a post
  (终身追责); only the subtree that manages them may change them (:func:`manages_person`).
- **Officials** (role ``official``) see what concerns their own person, and no more, for the
  objects that are about one person's performance or accountability: the records that credit them
  or that they made, with those records' evidence files; their own duty verdicts; the cases they are
  on, their own determination and their own appeals and restrictions — not a colleague's record, not
  a co-subject's determination. A type opts in with ``own_person`` / ``own_account`` (the lookups to
  the :class:`Person` / the account a row concerns), see :func:`scope_to_user`. What is the
  organisation's own (the tree, bodies, posts and who holds them, duty lists, the accident register)
  they see like every account of their jurisdiction: an official needs it to do the work.

Helpers raise :class:`~django.http.Http404` for an object that does not exist and
:class:`~django.core.exceptions.PermissionDenied` (403) for one that exists outside the
user's scope.

The pattern for a new object type (duty lists, records, accidents, cases), in its app::

    def duty_lists_for(user):
        return scope_to_user(DutyList.objects.all(), user,
                             via="post__body__jurisdiction", published="published")

    def get_duty_list_for_user(user, pk):
        return get_object_for_user(duty_lists_for, user, pk=pk)

``via`` is the lookup from the model to its :class:`Jurisdiction`; ``published`` the name
of the boolean field that makes a row visible to the public (omit it for objects the public
never sees). Then give the new URL kwarg a builder in ``tests/test_url_scoping.py``.
Role checks (who may *change* what) go through :func:`require_role`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from zeren.accounts.models import Role, User
from zeren.org.models import Appointment, Body, Jurisdiction, Person, Post

M = TypeVar("M", bound=models.Model)
AnyUser = User | AnonymousUser


def sees_everything(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def official_person_id(user: AnyUser) -> int | None:
    """The person an official's account belongs to: such an account sees only what concerns that
    person, for the types that say what concerns whom. None for every other account."""
    if sees_everything(user) or not user.is_authenticated or getattr(user, "role", "") != Role.OFFICIAL:
        return None
    return getattr(user, "person_id", None) or 0


def scope_to_user(
    queryset: models.QuerySet[M],
    user: AnyUser,
    *,
    via: str,
    published: str | None = None,
    own_person: tuple[str, ...] = (),
    own_account: tuple[str, ...] = (),
) -> models.QuerySet[M]:
    """Narrow ``queryset`` to what ``user`` may see. ``via`` is the lookup path from the
    model to its Jurisdiction ('' for Jurisdiction itself). ``own_person`` / ``own_account`` are the
    lookups from the model to the Person / the account a row concerns: given either, an official sees
    only the rows that concern them (see the module's docstring)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.filter(**{published: True}) if published else queryset.none()
    if sees_everything(user):
        return queryset
    assert isinstance(user, User)  # noqa: S101
    if user.jurisdiction is None:
        return queryset.none()
    prefix = f"{via}__" if via else ""
    scoped = queryset.filter(**{f"{prefix}path__startswith": user.jurisdiction.path})
    person = official_person_id(user)
    if person is not None and (own_person or own_account):
        concerns = Q(pk__in=[])
        for lookup in own_person:
            concerns |= Q(**{lookup: person})
        for lookup in own_account:
            concerns |= Q(**{lookup: user.pk})
        # a subquery, so a row reached through several credits or subjects is listed once
        scoped = scoped.filter(pk__in=queryset.model._default_manager.filter(concerns).values("pk"))
    return scoped


def get_object_for_user(scoped: Callable[[AnyUser], models.QuerySet[M]], user: AnyUser, **lookup: Any) -> M:
    """Load one object: 404 if it does not exist at all, 403 if it exists outside the scope.
    ``scoped`` is the type's ``<things>_for(user)`` function."""
    visible = scoped(user)
    found = visible.filter(**lookup).first()
    if found is not None:
        return found
    if not visible.model._default_manager.filter(**lookup).exists():
        raise Http404
    raise PermissionDenied


def require_role(user: AnyUser, *roles: Role) -> None:
    """PermissionDenied unless the user is a superuser or holds one of ``roles``."""
    if sees_everything(user):
        return
    if not user.is_authenticated or not user.is_active or getattr(user, "role", "") not in roles:
        raise PermissionDenied


# Jurisdictions -------------------------------------------------------------------------


def jurisdictions_for(user: AnyUser) -> models.QuerySet[Jurisdiction]:
    """The jurisdictions ``user`` may see: the subtree under the account's jurisdiction."""
    return scope_to_user(Jurisdiction.objects.all(), user, via="")


def get_jurisdiction_for_user(user: AnyUser, code: str) -> Jurisdiction:
    return get_object_for_user(jurisdictions_for, user, code=code)


def can_see_jurisdiction(user: AnyUser, jurisdiction: Jurisdiction) -> bool:
    if sees_everything(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)  # noqa: S101
    return user.jurisdiction is not None and jurisdiction.is_within(user.jurisdiction)


# People --------------------------------------------------------------------------------


def people_for(user: AnyUser) -> models.QuerySet[Person]:
    """The one rule for who may see a person, used by the person page, the dossier and the API.

    A person is visible when **either** the person's current jurisdiction (where the record is
    managed now) lies in the account's subtree **or** the person held (or holds) a post in that
    subtree. The second half is lifetime accountability (终身追责): a county keeps finding the
    deputy who served there after the transfer to a neighbouring county. Seeing is not managing:
    only :func:`manages_person` may change the record. The public sees no one."""
    people = Person.objects.select_related("jurisdiction")
    if not user.is_authenticated or not user.is_active:
        return people.none()
    if sees_everything(user):
        return people
    assert isinstance(user, User)  # noqa: S101
    if user.jurisdiction is None:
        return people.none()
    path = user.jurisdiction.path
    served_here = Appointment.objects.filter(post__body__jurisdiction__path__startswith=path).values("person_id")
    return people.filter(Q(jurisdiction__path__startswith=path) | Q(pk__in=served_here))


def get_person_for_user(user: AnyUser, pk: int) -> Person:
    return get_object_for_user(people_for, user, pk=pk)


def manages_person(user: AnyUser, person: Person) -> bool:
    """Whether the person's record is managed in the user's subtree (their current jurisdiction is in
    it): only then may the user change it. A county sees its former officials, it does not manage them."""
    return can_see_jurisdiction(user, person.jurisdiction)


# Bodies, posts, appointments ------------------------------------------------------------


def bodies_for(user: AnyUser) -> models.QuerySet[Body]:
    return scope_to_user(Body.objects.select_related("jurisdiction"), user, via="jurisdiction")


def get_body_for_user(user: AnyUser, code: str) -> Body:
    return get_object_for_user(bodies_for, user, code=code)


def posts_for(user: AnyUser) -> models.QuerySet[Post]:
    return scope_to_user(Post.objects.select_related("body__jurisdiction"), user, via="body__jurisdiction")


def get_post_for_user(user: AnyUser, code: str) -> Post:
    return get_object_for_user(posts_for, user, code=code)


def appointments_for(user: AnyUser) -> models.QuerySet[Appointment]:
    return scope_to_user(
        Appointment.objects.select_related("person", "post__body__jurisdiction"), user, via="post__body__jurisdiction"
    )


def get_appointment_for_user(user: AnyUser, pk: int) -> Appointment:
    return get_object_for_user(appointments_for, user, pk=pk)
