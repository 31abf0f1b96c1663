"""Labels for the core's vocabulary (docs/contracts.md ids from :mod:`zeren.policy.vocabulary`) and the
reading of who a record counts for.

Which credited posts a record counts for (``counts`` on :class:`~zeren.records.models.RecordCredit`):
the post that led or chaired it always; the posts that took part too, except for the activities
whose essence is leading (带队检查, 调研 — "主要负责人带队", "亲自调研"): taking part in someone
else's inspection is not leading one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zeren import terms
from zeren.policy.vocabulary import ACTIVITIES

ACTIVITY_LABELS = terms.ACTIVITY_LABELS
"""The core's names (zeren.terms), Chinese on Chinese pages."""
ACTIVITY_CHOICES = [(a, ACTIVITY_LABELS.get(a, a)) for a in ACTIVITIES]

LEADER_ONLY = frozenset({"led_inspection", "research_visit"})
"""Activities that count only for the post that led them."""

INSPECTIONS = frozenset({"led_inspection"})
"""Activities that may list hazards found with rectification deadlines."""

EVENT_ACTIVITIES = frozenset({"scene_arrival"})
"""Activities judged against event dates (counted by exact day, not by month)."""

STATUS_LABELS = {
    "met": _("Met"),
    "missed": _("Missed"),
    "open": _("Open"),
    "not_applicable": _("Not applicable"),
}
STATUS_CHOICES = list(STATUS_LABELS.items())

PERIOD_KIND_LABELS = {
    "month": _("Month"),
    "quarter": _("Quarter"),
    "half_year": _("Half-year"),
    "year": _("Year"),
    "two_years": _("Two years"),
}

ROLE_LABELS = terms.ROLE_LABELS


def counts_for(activity: str, capacity: str) -> bool:
    """Whether a credit in ``capacity`` counts toward the post's obligations for ``activity``."""
    return capacity == "leader" or activity not in LEADER_ONLY
