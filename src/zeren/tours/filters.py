"""The filters of the findings list and the rectification items list (zeren.listing, django-filter):
jurisdiction (within the user's subtree), dates, level or status, "overdue", "escalated to us", and a
search in the text."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.listing import FilterForm, JurisdictionFilter, date_widget
from zeren.tours.models import Finding, FindingLevel, ItemStatus, RectificationItem

NOT_CLOSED = "not_closed"
YES = "true"


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search the problem or the criterion"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    level = django_filters.ChoiceFilter(label=_("level"), choices=FindingLevel.choices, empty_label=_("all"))
    date_from = django_filters.DateFilter(
        label=_("from"), field_name="found_on", lookup_expr="gte", widget=date_widget()
    )
    date_to = django_filters.DateFilter(label=_("to"), field_name="found_on", lookup_expr="lte", widget=date_widget())

    class Meta:
        model = Finding
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(description__icontains=value) | Q(criterion__icontains=value)) if value else queryset


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search the measure"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[(NOT_CLOSED, _("not signed off")), *ItemStatus.choices],
        empty_label=_("all"),
        method="by_status",
    )
    overdue = django_filters.ChoiceFilter(
        label=_("overdue only"), method="only_overdue", choices=[(YES, _("yes"))], empty_label=_("all")
    )
    escalated = django_filters.ChoiceFilter(
        label=_("escalated to my jurisdiction"), method="escalated_to_me", choices=[(YES, _("yes"))],
        empty_label=_("all"),
    )
    date_from = django_filters.DateFilter(
        label=_("deadline from"), field_name="deadline", lookup_expr="gte", widget=date_widget()
    )
    date_to = django_filters.DateFilter(
        label=_("deadline to"), field_name="deadline", lookup_expr="lte", widget=date_widget()
    )

    class Meta:
        model = RectificationItem
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(measure__icontains=value) | Q(standard__icontains=value)) if value else queryset

    def by_status(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        if value == NOT_CLOSED:
            return queryset.exclude(status=ItemStatus.CLOSED)
        return queryset.filter(status=value)

    def only_overdue(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        if value != YES:
            return queryset
        return queryset.filter(deadline__lt=timezone.localdate()).exclude(status=ItemStatus.CLOSED)

    def escalated_to_me(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        if value != YES:
            return queryset
        return queryset.filter(escalated_to_id=getattr(self.user, "jurisdiction_id", None))
