"""What the case pages show: the verdict as readable parts with their articles, the workflow, history."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.accidents.presentation import articles, grade_label, history_rows, policy_or_none, trace_rows
from zeren.accounts.access import AnyUser, official_person_id
from zeren.accounts.models import Role
from zeren.audit.services import history
from zeren.cases import workflow
from zeren.cases.consequences import describe
from zeren.cases.labels import (
    ASSESSMENT_LABELS,
    CIRCUMSTANCE_LABELS,
    FACT_LABELS,
    MEASURE_LABELS,
    MITIGATION_LABELS,
    SANCTION_LABELS,
    measure_label,
    note_label,
    restriction_label,
)
from zeren.cases.models import Case, Responsibility
from zeren.policy.model import Policy

ACTION_LABELS = {
    "case.open": _("case opened"),
    "case.update": _("case edited"),
    "case.conflict": _("stale edit refused (kept here, not applied)"),
    "case.evidence_added": _("evidence added"),
    "case.subject_added": _("official added"),
    "case.subject_updated": _("responsibility determination changed"),
    "case.investigate": _("investigation started"),
    "case.determine": _("responsibility determined"),
    "case.reopen": _("investigation reopened"),
    "case.close": _("closed without accountability"),
    "case.decide": _("decided"),
    "case.publish": _("published"),
    "case.appeal": _("written appeal filed"),
    "case.appeal_decided": _("appeal decided"),
}

TRACE_INPUTS = {
    **{f"facts.{key}": label for key, label in FACT_LABELS.items()},
    "facts.previous_year_assessment": _("previous year's assessment grade"),
}
TRACE_VALUES = {
    **CIRCUMSTANCE_LABELS,
    **MEASURE_LABELS,
    **SANCTION_LABELS,
    **ASSESSMENT_LABELS,
    **{r.value: r.label for r in Responsibility},
}
"""The labels of the facts and values a case's rules read (zeren.accidents.presentation.trace_rows)."""

PARTS = (
    ("exempt", _("Exemption for full performance (尽职免责)")),
    ("fault_tolerance", _("Fault tolerance (容错)")),
    ("lighter_path", _("Lighter path (说明情况、书面检查)")),
    ("aggravate", _("Aggravation (从重)")),
    ("mitigate", _("Mitigation (从轻、减轻)")),
    ("one_vote_veto", _("One-vote veto (一票否决)")),
    ("lifetime", _("Lifetime accountability (终身追责)")),
    ("referral", _("Referral to the supervision commission")),
)


def verdict_view(verdict: dict[str, Any], policy: Policy | None) -> dict[str, Any] | None:
    """The stored verdict as sections a reader can follow, each with its articles."""
    if not verdict:
        return None
    parts = []
    for key, label in PARTS:
        part = verdict.get(key) or {}
        extra = ""
        if key == "mitigate" and part.get("reasons"):
            extra = "、".join(str(MITIGATION_LABELS.get(r, r)) for r in part["reasons"])
        if key == "lighter_path" and part.get("measures"):
            extra = "、".join(measure_label(m) for m in part["measures"])
        parts.append(
            {
                "key": key,
                "label": label,
                "applies": bool(part.get("applies")),
                "extra": extra,
                "articles": articles(policy, part.get("cites", [])),
            }
        )
    restrictions = [
        {
            "kind": r["kind"],
            "label": restriction_label(r["kind"]),
            "from": r["from"],
            "until": r.get("until"),
            "because": ", ".join(r.get("because", [])),
            "articles": articles(policy, r.get("cites", [])),
        }
        for r in verdict.get("restrictions", [])
    ]
    return {
        "policy": verdict.get("policy"),
        "version": verdict.get("policy_version"),
        "grade": grade_label(verdict.get("accident_grade")) if verdict.get("accident_grade") else "",
        "accountable": verdict.get("accountable"),
        "grounds": [
            {
                "label": CIRCUMSTANCE_LABELS.get(g["circumstance"], g["circumstance"]),
                "articles": articles(policy, g["cites"]),
            }
            for g in verdict.get("grounds", [])
        ],
        "measures": [
            {
                "measure": m["measure"],
                "label": MEASURE_LABELS.get(m["measure"], m["measure"]),
                "articles": articles(policy, m["cites"]),
            }
            for m in verdict.get("measures_allowed", [])
        ],
        "parts": parts,
        "restrictions": restrictions,
        "may_be_promoted": verdict.get("may_be_promoted_on_as_of"),
        "conflicts": [
            {"message": c["message"], "articles": articles(policy, c.get("cites", []))}
            for c in verdict.get("conflicts", [])
        ],
        "notes": [note_label(n) for n in verdict.get("notes", [])],
        "raw_notes": verdict.get("notes", []),
        "trace": trace_rows(policy, verdict.get("trace", []), TRACE_INPUTS, TRACE_VALUES),
    }


