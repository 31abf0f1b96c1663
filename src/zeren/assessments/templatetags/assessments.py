"""Template filters of the assessment pages."""

from __future__ import annotations

from typing import Any

from django import template

from zeren.assessments.presentation import STATE_CLASSES, number, period_text

register = template.Library()


@register.filter
def score(value: Any) -> str:
    """92.5, 90, — for none."""
    return number(value)


@register.filter
def period(value: str) -> str:
    return period_text(value)


@register.filter
def state_class(value: str) -> str:
    return {str(k): v for k, v in STATE_CLASSES.items()}.get(value, "")
