"""Labels for the core's vocabulary (docs/contracts.md ids from :mod:`zeren.policy.vocabulary`) and the
reading of who a record counts for.

Which credited posts a record counts for (``counts`` on :class:`~zeren.records.models.RecordCredit`):
the post that led or chaired it always; the posts that took part too, except for the activities
whose essence is leading (带队检查, 调研 — "主要负责人带队", "亲自调研"): taking part in someone
else's inspection is not leading one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zeren.policy.vocabulary import ACTIVITIES

ACTIVITY_LABELS = {
    "standing_committee_meeting": _("Standing committee meeting on safety"),
    "executive_meeting": _("Government executive meeting on safety"),
    "joint_meeting": _("Joint party-government meeting on safety"),
    "party_group_meeting": _("Department party group meeting on safety"),
    "special_meeting": _("Special meeting on safety"),
    "research_visit": _("Research visit on safety"),
    "led_inspection": _("Led safety inspection"),
    "study_session": _("Study session on safety"),
    "situation_analysis": _("Analysis of the safety situation"),
    "industry_report_heard": _("Heard the sector's safety report"),
    "duty_report": _("Report on performing safety duties"),
    "scene_arrival": _("Went to the accident scene"),
    "duty_list_published": _("Duty list drawn up and published"),
    "duty_list_review": _("Review of the duty lists"),
}
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

ROLE_LABELS = {
    "party_secretary": _("Party secretary"),
    "government_head": _("Government head"),
    "standing_member": _("Other standing committee member"),
    "deputy_for_safety": _("Deputy for safety"),
    "government_deputy": _("Other government leader"),
    "dept_principal": _("Department principal"),
    "dept_deputy_for_safety": _("Department deputy for safety"),
    "dept_other_leader": _("Other department leader"),
}


def counts_for(activity: str, capacity: str) -> bool:
    """Whether a credit in ``capacity`` counts toward the post's obligations for ``activity``."""
    return capacity == "leader" or activity not in LEADER_ONLY
