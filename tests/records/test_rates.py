"""The met-rate filter (zeren.records.templatetags.rates): what a page shows for a tally."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation


def shown(rate: float | None, met: int = 3, closed: int = 4) -> str:
    tally = SimpleNamespace(rate=rate, met=met, closed=closed)
    with translation.override("zh-hans"):
        return Template("{% load rates %}{{ tally|rate }}").render(Context({"tally": tally}))


def test_no_closed_period_shows_no_data() -> None:
    html = shown(None)
    assert 'data-testid="rate-nodata"' in html and "无数据" in html and "%" not in html


def test_rate_bar_number_and_counts() -> None:
    html = shown(75.04, met=3, closed=4)
    assert 'class="rate rate-low"' in html
    assert 'class="rate-fill" width="75"' in html
    assert '<span class="rate-num">75.0%</span>' in html
    assert "（3/4）" in html


def test_grades() -> None:
    assert 'class="rate rate-bad"' in shown(59.9)
    assert 'class="rate rate-low"' in shown(60.0)
    assert 'class="rate"' in shown(90.0)
    assert '<span class="rate-num">100.0%</span>' in shown(100.0)


def test_rounded_half_up_as_floatformat() -> None:
    assert '<span class="rate-num">62.5%</span>' in shown(62.45)
