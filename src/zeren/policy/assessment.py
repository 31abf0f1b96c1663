"""Annual assessment (评价考核、目标责任考核): a scheme and a jurisdiction's year of facts → a verdict.

常州 第十三条 and 河北 第十五条 require an annual assessment of the lower-level party committees
and governments; the office issues a scheme (考核细则, :mod:`zeren.policy.scheme_schema`). The order
of reasoning:

1. each leaf item: 不涉及 (marked, where the scheme allows it) leaves the total; otherwise every
   deduction counts its events (missed compliance periods, accidents of a grade, findings, hazards
   and supervision items left open, entries by hand) × points per event, at most its cap, and the
   item loses at most its points (扣完为止); a score entered by hand replaces the computed one
   (both are shown);
2. the normalised score: 实得 ÷ 可评项应得 × total (两位小数, 四舍五入);
3. bonus points: commendations received in the year, each matter once at its highest level, in
   all at most the bonus cap; the score is the normalised score plus the bonus;
4. the grade: the first band whose inclusive lower bound (含本数) the score reaches;
5. vetoes: each veto whose fact holds caps the grade at its ``at_most`` (不合格, or the band below
   优秀); the lowest cap wins;
6. a rank quota (先进 = top N among those rated 优秀) is decided over many jurisdictions by
   :func:`rank`.

zeren computes what the scheme gives; the office decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from zeren.policy.accidents import grade_of
from zeren.policy.explain import TraceEntry
from zeren.policy.facts import FactsError, problems_of
from zeren.policy.periods import parse_period
from zeren.policy.scheme import LoadedScheme
from zeren.policy.scheme_schema import COMMENDATION_LEVELS, CommendationLevel, Deduction, Item, Scheme, Veto
from zeren.policy.vocabulary import AccidentGrade, Activity, ComplianceStatus, Level

CENT = Decimal("0.01")
ZERO = Decimal(0)


# --------------------------------------------------------------------------- facts


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Jurisdiction(_Facts):
    code: str = Field(min_length=1)
    name: str | None = None
    level: Level | None = None


class YearAccident(_Facts):
    """An accident of the year, in the shape of the accountability facts' ``accident`` plus an id."""

    id: str = Field(min_length=1)
    occurred_at: dt.datetime
    deaths: int = Field(default=0, ge=0)
    serious_injuries: int = Field(default=0, ge=0)
    direct_loss_yuan: int = Field(default=0, ge=0)
    sector: str | None = None
    grade: AccidentGrade | None = None
    """The grade the investigation set, where it differs from the counts (a regrading): it wins."""


class ComplianceVerdict(_Facts):
    """One item of a compliance verdict (``zeren evaluate compliance``): a duty in a period."""

    obligation: str = Field(min_length=1)
    period: str
    status: ComplianceStatus
    activity: Activity | None = None
    official: str | None = None
    """Who held the post (a name or an id), shown with the deduction."""

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        parse_period(value)
        return value


class Commendation(_Facts):
    """A commendation (表彰) the jurisdiction received: the same ``matter`` commended at several
    levels counts once, at its highest."""

    id: str = Field(min_length=1)
    matter: str = Field(min_length=1)
    level: CommendationLevel
    date: dt.date
    title: str | None = None


class Finding(_Facts):
    """A finding of an inspection tour (巡查问题) or of an assessment, with its rectification."""

    id: str = Field(min_length=1)
    title: str
    found_on: dt.date
    due: dt.date | None = None
    rectified_on: dt.date | None = None


class Hazard(_Facts):
    """A major hazard; ``listed`` hazards are under 挂牌督办."""

    id: str = Field(min_length=1)
    title: str
    listed: bool = True
    found_on: dt.date
    due: dt.date | None = None
    rectified_on: dt.date | None = None


class SupervisionItem(_Facts):
    """A supervision ticket (督办事项): overdue when not closed by its due date."""

    id: str = Field(min_length=1)
    title: str
    due: dt.date
    closed_on: dt.date | None = None


class VetoInForce(_Facts):
    """A one-vote veto (一票否决) decided against the jurisdiction or its officials."""

    id: str = Field(min_length=1)
    official: str | None = None
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    cites: list[str] = Field(default_factory=list)


class ManualDeduction(_Facts):
    """A deduction entered by hand under a ``source: manual`` rule (a 通报批评, a missing photo)."""

    item: str
    deduction: str
    count: int = Field(default=1, ge=1)
    reason: str = Field(min_length=1)
    ref: str | None = None


