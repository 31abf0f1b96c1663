"""The filters of the records list (``/records/all/``): jurisdiction (within the user's subtree), the
dates it happened, the activity, whether the official confirmed or disputed it, current or deleted, and
a search in the place and the summary."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.listing import FilterForm, JurisdictionFilter, date_widget
from zeren.records.models import Confirmation, PerformanceRecord, RecordCredit
from zeren.records.vocabulary import ACTIVITY_CHOICES

CURRENT, DELETED = "current", "deleted"


class RecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search place or summary"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    activity = django_filters.ChoiceFilter(label=_("Activity"), choices=ACTIVITY_CHOICES, empty_label=_("all"))
    date_from = django_filters.DateFilter(
        label=_("from"), field_name="occurred_on", lookup_expr="gte", widget=date_widget()
    )
    date_to = django_filters.DateFilter(
        label=_("to"), field_name="occurred_on", lookup_expr="lte", widget=date_widget()
    )
    confirmation = django_filters.ChoiceFilter(
        label=_("Confirmation by the official"),
        choices=[(c.value, c.label) for c in Confirmation if c.value],
        empty_label=_("all"),
        method="by_confirmation",
    )
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[(CURRENT, _("current")), (DELETED, _("deleted"))],
        empty_label=None,
        method="by_status",
    )

    class Meta:
        model = PerformanceRecord
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(deleted_at__isnull=True)
        return super().filter_queryset(queryset)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(place__icontains=value) | Q(summary__icontains=value)) if value else queryset

    def by_confirmation(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        credits = RecordCredit.objects.filter(confirmation=value, active=True).values("record_id")
        return queryset.filter(pk__in=credits) if value else queryset

    def by_status(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        return queryset.filter(deleted_at__isnull=value != DELETED)