def procedure_view(policy: Policy | None) -> list[dict[str, Any]]:
    proc = policy.accountability.procedure if policy and policy.accountability else None
    rows = []
    for step, label in (
        ("propose", _("Proposal")),
        ("investigate", _("Investigation")),
        ("decide", _("Decision")),
        ("publish", _("Publication")),
        ("appeal", _("Appeal")),
    ):
        value = getattr(proc, step) if proc else None
        rows.append(
            {
                "label": label,
                "actor": value.actor if value else "",
                "text": value.text if value else "",
                "articles": articles(policy, list(value.cites)) if value else [],
            }
        )
    return rows


def subject_rows(case: Case, policy: Policy | None, *, person_id: int | None = None) -> list[dict[str, Any]]:
    """The officials on the case with their verdicts and measures (only ``person_id``'s, when given)."""
    rows = []
    subjects = case.subjects.all() if person_id is None else case.subjects.filter(person_id=person_id)
    for s in subjects.select_related("person", "post__body__jurisdiction").prefetch_related(
        "measures", "restrictions", "appeals"
    ):
        rows.append(
            {
                "subject": s,
                "verdict": verdict_view(s.verdict, policy),
                "measures": [
                    {
                        "label": measure_label(m.measure, m.sanction),
                        "date": m.date,
                        "revoked_on": m.revoked_on,
                        "articles": articles(policy, m.cites),
                    }
                    for m in s.measures.all()
                ],
                "restrictions": [
                    {"text": describe(r), "in_force": r.in_force_on(timezone.localdate())} for r in s.restrictions.all()
                ],
                "circumstances": [CIRCUMSTANCE_LABELS.get(c, c) for c in s.circumstances],
                "allowed": {m["measure"] for m in (s.verdict or {}).get("measures_allowed", [])},
            }
        )
    return rows


def case_context(case: Case, user: AnyUser, *, public: bool = False) -> dict[str, Any]:
    """What the case page shows ``user``. An official on the case sees its facts and workflow and their
    own determination and appeals only — not a co-subject's, nor the case history, which carries
    every determination (zeren.accounts.access: what an official sees). The public page (``public``)
    shows the published decision with every official, the same for everyone."""
    policy = policy_or_none(case.policy_id)
    own = None if public else official_person_id(user)
    appeals = case.appeals.select_related("subject__person")
    return {
        "case": case,
        "policy": policy,
        "path": workflow.path_of(case),
        "steps": workflow.steps_for(user, case, policy),
        "may_edit": workflow.may_edit(user, case, policy),
        "deciders": sorted(str(Role(r).label) for r in workflow.decider_roles(policy)),
        "procedure": procedure_view(policy),
        "subjects": subject_rows(case, policy, person_id=own),
        "appellants": [s for s in case.subjects.select_related("person") if workflow.may_appeal_for(user, s)],
        "evidence": list(case.evidence.all()),
        "appeals": list(appeals if own is None else appeals.filter(subject__person_id=own)),
        "history": [] if own is not None else history_rows(list(history(case).select_related("actor")), ACTION_LABELS),
        "measure_choices": list(MEASURE_LABELS.items()),
        "sanction_choices": list(SANCTION_LABELS.items()),
        "suspends": (
            policy.accountability.procedure.appeal_suspends_execution
            if policy and policy.accountability and policy.accountability.procedure
            else None
        ),
    }