class ManualScore(_Facts):
    """A score entered by the item's scorer (the department in charge of the sector)."""

    item: str
    score: Decimal = Field(ge=0, max_digits=8, decimal_places=2)
    reason: str = Field(min_length=1)
    by: str | None = None


class NotApplicable(_Facts):
    item: str
    reason: str = Field(min_length=1)


class AssessmentFacts(_Facts):
    jurisdiction: Jurisdiction
    year: int = Field(ge=1949, le=9999)
    accidents: list[YearAccident] = Field(default_factory=list)
    compliance: list[ComplianceVerdict] = Field(default_factory=list)
    commendations: list[Commendation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    hazards: list[Hazard] = Field(default_factory=list)
    supervision: list[SupervisionItem] = Field(default_factory=list)
    vetoes_in_force: list[VetoInForce] = Field(default_factory=list)
    manual_deductions: list[ManualDeduction] = Field(default_factory=list)
    scores: list[ManualScore] = Field(default_factory=list)
    not_applicable: list[NotApplicable] = Field(default_factory=list)

    @model_validator(mode="after")
    def _once(self) -> AssessmentFacts:
        for name in ("scores", "not_applicable"):
            items = [entry.item for entry in getattr(self, name)]
            doubled = sorted({i for i in items if items.count(i) > 1})
            if doubled:
                raise ValueError(f"{name}: item {doubled[0]} appears twice")
        both = sorted({s.item for s in self.scores} & {n.item for n in self.not_applicable})
        if both:
            raise ValueError(f"item {both[0]} is both scored and marked 不涉及")
        return self


def parse_assessment_facts(data: object, loaded: LoadedScheme | None = None) -> AssessmentFacts:
    """Facts that fit the contract and, given the scheme, name only its items and rules."""
    try:
        facts = AssessmentFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None
    if loaded is not None:
        problems = _scheme_problems(loaded.scheme, facts)
        if problems:
            raise FactsError(problems)
    return facts


def _scheme_problems(scheme: Scheme, facts: AssessmentFacts) -> list[str]:
    leaves = {item.id: item for item in scheme.leaves()}
    problems = []
    if facts.year not in scheme.years:
        problems.append(f"year: {facts.year} is not a year of scheme {scheme.id} ({', '.join(map(str, scheme.years))})")
    levels = scheme.assessed.levels
    if levels and facts.jurisdiction.level is not None and facts.jurisdiction.level not in levels:
        problems.append(
            f"jurisdiction.level: {facts.jurisdiction.level!r} is not assessed by {scheme.id} "
            f"(only {', '.join(levels)})"
        )

    def leaf(path: str, item_id: str) -> Item | None:
        if item_id not in leaves:
            problems.append(f"{path}.item: {item_id!r} is not a scored item of {scheme.id} ({', '.join(leaves)})")
            return None
        return leaves[item_id]

    for index, entry in enumerate(facts.not_applicable):
        item = leaf(f"not_applicable[{index}]", entry.item)
        if item is not None and not item.may_be_not_applicable:
            problems.append(f"not_applicable[{index}].item: item {item.id} may not be marked 不涉及 under {scheme.id}")
    for index, score in enumerate(facts.scores):
        item = leaf(f"scores[{index}]", score.item)
        if item is not None and score.score > item.points:
            problems.append(f"scores[{index}].score: {score.score} is above item {item.id}'s {item.points} points")
    for index, manual in enumerate(facts.manual_deductions):
        item = leaf(f"manual_deductions[{index}]", manual.item)
        if item is None:
            continue
        manual_rules = [d.id for d in item.deductions if d.source == "manual"]
        if manual.deduction not in manual_rules:
            problems.append(
                f"manual_deductions[{index}].deduction: {manual.deduction!r} is not a manual deduction of item "
                f"{item.id} ({', '.join(manual_rules) or 'it has none'})"
            )
    return problems


# --------------------------------------------------------------------------- the verdict


def _num(value: Decimal) -> int | float:
    """A score for JSON: whole numbers as integers, the rest with their two decimals."""
    return int(value) if value == value.to_integral_value() else float(value)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that costs points: its source (``compliance``, ``accident``, …) and what it is."""

    source: str
    ref: dict[str, Any]
    points: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, **self.ref, "points": _num(self.points)}


@dataclass(frozen=True, slots=True)
class DeductionResult:
    rule: Deduction
    events: tuple[Event, ...]
    counted: Decimal
    """Events × points per event."""
    applied: Decimal
    """``counted`` up to the rule's cap."""

    def as_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "rule": rule.id,
            "title": rule.title,
            "source": rule.source,
            "per_event": _num(rule.per_event),
            "cap": _num(rule.cap) if rule.cap is not None else None,
            "events": [e.as_dict() for e in self.events],
            "counted": _num(self.counted),
            "applied": _num(self.applied),
            "cites": list(rule.cites),
        }


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: Item
    status: str
    """``scored`` (computed), ``manual`` (entered by the scorer) or ``not_applicable`` (不涉及)."""
    points: Decimal
    score: Decimal | None
    deducted: Decimal
    deductions: tuple[DeductionResult, ...] = ()
    computed_score: Decimal | None = None
    reason: str | None = None
    children: tuple[ItemResult, ...] = ()

    @property
    def applicable_points(self) -> Decimal:
        if self.children:
            return sum((c.applicable_points for c in self.children), ZERO)
        return ZERO if self.status == "not_applicable" else self.points

    def as_dict(self) -> dict[str, Any]:
        item = self.item
        out: dict[str, Any] = {
            "id": item.id,
            "title": item.title,
            "points": _num(self.points),
            "status": self.status,
            "score": _num(self.score) if self.score is not None else None,
            "deducted": _num(self.deducted),
        }
        if self.children:
            out["applicable_points"] = _num(self.applicable_points)
            out["children"] = [c.as_dict() for c in self.children]
            return out
        assert item.scorer is not None
        out["scorer"] = item.scorer.model_dump(exclude_none=True)
        out["evidence"] = item.evidence
        out["deductions"] = [d.as_dict() for d in self.deductions]
        if self.computed_score is not None:
            out["computed_score"] = _num(self.computed_score)
        if self.reason is not None:
            out["reason"] = self.reason
        out["cites"] = list(item.cites)
        return out


