"""The filters of the case list (``/cases/``): jurisdiction (within the user's subtree), the date of
the facts, the state, and a search in the case number and the title."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zeren.cases.models import State
from zeren.listing import JurisdictionFilter, date_range
from zeren.org.filters import ScopedFilterSet


class CaseFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search case number or title"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    state = django_filters.ChoiceFilter(label=_("state"), choices=State.choices, empty_label=_("all"))
    date_from, date_to = date_range("facts_date", _("facts from"))
    search_fields = ("number", "title")
