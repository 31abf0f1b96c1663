"""What the accident pages show: stored verdicts turned into rows with labels and cited articles.
Shared with the cases app (articles, trace, history)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeren.accidents.models import Accident, Grade, ReportLevel, Timeliness
from zeren.accounts.access import AnyUser
from zeren.audit.labels import action_label, actor_label
from zeren.audit.models import AuditEvent
from zeren.audit.services import history
from zeren.org.bindings import registry
from zeren.policy.model import Policy


def articles(policy: Policy | None, cites: list[str]) -> list[dict[str, str]]:
    """Cited articles with their label (常州 第三十条) and text; an unknown id is shown as is."""
    out = []
    for cite in cites:
        try:
            piece = policy.cite(cite) if policy is not None else None
        except (KeyError, ValueError):
            piece = None
        out.append({"id": cite, "label": piece.label if piece else cite, "text": piece.text if piece else ""})
    return out


def policy_or_none(policy_id: str) -> Policy | None:
    try:
        return registry().get(policy_id) if policy_id else None
    except (KeyError, LookupError, ValueError):
        return None


def grade_label(grade: str | None) -> str:
    return str(Grade(grade).label) if grade in Grade.values else _("not graded")


STATUS_LABELS = {
    "on_time": Timeliness.ON_TIME.label,
    "late": Timeliness.LATE.label,
    "not_reported": Timeliness.NOT_REPORTED.label,
    "unknown": Timeliness.UNKNOWN.label,
}


def _when(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def report_rows(accident: Accident) -> list[dict[str, Any]]:
    """Each level the accident must reach: the deadline, when it was reported, the verdict."""
    rows = []
    entered = {r.level: r.at for r in accident.reports.all()}
    for row in accident.verdict.get("reports", []):
        rows.append(
            {
                "level": row["level"],
                "label": ReportLevel(row["level"]).label,
                "deadline": _when(row["deadline"]),
                "at": _when(row["at"]),
                "status": row["status"],
                "status_label": STATUS_LABELS.get(row["status"], row["status"]),
            }
        )
    if not rows:  # no report entered yet: list the levels with what was entered
        for level in ReportLevel.values:
            rows.append(
                {
                    "level": level,
                    "label": ReportLevel(level).label,
                    "deadline": None,
                    "at": entered.get(level),
                    "status": "",
                    "status_label": "",
                }
            )
    return rows


INPUT_LABELS = {
    "deaths": gettext_lazy("deaths"),
    "serious_injuries": gettext_lazy("serious injuries"),
    "direct_loss_yuan": gettext_lazy("direct economic loss (yuan)"),
    "grade": gettext_lazy("accident grade"),
    "occurred_at": gettext_lazy("occurred at"),
    "unit_report_hours": gettext_lazy("hours until the unit reported"),
    "relay_report_hours": gettext_lazy("hours until the report was passed on"),
    "grounds": gettext_lazy("grounds"),
    "circumstances": gettext_lazy("circumstances"),
    "responsibility": gettext_lazy("responsibility degree"),
    "decided.measure": gettext_lazy("measure decided"),
    "decided.sanction": gettext_lazy("sanction decided"),
    "decided.date": gettext_lazy("decided on"),
}
"""The facts a rule reads, in words; ``accident.X`` reads as X of the accident."""


def _value_label(value: Any, values: dict[str, Any]) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return "、".join(_value_label(v, values) for v in value)
    if isinstance(value, bool | int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    text = str(value)
    if text in values:
        return str(values[text])
    if "T" in text and text[:4].isdigit():  # an ISO time
        try:
            return datetime.datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            pass
    return text


def trace_rows(
    policy: Policy | None,
    trace: list[dict[str, Any]],
    inputs: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The rules checked, as a reader follows them: the result and the facts read in words, the
    articles by label; the rule's id and the raw facts for the technical details. ``inputs`` and
    ``values`` add the labels of a caller's own facts and values (the cases app's)."""
    input_labels = {**INPUT_LABELS, **(inputs or {})}
    value_labels = {**{g.value: g.label for g in Grade}, **STATUS_LABELS, **(values or {})}

    def label(key: str) -> str:
        name = key.removeprefix("accident.")
        found = input_labels.get(key) or input_labels.get(name)
        if found is None:
            return _("other fact")
        return str(found) if name == key else _("%(fact)s of the accident") % {"fact": found}

    return [
        {
            "rule": entry["rule"],
            "result": entry["result"],
            "result_label": _value_label(entry["result"], value_labels),
            "fired": entry["result"] not in (False, None, [], ""),
            "inputs": entry.get("inputs", {}),
            "facts": [(label(k), _value_label(v, value_labels)) for k, v in entry.get("inputs", {}).items()],
            "note": entry.get("note", ""),
            "articles": entry.get("articles") or articles(policy, entry.get("cites", [])),
        }
        for entry in trace
    ]


ACTION_LABELS = {
    "accident.create": gettext_lazy("registered"),
    "accident.casualties": gettext_lazy("casualties changed"),
    "accident.report": gettext_lazy("report time entered"),
    "accident.responsibility_derived": gettext_lazy("officials derived from appointments"),
    "accident.responsibility_excluded": gettext_lazy("official excluded"),
    "accident.responsibility_included": gettext_lazy("official included again"),
    "accident.responsibility_added": gettext_lazy("official added"),
}


def _reason(data: dict[str, Any]) -> str:
    if data.get("reason"):
        return str(data["reason"])
    after = data.get("after")
    return str(after.get("reason", "")) if isinstance(after, dict) else ""


def history_rows(events: list[AuditEvent], labels: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"event": e, "label": action_label(e.action, labels), "actor": actor_label(e), "reason": _reason(e.data or {})}
        for e in events
    ]


INVESTIGATING_LABELS = {
    "county": gettext_lazy("County-level government"),
    "city": gettext_lazy("City-level government"),
    "province": gettext_lazy("Provincial government"),
    "state_council": gettext_lazy("State Council"),
}


def accident_context(accident: Accident, user: AnyUser) -> dict[str, Any]:
    policy = policy_or_none(accident.policy_id)
    responsibilities = list(
        accident.responsibilities.select_related("person", "post__body__jurisdiction").order_by(
            "post__body__jurisdiction__depth", "basis", "id"
        )
    )
    return {
        "accident": accident,
        "policy": policy,
        "grade_label": grade_label(accident.grade),
        "investigating_label": INVESTIGATING_LABELS.get(accident.investigating_level, "—"),
        "grade_articles": articles(
            policy, [c for e in accident.verdict.get("trace", []) if e.get("result") is True for c in e["cites"]][:1]
        ),
        "reports": report_rows(accident),
        "gradings": list(accident.gradings.select_related("actor")),
        "regrade_cites": articles(policy, list(policy.accidents.regrade_cites) if policy and policy.accidents else []),
        "responsibilities": [(r, articles(policy, r.cites)) for r in responsibilities],
        "trace": trace_rows(policy, accident.verdict.get("trace", [])),
        "history": history_rows(list(history(accident).select_related("actor")), ACTION_LABELS),
        "cases": list(accident.cases.all()) if hasattr(accident, "cases") else [],
    }