@dataclass(frozen=True, slots=True)
class BonusResult:
    commendation: Commendation
    points: Decimal
    counted: bool
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        c = self.commendation
        out: dict[str, Any] = {
            "commendation": c.id,
            "matter": c.matter,
            "level": c.level,
            "date": c.date.isoformat(),
            "points": _num(self.points),
            "counted": self.counted,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class VetoResult:
    rule: Veto
    because: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "title": self.rule.title,
            "at_most": self.rule.at_most,
            "cites": list(self.rule.cites),
            "because": list(self.because),
        }


@dataclass(frozen=True)
class AssessmentVerdict:
    loaded: LoadedScheme
    facts: AssessmentFacts
    items: tuple[ItemResult, ...]
    raw_score: Decimal
    applicable_points: Decimal
    normalised_score: Decimal | None
    bonuses: tuple[BonusResult, ...]
    bonus: Decimal
    score: Decimal | None
    score_grade: str | None
    grade: str | None
    vetoes: tuple[VetoResult, ...]
    notes: tuple[str, ...]
    trace: tuple[TraceEntry, ...] = field(default=())

    @property
    def grade_label(self) -> str | None:
        return next((b.label for b in self.loaded.scheme.grades if b.grade == self.grade), None)

    def as_dict(self) -> dict[str, Any]:
        loaded = self.loaded
        return {
            "scheme": loaded.id,
            "scheme_version": loaded.version,
            "policy": loaded.policy.id,
            "policy_version": loaded.policy.version,
            "jurisdiction": self.facts.jurisdiction.model_dump(exclude_none=True),
            "year": self.facts.year,
            "total": _num(loaded.scheme.total),
            "applicable_points": _num(self.applicable_points),
            "raw_score": _num(self.raw_score),
            "normalised_score": _num(self.normalised_score) if self.normalised_score is not None else None,
            "bonus": _num(self.bonus),
            "score": _num(self.score) if self.score is not None else None,
            "score_grade": self.score_grade,
            "grade": self.grade,
            "grade_label": self.grade_label,
            "vetoes": [v.as_dict() for v in self.vetoes],
            "items": [i.as_dict() for i in self.items],
            "bonuses": [b.as_dict() for b in self.bonuses],
            "notes": list(self.notes),
            "trace": [t.as_dict(loaded.policy) for t in self.trace],
        }


