"""The filters of the findings list and the rectification items list (zeren.listing, django-filter):
jurisdiction (within the user's subtree), dates, level or status, "overdue", "escalated to us", and a
search in the text."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.listing import JurisdictionFilter, date_range
from zeren.org.filters import ScopedFilterSet
from zeren.tours.models import FindingLevel, ItemStatus

NOT_CLOSED = "not_closed"
YES = "true"


class FindingFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search the problem or the criterion"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    level = django_filters.ChoiceFilter(label=_("level"), choices=FindingLevel.choices, empty_label=_("all"))
    date_from, date_to = date_range("found_on")
    search_fields = ("description", "criterion")


class ItemFilter(ScopedFilterSet):
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
    date_from, date_to = date_range("deadline", _("deadline from"), _("deadline to"))
    search_fields = ("measure", "standard")

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
