"""Duty frequencies read in Chinese, including a pack's cycles of N years (every: {years: N, anchor: YYYY})."""

from django.utils import translation

from zeren.duties.labels import frequency
from zeren.duties.models import DutyItem


def test_a_cycle_of_three_years_reads_in_chinese_without_its_internal_id():
    item = DutyItem(kind="periodic", every="years:3@2018", at_least=1)
    with translation.override("zh-hans"):
        text = frequency(item)
    assert "years:" not in text
    assert "每3年（自2018年起算）" in text


def test_a_quarter_still_reads_as_before():
    item = DutyItem(kind="periodic", every="quarter", at_least=1)
    with translation.override("zh-hans"):
        assert "每季度" in frequency(item)