# --------------------------------------------------------------------------- the computation


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _open_at_year_end(rectified_on: dt.date | None, found_on: dt.date, year: int) -> bool:
    """Found by the end of the year and not rectified by then."""
    end = _year_end(year)
    return found_on <= end and (rectified_on is None or rectified_on > end)


class _Run:
    def __init__(self, loaded: LoadedScheme, facts: AssessmentFacts) -> None:
        self.loaded = loaded
        self.scheme = loaded.scheme
        self.facts = facts
        self.year = facts.year
        self.trace: list[TraceEntry] = []
        self.notes: list[str] = []
        self.not_applicable = {n.item: n for n in facts.not_applicable}
        self.scores = {s.item: s for s in facts.scores}
        self.accidents = self._accidents()
        self.missed = [
            v for v in facts.compliance if v.status == "missed" and parse_period(v.period).end.year == self.year
        ]
        self.findings = [f for f in facts.findings if _open_at_year_end(f.rectified_on, f.found_on, self.year)]
        self.hazards = [
            h for h in facts.hazards if h.listed and _open_at_year_end(h.rectified_on, h.found_on, self.year)
        ]
        self.overdue = [
            s
            for s in facts.supervision
            if s.due <= _year_end(self.year) and (s.closed_on is None or s.closed_on > s.due)
        ]
        start, end = dt.date(self.year, 1, 1), _year_end(self.year)
        self.vetoes_in_force = [
            v for v in facts.vetoes_in_force if v.from_ <= end and (v.until is None or v.until > start)
        ]

    def _accidents(self) -> list[tuple[YearAccident, str]]:
        policy = self.loaded.policy
        thresholds = policy.accidents.grades if policy.accidents is not None else []
        out = []
        for accident in self.facts.accidents:
            if accident.occurred_at.year != self.year:
                self.notes.append(f"accident {accident.id} did not occur in {self.year}: not counted")
                continue
            grade, _, fired = grade_of(
                thresholds, accident.deaths, accident.serious_injuries, accident.direct_loss_yuan
            )
            cites = [c for g in thresholds if g.id in fired for c in g.cites]
            cites = cites or [c for g in thresholds if g.grade == "ordinary" for c in g.cites]
            if accident.grade is not None:
                grade = accident.grade
            self.trace.append(
                TraceEntry(
                    f"accident-grade:{accident.id}",
                    cites,
                    grade,
                    {
                        "deaths": accident.deaths,
                        "serious_injuries": accident.serious_injuries,
                        "direct_loss_yuan": accident.direct_loss_yuan,
                        "grade_given": accident.grade,
                    },
                )
            )
            out.append((accident, grade))
        return out

    # ----------------------------------------------------------------- items

    def item(self, item: Item) -> ItemResult:
        if item.children:
            children = tuple(self.item(c) for c in item.children)
            applicable = [c for c in children if c.score is not None]
            if not applicable:
                return ItemResult(item, "not_applicable", item.points, None, ZERO, children=children)
            score = sum((c.score for c in applicable if c.score is not None), ZERO)
            deducted = sum((c.deducted for c in applicable), ZERO)
            return ItemResult(item, "scored", item.points, score, deducted, children=children)
        if item.id in self.not_applicable:
            reason = self.not_applicable[item.id].reason
            self.trace.append(TraceEntry(f"item:{item.id}", list(item.cites), "not_applicable", {"reason": reason}))
            return ItemResult(item, "not_applicable", item.points, None, ZERO, reason=reason)
        results = tuple(self.deduction(item, d) for d in item.deductions)
        deducted = min(sum((r.applied for r in results), ZERO), item.points)
        computed = item.points - deducted
        manual = self.scores.get(item.id)
        if manual is not None:
            self.trace.append(
                TraceEntry(
                    f"item:{item.id}",
                    list(item.cites),
                    _num(manual.score),
                    {"computed_score": _num(computed), "by": manual.by, "reason": manual.reason},
                    "entered by the item's scorer; it replaces the computed score",
                )
            )
            return ItemResult(
                item, "manual", item.points, manual.score, item.points - manual.score, results, computed, manual.reason
            )
        self.trace.append(
            TraceEntry(
                f"item:{item.id}",
                list(item.cites),
                _num(computed),
                {"points": _num(item.points), "deducted": _num(deducted)},
            )
        )
        return ItemResult(item, "scored", item.points, computed, deducted, results)

    def deduction(self, item: Item, rule: Deduction) -> DeductionResult:
        events = tuple(Event(rule.source, ref, rule.per_event) for ref in self.events(item, rule))
        counted = rule.per_event * len(events)
        cap = rule.cap if rule.cap is not None else item.points
        applied = min(counted, cap)
        self.trace.append(
            TraceEntry(
                rule.id,
                list(rule.cites),
                _num(applied),
                {"item": item.id, "events": len(events), "per_event": _num(rule.per_event), "cap": _num(cap)},
                "扣完为止: capped" if counted > cap else None,
            )
        )
        return DeductionResult(rule, events, counted, applied)

    def events(self, item: Item, rule: Deduction) -> list[dict[str, Any]]:
        if rule.source == "compliance":
            return [
                {"obligation": v.obligation, "period": v.period, "activity": v.activity, "official": v.official}
                for v in self.missed
                if (not rule.duties or v.obligation in rule.duties)
                and (not rule.activities or v.activity in rule.activities)
            ]
        if rule.source == "accident":
            return [
                {"accident": a.id, "grade": grade, "occurred_at": a.occurred_at.isoformat(), "deaths": a.deaths}
                for a, grade in self.accidents
                if not rule.grades or grade in rule.grades
            ]
        if rule.source == "finding":
            return [{"finding": f.id, "title": f.title, "due": _iso(f.due)} for f in self.findings]
        if rule.source == "hazard":
            return [{"hazard": h.id, "title": h.title, "due": _iso(h.due)} for h in self.hazards]
        if rule.source == "supervision":
            return [{"supervision": s.id, "title": s.title, "due": s.due.isoformat()} for s in self.overdue]
        return [
            {"manual": True, "reason": m.reason, "ref": m.ref}
            for m in self.facts.manual_deductions
            if m.item == item.id and m.deduction == rule.id
            for _ in range(m.count)
        ]

    # ----------------------------------------------------------------- bonus

    def bonuses(self) -> tuple[tuple[BonusResult, ...], Decimal]:
        bonus = self.scheme.bonus
        if bonus is None:
            if self.facts.commendations:
                self.notes.append(f"{self.scheme.id} gives no bonus points for commendations")
            return (), ZERO
        worth = {b.level: b.points for b in bonus.levels}
        results: list[BonusResult] = []
        seen_ids: set[str] = set()
        in_year = []
        for c in self.facts.commendations:
            if c.id in seen_ids:
                results.append(BonusResult(c, ZERO, False, f"commendation {c.id} is listed twice: counted once"))
                continue
            seen_ids.add(c.id)
            if c.date.year != self.year:
                results.append(BonusResult(c, ZERO, False, f"not received in {self.year}"))
                continue
            in_year.append(c)
        best: dict[str, Commendation] = {}
        for c in in_year:
            current = best.get(c.matter)
            if current is None or COMMENDATION_LEVELS.index(c.level) < COMMENDATION_LEVELS.index(current.level):
                best[c.matter] = c
        total = ZERO
        for c in in_year:
            top = best[c.matter]
            if c is not top:
                results.append(
                    BonusResult(c, ZERO, False, f"the same matter counts once, at its highest level ({top.level})")
                )
                continue
            points = worth.get(c.level, ZERO)
            results.append(
                BonusResult(c, points, points > 0, None if points else f"{self.scheme.id} gives no points at {c.level}")
            )
            total += points
        capped = min(total, bonus.cap)
        self.trace.append(
            TraceEntry(
                "bonus",
                list(bonus.cites),
                _num(capped),
                {"counted": _num(total), "cap": _num(bonus.cap), "matters": len(best)},
                "capped at the bonus cap" if total > bonus.cap else None,
            )
        )
        order = {id(c): i for i, c in enumerate(self.facts.commendations)}
        results.sort(key=lambda r: order[id(r.commendation)])
        return tuple(results), capped

    # ----------------------------------------------------------------- vetoes

    def veto(self, veto: Veto) -> VetoResult | None:
        when = veto.when
        because: list[dict[str, Any]] = []
        if when.accidents is not None:
            hits = [(a, g) for a, g in self.accidents if g in when.accidents.grades]
            fired = len(hits) >= when.accidents.at_least
            because = [{"accident": a.id, "grade": g} for a, g in hits]
            inputs: dict[str, Any] = {"accidents": len(hits), "at_least": when.accidents.at_least}
        elif when.one_vote_veto:
            fired = bool(self.vetoes_in_force)
            because = [
                {"one_vote_veto": v.id, "official": v.official, "cites": list(v.cites)} for v in self.vetoes_in_force
            ]
            inputs = {"vetoes_in_force": len(because)}
        elif when.finding_unrectified:
            fired = bool(self.findings)
            because = [{"finding": f.id, "title": f.title} for f in self.findings]
            inputs = {"findings_unrectified": len(because)}
        else:
            fired = bool(self.hazards)
            because = [{"hazard": h.id, "title": h.title} for h in self.hazards]
            inputs = {"listed_hazards_unrectified": len(because)}
        self.trace.append(TraceEntry(veto.id, list(veto.cites), fired, inputs))
        return VetoResult(veto, tuple(because)) if fired else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def band_of(scheme: Scheme, score: Decimal) -> str:
    """The grade of a score: the first band (highest first) whose lower bound it reaches."""
    for band in scheme.grades:
        if score >= band.min:
            return band.grade
    return scheme.grades[-1].grade


