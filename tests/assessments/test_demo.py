"""The demo assessments (zeren.assessments.demo, loaded by `zeren load_demo`): every state is there."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zeren.assessments.models import Assessment, AssessmentEntry, EntryState, State
from zeren.assessments.selectors import published_results
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_streak_a_veto_an_open_and_a_returned_assessment():
    call_command("load_demo")
    wujin, liyang = Jurisdiction.objects.get(code="320412"), Jurisdiction.objects.get(code="320481")
    results = published_results([wujin, liyang], [2023, 2024, 2025])
    assert [results[(wujin.pk, year)].grade_label for year in (2023, 2024, 2025)] == ["优秀", "优秀", "优秀"]
    veto = results[(liyang.pk, 2024)]
    assert veto.vetoed and veto.grade_label == "不合格" and veto.score > 90
    assert Assessment.objects.filter(state=State.PUBLISHED).count() == 3
    opened = Assessment.objects.get(state=State.OPEN)
    states = set(opened.entries.values_list("state", flat=True))
    assert states == {EntryState.SUBMITTED, EntryState.RETURNED}
    adjusted = AssessmentEntry.objects.filter(item_scores__adjusted_score__isnull=False).count()
    assert adjusted == 3
    count = AssessmentEntry.objects.count()
    call_command("load_demo")
    assert AssessmentEntry.objects.count() == count
