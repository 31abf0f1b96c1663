"""The filters of the lists in a user's scope (:class:`ScopedFilterSet`, the base of every list's
filters), and those of the people and posts lists (``/org/people/``, ``/org/posts/``): a search, the
jurisdiction (``within``, in the user's subtree) and, for posts, the role."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.listing import FilterForm, JurisdictionFilter
from zeren.org.models import PostRole


class ScopedFilterSet(django_filters.FilterSet):
    """The filters of a list in the user's scope (``Filter(request.GET, queryset=…, user=user)``): each
    :class:`~zeren.listing.JurisdictionFilter` offers the jurisdictions the user sees; the form says a
    date range the wrong way round (:class:`~zeren.listing.FilterForm`); ``search`` (the ``method`` of
    the ``q`` filter) keeps the rows where one of ``search_fields`` contains the text."""

    search_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.user = user
        for found in self.filters.values():
            if isinstance(found, JurisdictionFilter):
                found.offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        matches = Q()
        for field in self.search_fields:
            matches |= Q(**{f"{field}__icontains": value})
        return queryset.filter(matches)


class PostFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    role = django_filters.ChoiceFilter(label=_("role"), choices=PostRole.choices, empty_label=_("all roles"))
    within = JurisdictionFilter(field_name="body__jurisdiction", queryset=None)
    search_fields = ("title", "code", "body__name")


class PersonFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    within = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    search_fields = ("name",)
