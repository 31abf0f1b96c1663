"""The filters of the people and posts lists (``/org/people/``, ``/org/posts/``): a search, the
jurisdiction (``within``, in the user's subtree) and, for posts, the role."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.listing import FilterForm, JurisdictionFilter
from zeren.org.models import Person, Post, PostRole


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    role = django_filters.ChoiceFilter(label=_("role"), choices=PostRole.choices, empty_label=_("all roles"))
    within = JurisdictionFilter(field_name="body__jurisdiction", queryset=None)

    class Meta:
        model = Post
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["within"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value) | Q(body__name__icontains=value))


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    within = JurisdictionFilter(field_name="jurisdiction", queryset=None)

    class Meta:
        model = Person
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["within"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset
