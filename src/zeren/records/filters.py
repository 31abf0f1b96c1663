"""The filters of the records list (``/records/all/``): jurisdiction (within the user's subtree), the
dates it happened, the activity, whether the official confirmed or disputed it, current or deleted, and
a search in the place and the summary."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeren.listing import JurisdictionFilter, date_range
from zeren.org.filters import ScopedFilterSet
from zeren.records.models import Confirmation, RecordCredit
from zeren.records.vocabulary import ACTIVITY_CHOICES

CURRENT, DELETED = "current", "deleted"


class RecordFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search place or summary"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    activity = django_filters.ChoiceFilter(label=_("Activity"), choices=ACTIVITY_CHOICES, empty_label=_("all"))
    date_from, date_to = date_range("occurred_on")
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
    search_fields = ("place", "summary")

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(deleted_at__isnull=True)
        return super().filter_queryset(queryset)

    def by_confirmation(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        credits = RecordCredit.objects.filter(confirmation=value, active=True).values("record_id")
        return queryset.filter(pk__in=credits) if value else queryset

    def by_status(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        return queryset.filter(deleted_at__isnull=value != DELETED)
