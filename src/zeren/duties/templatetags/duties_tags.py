"""Template filters for duty lists: kind, frequency, citation, which pack."""

from __future__ import annotations

from django import template

from zeren.duties import labels
from zeren.duties.models import DutyItem, DutyList

register = template.Library()


@register.filter
def duty_kind(item: DutyItem) -> str:
    return labels.kind_label(item)


@register.filter
def duty_frequency(item: DutyItem) -> str:
    return labels.frequency(item)


@register.filter
def duty_citation(item: DutyItem) -> str:
    return labels.citation(item)


@register.filter
def pack_line(duty_list: DutyList) -> str:
    return labels.pack_line(duty_list)
