"""Reads of assessments: who may see what (built on :mod:`zeren.accounts.access`), and the published
results other apps build on (accountability cases, commendations, dossiers, feeds).

Who sees what:

- an account sees the assessments of its jurisdiction subtree (the office that assesses) and the
  entries of its subtree (the assessed body sees its own entry, never a neighbour's) — but an entry
  of an assessment still in draft only when it also sees the assessment;
- the public sees published assessments and their entries only.

The published results (for other apps)::

    from zeren.assessments.selectors import published_result, published_results

    result = published_result(jurisdiction, 2025)   # PublishedResult | None
    result.grade          # "excellent" (the scheme's grade id), result.grade_label "优秀"
    result.score          # Decimal("92.50") (with the bonus), result.normalised_score
    result.scheme_id, result.scheme_version, result.assessment_id, result.entry_id

    by_key = published_results([j1, j2], [2023, 2024, 2025])   # one query
    by_key[(j1.pk, 2024)]  # PublishedResult (absent keys: no published result)

When a jurisdiction has several published results for a year (assessed under two schemes), the one of
the nearest assessing office (the deepest assessing jurisdiction) counts, then the latest published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.http import Http404

from zeren.accounts.access import AnyUser, get_object_for_user, scope_to_user, sees_everything
from zeren.accounts.models import User
from zeren.assessments.models import Assessment, AssessmentEntry, State
from zeren.org.models import Jurisdiction


@dataclass(frozen=True)
class PublishedResult:
    """A jurisdiction's published result of a year."""

    jurisdiction_id: int
    year: int
    grade: str
    """The scheme's grade id (``excellent``, ``good``, ``average``, ``poor`` in the shipped schemes)."""
    grade_label: str
    """The grade as the scheme labels it (优秀, 良好, 合格, 不合格)."""
    score: Decimal | None
    normalised_score: Decimal | None
    vetoed: bool
    rank: int | None
    quota: bool
    scheme_id: str
    scheme_version: str
    assessment_id: int
    entry_id: int
    assessing_jurisdiction_id: int


def _published_entries() -> models.QuerySet[AssessmentEntry]:
    return AssessmentEntry.objects.filter(assessment__published=True, assessment__state=State.PUBLISHED).exclude(
        grade=""
    )


def _result(row: dict[str, object]) -> PublishedResult:
    return PublishedResult(
        jurisdiction_id=int(row["jurisdiction_id"]),  # type: ignore[call-overload]
        year=int(row["assessment__year"]),  # type: ignore[call-overload]
        grade=str(row["grade"]),
        grade_label=str(row["grade_label"]),
        score=row["score"],  # type: ignore[arg-type]
        normalised_score=row["normalised_score"],  # type: ignore[arg-type]
        vetoed=bool(row["vetoed"]),
        rank=row["rank"],  # type: ignore[arg-type]
        quota=bool(row["quota"]),
        scheme_id=str(row["assessment__scheme_id"]),
        scheme_version=str(row["assessment__scheme_version"]),
        assessment_id=int(row["assessment_id"]),  # type: ignore[call-overload]
        entry_id=int(row["id"]),  # type: ignore[call-overload]
        assessing_jurisdiction_id=int(row["assessment__jurisdiction_id"]),  # type: ignore[call-overload]
    )


_FIELDS = (
    "id",
    "jurisdiction_id",
    "assessment_id",
    "assessment__year",
    "assessment__scheme_id",
    "assessment__scheme_version",
    "assessment__jurisdiction_id",
    "grade",
    "grade_label",
    "score",
    "normalised_score",
    "vetoed",
    "rank",
    "quota",
)


def published_results(
    jurisdictions: Iterable[Jurisdiction | int], years: Iterable[int]
) -> dict[tuple[int, int], PublishedResult]:
    """The published results of the jurisdictions (objects or ids) in the years, by
    ``(jurisdiction id, year)``, in one query. A pair without a published result is absent."""
    ids = sorted({j if isinstance(j, int) else j.pk for j in jurisdictions})
    wanted = sorted(set(years))
    if not ids or not wanted:
        return {}
    rows = (
        _published_entries()
        .filter(jurisdiction_id__in=ids, assessment__year__in=wanted)
        .order_by(
            "jurisdiction_id", "assessment__year", "-assessment__jurisdiction__depth", "-assessment__published_at"
        )
        .values(*_FIELDS)
    )
    out: dict[tuple[int, int], PublishedResult] = {}
    for row in rows:
        key = (int(row["jurisdiction_id"]), int(row["assessment__year"]))
        if key not in out:
            out[key] = _result(row)
    return out


def published_result(jurisdiction: Jurisdiction | int, year: int) -> PublishedResult | None:
    """The published result of the jurisdiction for the year, or None (see the module's docstring)."""
    key = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
    return published_results([key], [year]).get((key, year))


# ── access ──────────────────────────────────────────────────────────────────────────────────────


def assessments_for(user: AnyUser) -> models.QuerySet[Assessment]:
    """The assessments ``user`` may see: those of the account's subtree; the public, published ones."""
    return scope_to_user(
        Assessment.objects.select_related("jurisdiction", "prefill_job"),
        user,
        via="jurisdiction",
        published="published",
    )


def get_assessment_for_user(user: AnyUser, pk: int) -> Assessment:
    return get_object_for_user(assessments_for, user, pk=pk)


def entries_for(user: AnyUser) -> models.QuerySet[AssessmentEntry]:
    """The entries ``user`` may see: of its subtree, and of a draft assessment only when the account
    sees the assessment too (the assessed body sees its entry once the assessment is open)."""
    entries = scope_to_user(
        AssessmentEntry.objects.select_related("assessment__jurisdiction", "jurisdiction"),
        user,
        via="jurisdiction",
        published="assessment__published",
    )
    if not user.is_authenticated or sees_everything(user):
        return entries
    assert isinstance(user, User)  # noqa: S101
    if user.jurisdiction is None:
        return entries.none()
    return entries.filter(
        ~Q(assessment__state=State.DRAFT) | Q(assessment__jurisdiction__path__startswith=user.jurisdiction.path)
    )


def get_entry_for_user(user: AnyUser, pk: int) -> AssessmentEntry:
    return get_object_for_user(entries_for, user, pk=pk)


def published_assessments() -> models.QuerySet[Assessment]:
    """What the public sees: published assessments."""
    return Assessment.objects.filter(published=True, state=State.PUBLISHED).select_related("jurisdiction")


def get_published_assessment(pk: int) -> Assessment:
    """A published assessment, the same for everyone; 404 for anything unpublished."""
    found = published_assessments().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
