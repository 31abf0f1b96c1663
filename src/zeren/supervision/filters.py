"""The filters of the ticket and listed-hazard lists: jurisdiction (within the user's subtree), state,
escalation step, source, overdue only, issue dates and a search in the number and the matter."""

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
from zeren.supervision.models import ListedHazard, ListingState, SourceKind, Step, Ticket, TicketState

YES = [("1", _("yes"))]


class TicketFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search number or matter"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="lead_body__jurisdiction", queryset=None)
    state = django_filters.ChoiceFilter(label=_("state"), choices=TicketState.choices, empty_label=_("all"))
    step = django_filters.ChoiceFilter(label=_("escalation"), choices=Step.choices, empty_label=_("all"))
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices, empty_label=_("all"))
    overdue = django_filters.ChoiceFilter(label=_("overdue only"), choices=YES, empty_label=_("all"), method="late")
    date_from = django_filters.DateFilter(
        label=_("from"), field_name="issued_on", lookup_expr="gte", widget=date_widget()
    )
    date_to = django_filters.DateFilter(label=_("to"), field_name="issued_on", lookup_expr="lte", widget=date_widget())

    class Meta:
        model = Ticket
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value)) if value else queryset

    def late(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        if value != "1":
            return queryset
        return queryset.exclude(state=TicketState.CLOSED).filter(due_on__lt=timezone.localdate())


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search notice number or hazard"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    state = django_filters.ChoiceFilter(label=_("state"), choices=ListingState.choices, empty_label=_("all"))

    class Meta:
        model = ListedHazard
        fields: tuple[str, ...] = ()
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["jurisdiction"].offer(access.jurisdictions_for(user), data)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(notice_number__icontains=value) | Q(title__icontains=value)) if value else queryset
