"""The filters of the ticket and listed-hazard lists: jurisdiction (within the user's subtree), state,
escalation step, source, overdue only, issue dates and a search in the number and the matter."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.listing import JurisdictionFilter, date_range
from zeren.org.filters import ScopedFilterSet
from zeren.supervision.models import ListingState, SourceKind, Step, TicketState

YES = [("1", _("yes"))]


class TicketFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search number or matter"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="lead_body__jurisdiction", queryset=None)
    state = django_filters.ChoiceFilter(label=_("state"), choices=TicketState.choices, empty_label=_("all"))
    step = django_filters.ChoiceFilter(label=_("escalation"), choices=Step.choices, empty_label=_("all"))
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices, empty_label=_("all"))
    overdue = django_filters.ChoiceFilter(label=_("overdue only"), choices=YES, empty_label=_("all"), method="late")
    date_from, date_to = date_range("issued_on")
    search_fields = ("number", "title")

    def late(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        if value != "1":
            return queryset
        return queryset.exclude(state=TicketState.CLOSED).filter(due_on__lt=timezone.localdate())


class ListingFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search notice number or hazard"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    state = django_filters.ChoiceFilter(label=_("state"), choices=ListingState.choices, empty_label=_("all"))
    search_fields = ("notice_number", "title")
