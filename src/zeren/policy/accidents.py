"""Accidents: grade (国务院令第493号 第三条), reporting timeliness (第九条, 第十一条), the level that
investigates (第十九条) and the window in which the grade may change (第十三条).

Thresholds come from the pack: "以上" includes the number, "以下" excludes it, and the grade is the
highest reached by any of deaths, serious injuries and direct economic loss.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from zeren.policy.explain import TraceEntry
from zeren.policy.facts import FactsError, problems_of
from zeren.policy.model import Policy
from zeren.policy.schema import GradeThreshold
from zeren.policy.verdicts import AccidentVerdict, ReportCheck, trace_of
from zeren.policy.vocabulary import GRADES

REPORT_LEVELS = ("county", "city", "province", "state_council")

_MEASURES = ("deaths", "serious_injuries", "direct_loss_yuan")


def grade_of(
    thresholds: Sequence[GradeThreshold], deaths: int, serious_injuries: int, direct_loss_yuan: int
) -> tuple[str, dict[str, str], list[str]]:
    """The grade, the grade each measure reaches, and the ids of the thresholds that fired."""
    values = {"deaths": deaths, "serious_injuries": serious_injuries, "direct_loss_yuan": direct_loss_yuan}
    by: dict[str, str] = dict.fromkeys(_MEASURES, GRADES[0])
    fired: list[str] = []
    for threshold in sorted(thresholds, key=lambda t: GRADES.index(t.grade)):
        for measure in _MEASURES:
            bound = getattr(threshold, measure)
            if bound is not None and values[measure] >= bound:
                by[measure] = threshold.grade
                if threshold.id not in fired:
                    fired.append(threshold.id)
    grade = max(by.values(), key=GRADES.index)
    return grade, by, fired


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    level: Literal["county", "city", "province", "state_council"]
    at: dt.datetime


class AccidentFacts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    occurred_at: dt.datetime
    deaths: int = Field(default=0, ge=0)
    serious_injuries: int = Field(default=0, ge=0)
    direct_loss_yuan: int = Field(default=0, ge=0)
    kind: Literal["road_traffic", "fire", "other"] = "other"
    reports: list[Report] = Field(default_factory=list)


def parse_accident_facts(data: object) -> AccidentFacts:
    try:
        return AccidentFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None


def evaluate_accident(policy: Policy, facts: AccidentFacts) -> AccidentVerdict:
    rules = policy.accidents
    if rules is None or not rules.grades:
        raise ValueError(f"{policy.id} has no accident grading rules")
    grade, by, fired = grade_of(rules.grades, facts.deaths, facts.serious_injuries, facts.direct_loss_yuan)
    trace: list[TraceEntry] = []
    inputs = {
        "deaths": facts.deaths,
        "serious_injuries": facts.serious_injuries,
        "direct_loss_yuan": facts.direct_loss_yuan,
    }
    for threshold in rules.grades:
        trace.append(TraceEntry(threshold.id, list(threshold.cites), threshold.id in fired, dict(inputs)))
    investigating = None
    for rule in rules.investigation:
        hit = rule.grade == grade
        trace.append(TraceEntry(rule.id, list(rule.cites), hit, {"grade": grade}))
        if hit:
            investigating = rule.level
    report_to = None
    for target in rules.report_to:
        hit = target.grade == grade
        trace.append(TraceEntry(target.id, list(target.cites), hit, {"grade": grade}))
        if hit:
            report_to = target.level
    reports, timeliness = _timeliness(facts, report_to, rules.unit_report_hours, rules.relay_report_hours)
    if reports and rules.reporting_cites:
        trace.append(
            TraceEntry(
                "reporting-deadlines",
                list(rules.reporting_cites),
                timeliness,
                {
                    "occurred_at": facts.occurred_at.isoformat(),
                    "unit_report_hours": rules.unit_report_hours,
                    "relay_report_hours": rules.relay_report_hours,
                },
            )
        )
    window = (
        rules.regrade_window_days_road_fire if facts.kind in ("road_traffic", "fire") else rules.regrade_window_days
    )
    return AccidentVerdict(
        policy=policy.id,
        policy_version=policy.version,
        grade=grade,
        grade_by=by,
        investigating_level=investigating,
        report_to_level=report_to,
        timeliness=timeliness,
        reports=tuple(reports),
        regrade_window_days=window,
        regrade_until=facts.occurred_at + dt.timedelta(days=window) if window else None,
        trace=trace_of(policy, trace),
    )


def _timeliness(
    facts: AccidentFacts, report_to: str | None, unit_hours: float | None, relay_hours: float | None
) -> tuple[list[ReportCheck], str]:
    """Deadlines: the county level within ``unit_hours`` of the accident; each level above within
    ``relay_hours`` of the report to the level below (or of its deadline, if that report is missing)."""
    if not facts.reports or report_to is None or unit_hours is None or relay_hours is None:
        return [], "unknown"
    at: dict[str, dt.datetime] = {}
    for report in facts.reports:
        at.setdefault(report.level, report.at)
    target = REPORT_LEVELS.index(report_to)
    deadline = facts.occurred_at + dt.timedelta(hours=unit_hours)
    out: list[ReportCheck] = []
    for level in REPORT_LEVELS[: target + 1]:
        when = at.get(level)
        status = "not_reported" if when is None else ("on_time" if when <= deadline else "late")
        out.append(ReportCheck(level, deadline, when, status))
        deadline = (when or deadline) + dt.timedelta(hours=relay_hours)
    statuses = {r.status for r in out}
    overall = "late" if "late" in statuses else ("not_reported" if "not_reported" in statuses else "on_time")
    return out, overall