def lower_grade(scheme: Scheme, a: str, b: str) -> str:
    order: list[str] = [band.grade for band in scheme.grades]
    return a if order.index(a) >= order.index(b) else b


def evaluate_assessment(loaded: LoadedScheme, facts: AssessmentFacts) -> AssessmentVerdict:
    """The verdict of one jurisdiction's year under a scheme (see the module docstring)."""
    problems = _scheme_problems(loaded.scheme, facts)
    if problems:
        raise FactsError(problems)
    scheme = loaded.scheme
    run = _Run(loaded, facts)
    items = tuple(run.item(item) for item in scheme.items)
    raw = sum((i.score for i in items if i.score is not None), ZERO)
    applicable = sum((i.applicable_points for i in items), ZERO)
    normalised = _round(raw / applicable * scheme.total) if applicable else None
    run.trace.append(
        TraceEntry(
            "normalise",
            list(scheme.implements),
            _num(normalised) if normalised is not None else None,
            {"raw_score": _num(raw), "applicable_points": _num(applicable), "total": _num(scheme.total)},
            "实得 ÷ 可评项应得 × 总分, 两位小数",
        )
    )
    bonuses, bonus = run.bonuses()
    score = _round(normalised + bonus) if normalised is not None else None
    score_grade = band_of(scheme, score) if score is not None else None
    if score is None:
        run.notes.append("every item is 不涉及: there is no score to grade")
    vetoes = tuple(v for v in (run.veto(veto) for veto in scheme.vetoes) if v is not None)
    grade = score_grade
    lowest = scheme.grades[-1].grade
    for veto in vetoes:
        if grade is not None:
            grade = lower_grade(scheme, grade, veto.rule.at_most)
        elif veto.rule.at_most == lowest:
            grade = lowest
    run.trace.append(
        TraceEntry(
            "grade",
            [],
            grade,
            {
                "score": _num(score) if score is not None else None,
                "score_grade": score_grade,
                "vetoes": [v.rule.id for v in vetoes],
            },
        )
    )
    return AssessmentVerdict(
        loaded,
        facts,
        items,
        raw,
        applicable,
        normalised,
        bonuses,
        bonus,
        score,
        score_grade,
        grade,
        vetoes,
        tuple(run.notes),
        tuple(run.trace),
    )


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True, slots=True)
class RankRow:
    jurisdiction: str
    name: str | None
    score: Decimal | None
    grade: str | None
    place: int | None
    """1, 2, 2, 4: equal scores share a place; no score, no place."""
    quota: bool
    tied_at_quota: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "name": self.name,
            "score": _num(self.score) if self.score is not None else None,
            "grade": self.grade,
            "place": self.place,
            "quota": self.quota,
            "tied_at_quota": self.tied_at_quota,
        }


