"""The filters of the case list (``/cases/``): jurisdiction (within the user's subtree), the date of
the facts, the state, and a search in the case number and the title."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.cases.models import Case, State
from zeren.listing import FilterForm, JurisdictionFilter, date_widget


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search case number or title"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    state = django_filters.ChoiceFilter(label=_("state"), choices=State.choices, empty_label=_("all"))
    date_from = django_filters.DateFilter(
        label=_("facts from"), field_name="facts_date", lookup_expr="gte", widget=date_widget()
    )
    date_to = django_filters.DateFilter(label=_("to"), field_name="facts_date", lookup_expr="lte", widget=date_widget())

    class Meta:
        model = Case
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value)) if value else queryset
