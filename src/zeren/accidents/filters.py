"""The filters of the accident register (``/accidents/``): jurisdiction (within the user's subtree),
the dates it happened, grade, kind, and a search in the title and the enterprise."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zeren.accidents.models import AccidentKind, Grade
from zeren.listing import JurisdictionFilter, date_range
from zeren.org.filters import ScopedFilterSet


class AccidentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search title or enterprise"), method="search", max_length=100)
    jurisdiction = JurisdictionFilter(field_name="jurisdiction", queryset=None)
    grade = django_filters.ChoiceFilter(label=_("grade"), choices=Grade.choices, empty_label=_("all"))
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=AccidentKind.choices, empty_label=_("all"))
    date_from, date_to = date_range("occurred_at__date")
    search_fields = ("title", "enterprise")