@dataclass(frozen=True)
class Ranking:
    loaded: LoadedScheme
    year: int
    rows: tuple[RankRow, ...]
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        quota = self.loaded.scheme.quota
        return {
            "scheme": self.loaded.id,
            "scheme_version": self.loaded.version,
            "year": self.year,
            "rows": [r.as_dict() for r in self.rows],
            "quota": None
            if quota is None
            else {
                "id": quota.id,
                "title": quota.title,
                "top": quota.top,
                "among": list(quota.among),
                "cites": list(quota.cites),
                "holders": [r.jurisdiction for r in self.rows if r.quota],
                "tied": [r.jurisdiction for r in self.rows if r.tied_at_quota],
            },
            "notes": list(self.notes),
        }


def rank(loaded: LoadedScheme, verdicts: Sequence[AssessmentVerdict]) -> Ranking:
    """Rank many jurisdictions' verdicts of one scheme and year, and apply the rank quota.

    Better grades (after vetoes) first, then higher scores; equal grade and score share a place.
    The quota goes to those whose grade (after
    vetoes) is among the quota's grades and whose place among them is within ``top``. When equal
    scores straddle the last place, none of the tied is given the title: they are listed as tied
    and a person decides.
    """
    years = {v.facts.year for v in verdicts}
    if len(years) > 1:
        raise FactsError([f"assessments: one year at a time, not {', '.join(map(str, sorted(years)))}"])
    codes = [v.facts.jurisdiction.code for v in verdicts]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise FactsError([f"assessments: jurisdiction {doubled[0]} appears twice"])
    for v in verdicts:
        if v.loaded.id != loaded.id:
            raise FactsError(
                [f"assessments: {v.facts.jurisdiction.code} is assessed under {v.loaded.id}, not {loaded.id}"]
            )
    # The grade after vetoes comes first (bands are listed best first), then the score: a region vetoed
    # to 不合格 with 99 points ranks below every region of a better grade.
    band: dict[str, int] = {str(b.grade): index for index, b in enumerate(loaded.scheme.grades)}

    def standing(v: AssessmentVerdict) -> tuple[int, Decimal]:
        return (band.get(v.grade or "", len(band)), -(v.score or ZERO))

    ordered = sorted(verdicts, key=lambda v: (v.score is None, *standing(v), v.facts.jurisdiction.code))
    places: dict[str, int] = {}
    for index, v in enumerate(ordered):
        if v.score is None:
            continue
        prev = ordered[index - 1] if index else None
        code = v.facts.jurisdiction.code
        same = prev is not None and prev.score is not None and standing(prev) == standing(v)
        places[code] = places[prev.facts.jurisdiction.code] if prev is not None and same else index + 1
    quota = loaded.scheme.quota
    holders: set[str] = set()
    tied: set[str] = set()
    notes: list[str] = []
    if quota is not None:
        eligible = [v for v in ordered if v.score is not None and v.grade in quota.among]
        for v in eligible:
            code = v.facts.jurisdiction.code
            better = sum(
                1 for other in eligible if other.score is not None and v.score is not None and other.score > v.score
            )
            equal = sum(1 for other in eligible if other.score == v.score)
            if better + equal <= quota.top:
                holders.add(code)
            elif better < quota.top:
                tied.add(code)
        if tied:
            notes.append(
                f"{len(tied)} jurisdictions share the score at the last of the {quota.top} places of {quota.title}: "
                "a person decides among them"
            )
    rows = tuple(
        RankRow(
            v.facts.jurisdiction.code,
            v.facts.jurisdiction.name,
            v.score,
            v.grade,
            places.get(v.facts.jurisdiction.code),
            v.facts.jurisdiction.code in holders,
            v.facts.jurisdiction.code in tied,
        )
        for v in ordered
    )
    return Ranking(loaded, years.pop() if years else 0, rows, tuple(notes))


# --------------------------------------------------------------------------- JSON edge


def assessment_verdict(loaded: LoadedScheme, data: object) -> dict[str, Any]:
    """``zeren evaluate assessment``: facts JSON → verdict JSON."""
    return evaluate_assessment(loaded, parse_assessment_facts(data, loaded)).as_dict()


def ranking_verdict(loaded: LoadedScheme, data: object) -> dict[str, Any]:
    """Facts ``{"assessments": [facts, …]}`` → the ranking with the quota."""
    if not isinstance(data, dict) or set(data) != {"assessments"} or not isinstance(data["assessments"], list):
        raise FactsError(['(document): a ranking takes {"assessments": [facts, ...]}'])
    verdicts = []
    for index, one in enumerate(data["assessments"]):
        try:
            verdicts.append(evaluate_assessment(loaded, parse_assessment_facts(one, loaded)))
        except FactsError as exc:
            raise FactsError([f"assessments[{index}].{p}" for p in exc.problems]) from None
    return rank(loaded, verdicts).as_dict()
