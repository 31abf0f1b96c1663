"""The met rate of a tally as the pages show it: a bar, the rate and its counts (rate 无数据 when no
period has closed). One filter, ``{{ tally|rate }}``, for every page that shows one (the dashboard,
a post's year); rendered in Python, as the dashboard shows some sixty of them."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

BAD, LOW = 60, 90
"""Below BAD percent the rate shows as bad, below LOW as low."""


@register.filter(name="rate")
def rate(tally: Any) -> SafeString:
    """``tally``'s met rate (percent, None without closed periods) with its met and closed counts."""
    value = tally.rate
    if value is None:
        return format_html('<span class="rate nodata" data-testid="rate-nodata">{}</span>', gettext("No data"))
    grade = " rate-bad" if value < BAD else " rate-low" if value < LOW else ""
    return format_html(
        '<span class="rate{}"><svg class="rate-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true"><rect class="rate-track" width="100" height="10" rx="5"/>'
        '<rect class="rate-fill" width="{}" height="10" rx="5"/></svg><span class="rate-num">{}%</span>'
        '<span class="rate-counts">（{}/{}）</span></span>',
        grade, floatformat(value, 0), floatformat(value, 1), tally.met, tally.closed,
    )
