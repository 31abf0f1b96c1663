"""The filters of the accident register (``/accidents/``): jurisdiction (within the user's subtree),
the dates it happened, grade, kind, and a search in the title and the enterprise."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeren.accidents.models import Accident, AccidentKind, Grade
from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.listing import FilterForm, JurisdictionFilter, date_widget


class AccidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search title or enterprise"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    grade = django_filters.ChoiceFilter(label=_("grade"), choices=Grade.choices, empty_label=_("all"))
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=AccidentKind.choices, empty_label=_("all"))
    date_from = django_filters.DateFilter(
        label=_("from"), field_name="occurred_at", lookup_expr="date__gte", widget=date_widget()
    )
    date_to = django_filters.DateFilter(
        label=_("to"), field_name="occurred_at", lookup_expr="date__lte", widget=date_widget()
    )

    class Meta:
        model = Accident
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(enterprise__icontains=value)) if value else queryset
