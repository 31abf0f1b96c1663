"""Who may do what in an assessment (the access rule of the workflow, written once).

- the **assessing office**: an office account (or a superuser) whose jurisdiction holds the
  assessment's jurisdiction: it opens, pre-fills, reviews (accepts, adjusts, returns), approves and
  publishes;
- the **assessed body**: an office account of exactly the entry's jurisdiction: it self-scores and
  submits its own entry while the assessment is open.

The lists of schemes an office may open an assessment under, and the jurisdictions an assessment
covers (:func:`assessed_jurisdictions`), are here too.
"""

from __future__ import annotations

from functools import cache

from django.db import models

from zeren.accounts.access import AnyUser, sees_everything
from zeren.accounts.models import Role, User
from zeren.assessments.models import Assessment, AssessmentEntry, EntryState, State
from zeren.org.bindings import registry
from zeren.org.models import Jurisdiction
from zeren.policy.scheme import LoadedScheme, SchemeError, SchemeRegistry

SELF_ASSESSABLE = (EntryState.PREFILLED, EntryState.RETURNED)
REVIEWABLE = (EntryState.SUBMITTED, EntryState.REVIEWED)


@cache
def schemes() -> SchemeRegistry:
    """The schemes (built in, plus ``ZEREN_SCHEMES``), loaded once per process."""
    return SchemeRegistry.default(registry())


def scheme_of(assessment: Assessment) -> LoadedScheme:
    return schemes().get(assessment.scheme_id)


def _office(user: AnyUser) -> User | None:
    if not user.is_authenticated or not user.is_active or getattr(user, "role", "") != Role.OFFICE:
        return None
    assert isinstance(user, User)  # noqa: S101
    return user if user.jurisdiction is not None else None


def may_open(user: AnyUser, jurisdiction: Jurisdiction) -> bool:
    """Whether the user may open an assessment as the office of ``jurisdiction``."""
    if sees_everything(user):
        return True
    office = _office(user)
    return office is not None and office.jurisdiction_id == jurisdiction.pk


def may_assess(user: AnyUser, assessment: Assessment) -> bool:
    """Whether the user acts for the assessing office."""
    if sees_everything(user):
        return True
    office = _office(user)
    return (
        office is not None
        and office.jurisdiction is not None
        and assessment.jurisdiction.is_within(office.jurisdiction)
    )


def may_self_assess(user: AnyUser, entry: AssessmentEntry) -> bool:
    """Whether the user acts for the assessed body of ``entry`` (and the assessment is open)."""
    if entry.assessment.state != State.OPEN:
        return False
    if sees_everything(user):
        return True
    office = _office(user)
    return office is not None and office.jurisdiction_id == entry.jurisdiction_id


def schemes_for(jurisdiction: Jurisdiction) -> list[LoadedScheme]:
    """The schemes an office of ``jurisdiction`` may open an assessment under: every scheme that loads
    and assesses some jurisdiction below it (a scheme with problems is reported by
    ``zeren policy schemes``, not offered)."""
    found = []
    for scheme_id in schemes().ids():
        try:
            loaded = schemes().get(scheme_id)
        except SchemeError:
            continue
        if assessed_jurisdictions(jurisdiction, loaded).exists():
            found.append(loaded)
    return found


def assessed_jurisdictions(jurisdiction: Jurisdiction, loaded: LoadedScheme) -> models.QuerySet[Jurisdiction]:
    """The jurisdictions an assessment by the office of ``jurisdiction`` covers: below it, of the levels
    the scheme assesses; the level right below it when the scheme names none."""
    below = Jurisdiction.objects.filter(path__startswith=jurisdiction.path).exclude(pk=jurisdiction.pk)
    levels = loaded.scheme.assessed.levels
    if levels:
        return below.filter(level__in=list(levels)).order_by("path")
    return below.filter(parent=jurisdiction).order_by("path")
