"""What the assessment pages and documents show of a stored verdict: the items with their scores and
every deduction linked to its source (the post's duty verdicts of the year, the accident's page), the
vetoes with their articles, in Chinese labels only (no rule ids, duty ids or period codes)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zeren.accidents.presentation import articles, grade_label, policy_or_none
from zeren.assessments.models import AssessmentEntry, EntryState, ItemScore, State
from zeren.records.obligations import obligation_info

PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?$")
QUARTERS = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度", "H1": "上半年", "H2": "下半年"}


def period_text(period: str) -> str:
    """2025-Q2 → 2025年第二季度, 2025-H1 → 2025年上半年, 2025-03 → 2025年3月, 2025 → 2025年,
    2025/2026 → 2025—2026年."""
    if "/" in period:
        first, _sep, last = period.partition("/")
        return f"{first}—{last}年"
    found = PERIOD.match(period)
    if found is None:
        return period
    year, part = found.groups()
    if part is None:
        return f"{year}年"
    if part in QUARTERS:
        return f"{year}年{QUARTERS[part]}"
    return f"{year}年{int(part)}月"


def number(value: Any) -> str:
    """A score as printed: 92.5, 90, — for none."""
    if value is None or value == "":
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


STATE_CLASSES = {
    State.DRAFT: "draft",
    State.OPEN: "open",
    State.PUBLISHED: "published",
    EntryState.PREFILLED: "prefilled",
    EntryState.SUBMITTED: "submitted",
    EntryState.RETURNED: "returned",
    EntryState.REVIEWED: "reviewed",
    EntryState.APPROVED: "approved",
}


@dataclass
class Source:
    """One event that cost points, as shown: a sentence and where to look."""

    text: str
    url: str = ""
    points: str = ""


@dataclass
class DeductionView:
    title: str
    applied: str
    counted: str
    cap: str
    articles: list[dict[str, str]]
    sources: list[Source]


@dataclass
class ItemView:
    id: str
    title: str
    depth: int
    points: str
    heading: bool
    status: str = ""
    score: str = ""
    computed: str = ""
    deducted: str = ""
    evidence: str = ""
    criteria: str = ""
    may_be_not_applicable: bool = False
    deductions: list[DeductionView] = field(default_factory=list)
    articles: list[dict[str, str]] = field(default_factory=list)
    entered: ItemScore | None = None


def _event_source(event: dict[str, Any], entry: AssessmentEntry, policy_id: str, policy_version: str) -> Source:
    links = entry.links or {}
    year = entry.assessment.year
    points = number(event.get("points"))
    kind = event.get("source")
    if kind == "compliance":
        title, _cites = obligation_info(policy_id, policy_version, str(event.get("obligation", "")))
        official = str(event.get("official") or "")
        text = _("%(official)s: %(duty)s, %(period)s not done") % {
            "official": official,
            "duty": title,
            "period": period_text(str(event.get("period", ""))),
        }
        code = (links.get("posts") or {}).get(official)
        url = f"{reverse('records:post', kwargs={'post_code': code})}?year={year}" if code else ""
        return Source(text, url, points)
    if kind == "accident":
        pk = (links.get("accidents") or {}).get(str(event.get("accident")))
        occurred = str(event.get("occurred_at", ""))[:10]
        text = _("%(grade)s on %(day)s, %(deaths)s dead") % {
            "grade": grade_label(event.get("grade")),
            "day": occurred,
            "deaths": event.get("deaths", 0),
        }
        url = reverse("accidents:detail", kwargs={"accident": pk}) if pk else ""
        return Source(text, url, points)
    if kind == "manual":
        return Source(str(event.get("reason") or _("entered by hand")), "", points)
    # findings, hazards, supervision items: their title, and the link their source gave
    ref = str(event.get(str(kind)) or "")
    url = str((links.get(str(kind)) or {}).get(ref, ""))
    due = event.get("due")
    text = str(event.get("title") or "")
    if due:
        text += _(" (due %(day)s)") % {"day": due}
    return Source(text, url, points)


def _walk(items: Sequence[dict[str, Any]], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    for item in items:
        yield depth, item
        yield from _walk(item.get("children") or [], depth + 1)


def item_views(entry: AssessmentEntry, scores: Sequence[ItemScore], scheme: Any = None) -> list[ItemView]:
    """The verdict's items in order (headings and scored items), each scored item with its
    deductions and their sources, and what people entered on it."""
    verdict = entry.verdict or {}
    policy_id = str(verdict.get("policy") or entry.assessment.policy_id)
    policy_version = str(verdict.get("policy_version") or entry.assessment.policy_version)
    policy = policy_or_none(policy_id)
    leaves = {leaf.id: leaf for leaf in scheme.leaves()} if scheme is not None else {}
    by_item = {s.item: s for s in scores}
    out = []
    for depth, item in _walk(verdict.get("items") or []):
        heading = bool(item.get("children"))
        view = ItemView(
            id=str(item["id"]),
            title=str(item.get("title", "")),
            depth=depth,
            points=number(item.get("points")),
            heading=heading,
            score=number(item.get("score")),
            deducted=number(item.get("deducted")),
        )
        if not heading:
            leaf = leaves.get(view.id)
            view.status = str(item.get("status", ""))
            view.computed = number(item.get("computed_score", item.get("score")))
            view.evidence = str(item.get("evidence") or "")
            view.criteria = str(getattr(leaf, "criteria", "") or "")
            view.may_be_not_applicable = bool(getattr(leaf, "may_be_not_applicable", False))
            view.articles = articles(policy, list(item.get("cites") or []))
            view.entered = by_item.get(view.id)
            for deduction in item.get("deductions") or []:
                if not deduction.get("events"):
                    continue
                view.deductions.append(
                    DeductionView(
                        title=str(deduction.get("title", "")),
                        applied=number(deduction.get("applied")),
                        counted=number(deduction.get("counted")),
                        cap=number(deduction.get("cap")) if deduction.get("cap") is not None else "",
                        articles=articles(policy, list(deduction.get("cites") or [])),
                        sources=[_event_source(e, entry, policy_id, policy_version) for e in deduction["events"]],
                    )
                )
        out.append(view)
    return out


def status_label(status: str) -> str:
    return {
        "scored": pgettext("assessment item", "computed"),
        "manual": pgettext("assessment item", "entered"),
        "not_applicable": pgettext("assessment item", "not applicable"),
    }.get(status, "")


@dataclass
class VetoView:
    title: str
    articles: list[dict[str, str]]
    because: list[Source]


def veto_views(entry: AssessmentEntry) -> list[VetoView]:
    verdict = entry.verdict or {}
    policy = policy_or_none(str(verdict.get("policy") or entry.assessment.policy_id))
    out = []
    for veto in verdict.get("vetoes") or []:
        because = []
        for reason in veto.get("because") or []:
            if "accident" in reason:
                pk = (entry.links.get("accidents") or {}).get(str(reason["accident"]))
                url = reverse("accidents:detail", kwargs={"accident": pk}) if pk else ""
                because.append(Source(grade_label(reason.get("grade")), url))
            elif "one_vote_veto" in reason:
                url = str((entry.links.get("one_vote_veto") or {}).get(str(reason["one_vote_veto"]), ""))
                because.append(Source(str(reason.get("official") or _("one-vote veto in force")), url))
            else:
                kind = "finding" if "finding" in reason else "hazard"
                url = str((entry.links.get(kind) or {}).get(str(reason.get(kind)), ""))
                because.append(Source(str(reason.get("title") or ""), url))
        out.append(VetoView(str(veto.get("title", "")), articles(policy, list(veto.get("cites") or [])), because))
    return out


def bonus_views(entry: AssessmentEntry) -> list[dict[str, Any]]:
    levels = {
        "national": _("national"),
        "province": _("provincial"),
        "city": _("city"),
        "county": _("county"),
    }
    return [
        {
            "matter": b.get("matter", ""),
            "level": levels.get(str(b.get("level")), ""),
            "date": b.get("date", ""),
            "points": number(b.get("points")),
            "counted": b.get("counted"),
        }
        for b in (entry.verdict or {}).get("bonuses") or []
    ]


def ticket_query(entry: AssessmentEntry) -> str:
    """The query string that opens a new supervision ticket (督办单) raised from a published result:
    the source (an assessment result), its description and the 通报's document number."""
    from urllib.parse import urlencode

    assessment = entry.assessment
    label = _("%(title)s: %(name)s, %(grade)s, %(score)s points") % {
        "title": assessment.title,
        "name": entry.jurisdiction.name,
        "grade": entry.grade_label or "—",
        "score": number(entry.score),
    }
    title = _("Rectify what the %(year)s assessment found in %(name)s") % {
        "year": assessment.year,
        "name": entry.jurisdiction.name,
    }
    return urlencode({"source": "assessment", "label": label, "reference": assessment.document_number, "title": title})
