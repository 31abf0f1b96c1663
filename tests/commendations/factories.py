"""Published assessment results for the tests of what they feed (cases, commendations, dossiers)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from zeren.assessments.models import Assessment, AssessmentEntry, State

LABELS = {"excellent": "优秀", "good": "良好", "average": "合格", "poor": "不合格"}
SCORES = {"excellent": "93.50", "good": "85.00", "average": "70.00", "poor": "50.00"}


def publish(jurisdiction, year: int, grade: str, *, by, published: bool = True) -> AssessmentEntry:
    """``by``'s published assessment of ``year`` giving ``jurisdiction`` the ``grade``."""
    assessment, _ = Assessment.objects.get_or_create(
        jurisdiction=by,
        year=year,
        scheme_id="changzhou-demo-2025",
        defaults={
            "title": f"{by.name}{year}年度安全生产考核",
            "scheme_version": "2025.1+test",
            "scheme_digest": "test",
            "policy_id": "changzhou-2018",
            "policy_version": "test",
            "state": State.PUBLISHED if published else State.OPEN,
            "published": published,
            "published_at": timezone.now() if published else None,
        },
    )
    score = Decimal(SCORES[grade])
    return AssessmentEntry.objects.create(
        assessment=assessment,
        jurisdiction=jurisdiction,
        grade=grade,
        grade_label=LABELS[grade],
        score=score,
        normalised_score=score,
    )
