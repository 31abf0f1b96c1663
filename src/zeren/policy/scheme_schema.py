"""The assessment scheme format (考核细则): an annual assessment as data.

A scheme is a YAML file an 安委办 issues for one or more years (常州 第十三条, 河北 第十五条): a
tree of items with points (百分制), who scores each item, the evidence expected, deductions per
event with a cap (扣完为止: an item never goes below 0), items that may be 不涉及 (normalised as
实得 ÷ 可评项应得 × 100), bonus points for commendations, ordered grade bands with inclusive
lower bounds, vetoes on facts zeren holds, and an optional rank quota (先进 = top N). Citations
resolve against the policy pack the scheme names (``policy:``). ``scheme`` turns these models'
errors into ``file:line: message``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from zeren.policy.schema import Strict, _check_cites
from zeren.policy.vocabulary import AccidentGrade, Activity, Assessment, DepartmentKind, Level

Points = Annotated[Decimal, Field(ge=0, max_digits=8, decimal_places=2)]
"""Points carry at most two decimals (0.5, 0.25): the published scores have two."""

CommendationLevel = Literal["national", "province", "city", "county"]
COMMENDATION_LEVELS: tuple[str, ...] = ("national", "province", "city", "county")
"""Highest first: a matter commended at several levels counts once, at the first of these."""

DeductionSource = Literal["compliance", "accident", "finding", "hazard", "supervision", "manual"]
"""What a deduction counts: missed compliance verdicts of a duty or activity; accidents of a grade
in the year; findings, listed hazards or supervision items left unrectified (overdue); or entries
made by hand (a 通报批评, a document missing its photo evidence)."""

VetoFact = Literal["accidents", "one_vote_veto", "finding_unrectified", "hazard_unrectified"]

ITEM_ID = r"^[0-9A-Za-z][0-9A-Za-z.\-]*$"
RULE_ID = r"^[a-z0-9][a-z0-9_.\-]*$"


class Scorer(Strict):
    """Who scores an item: the 安委办 (``office``) or the department in charge of a sector
    (常州 第七条(六), 河北 第六条(十)), named by its kind and, where it matters, its sector."""

    by: Literal["office", "department"]
    department_kind: DepartmentKind | None = None
    sector: str | None = None

    @model_validator(mode="after")
    def _department(self) -> Scorer:
        if self.by == "office" and (self.department_kind is not None or self.sector is not None):
            raise ValueError("department_kind:/sector: only belong to by: department")
        if self.by == "department" and self.department_kind is None:
            raise ValueError("by: department needs a department_kind:")
        return self


class Deduction(Strict):
    """Points off per event, at most ``cap`` in all (default: the item's points)."""

    id: str = Field(pattern=RULE_ID)
    title: str
    source: DeductionSource
    per_event: Points = Field(gt=0)
    cap: Points | None = None
    duties: list[str] = Field(default_factory=list)
    """source compliance: the duty ids (of the pack) whose missed periods count; empty = any duty."""
    activities: list[Activity] = Field(default_factory=list)
    """source compliance: only missed periods of these activities; empty = any activity."""
    grades: list[AccidentGrade] = Field(default_factory=list)
    """source accident: the grades that count; empty = every grade."""
    cites: list[str] = Field(default_factory=list)

    _cites_ok = field_validator("cites")(_check_cites)

    @model_validator(mode="after")
    def _filters(self) -> Deduction:
        if self.source != "compliance" and (self.duties or self.activities):
            raise ValueError("duties:/activities: only belong to source: compliance")
        if self.source != "accident" and self.grades:
            raise ValueError("grades: only belongs to source: accident")
        return self


class Item(Strict):
    """An item of the scheme: a heading with ``children`` or a scored leaf."""

    id: str = Field(pattern=ITEM_ID)
    title: str
    points: Points = Field(gt=0)
    children: list[Item] = Field(default_factory=list)
    scorer: Scorer | None = None
    evidence: str | None = None
    criteria: str | None = None
    """The scoring standard (评分标准) as the office wrote it."""
    may_be_not_applicable: bool = False
    """The item may be marked 不涉及 (no such sector in the jurisdiction): it leaves the total."""
    deductions: list[Deduction] = Field(default_factory=list)
    cites: list[str] = Field(default_factory=list)

    _cites_ok = field_validator("cites")(_check_cites)

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.children:
            total = sum((c.points for c in self.children), Decimal(0))
            if total != self.points:
                raise ValueError(f"item {self.id}: its children's points add up to {total}, not {self.points}")
            if self.deductions or self.scorer is not None or self.may_be_not_applicable:
                raise ValueError(
                    f"item {self.id} has children: deductions:, scorer: and may_be_not_applicable: belong to its leaves"
                )
        elif self.scorer is None:
            raise ValueError(f"item {self.id}: a leaf item needs a scorer: (by: office or by: department)")
        for deduction in self.deductions:
            if deduction.cap is not None and deduction.cap > self.points:
                raise ValueError(
                    f"item {self.id}: deduction {deduction.id} caps at {deduction.cap}, above the item's {self.points}"
                )
        return self


class BonusLevel(Strict):
    level: CommendationLevel
    points: Points = Field(gt=0)


class Bonus(Strict):
    """Bonus points for commendations received in the year, each matter once at its highest level."""

    levels: list[BonusLevel] = Field(min_length=1)
    cap: Points = Field(gt=0)
    cites: list[str] = Field(default_factory=list)

    _cites_ok = field_validator("cites")(_check_cites)

    @model_validator(mode="after")
    def _unique(self) -> Bonus:
        levels = [b.level for b in self.levels]
        if len(set(levels)) != len(levels):
            raise ValueError("a commendation level appears twice in bonus.levels")
        return self


class Band(Strict):
    """A grade band: a score at or above ``min`` (含本数) and below the band above."""

    grade: Assessment
    label: str
    min: Points


class AccidentVeto(Strict):
    grades: list[AccidentGrade] = Field(min_length=1)
    at_least: int = Field(default=1, ge=1)


class VetoWhen(Strict):
    """The fact a veto tests. Exactly one of its fields."""

    accidents: AccidentVeto | None = None
    """At least ``at_least`` accidents of these grades in the year."""
    one_vote_veto: bool | None = None
    """A one-vote veto (一票否决, 常州 第二十二条, 河北 第二十三条) in force in the year."""
    finding_unrectified: bool | None = None
    hazard_unrectified: bool | None = None
    """A listed hazard (挂牌督办) left unrectified at year end."""

    @model_validator(mode="after")
    def _one(self) -> VetoWhen:
        given = [v for v in (self.accidents, self.one_vote_veto, self.finding_unrectified, self.hazard_unrectified)]
        if sum(v is not None for v in given) != 1:
            raise ValueError(
                "a veto's when: has exactly one of accidents:, one_vote_veto:, "
                "finding_unrectified:, hazard_unrectified:"
            )
        if any(v is False for v in given):
            raise ValueError("a veto tests a fact that holds: write true, or leave the veto out")
        return self

    @property
    def fact(self) -> VetoFact:
        if self.accidents is not None:
            return "accidents"
        if self.one_vote_veto:
            return "one_vote_veto"
        return "finding_unrectified" if self.finding_unrectified else "hazard_unrectified"


class Veto(Strict):
    """A veto: when the fact holds, the grade is at most ``at_most`` (the lowest band = 不合格;
    the band below the top = 'may not be rated 优秀')."""

    id: str = Field(pattern=RULE_ID)
    title: str
    when: VetoWhen
    at_most: Assessment
    cites: list[str] = Field(min_length=1)

    _cites_ok = field_validator("cites")(_check_cites)


class Quota(Strict):
    """A rank quota: the title goes to the top ``top`` among those rated ``among``."""

    id: str = Field(pattern=RULE_ID)
    title: str
    among: list[Assessment] = Field(min_length=1)
    top: int = Field(ge=1)
    cites: list[str] = Field(default_factory=list)

    _cites_ok = field_validator("cites")(_check_cites)


class Assessed(Strict):
    """Whom the scheme assesses: jurisdictions of these levels (empty = any)."""

    levels: list[Level] = Field(default_factory=list)


class Scheme(Strict):
    """An assessment scheme (考核细则) for the years it lists."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    version: str
    title: str
    description: str | None = None
    issuer: str
    document_number: str | None = None
    policy: str
    """The pack whose articles the scheme cites and whose accident grades it uses."""
    years: list[int] = Field(min_length=1)
    implements: list[str] = Field(min_length=1)
    assessed: Assessed = Field(default_factory=Assessed)
    total: Points = Field(default=Decimal(100), gt=0)
    items: list[Item] = Field(min_length=1)
    bonus: Bonus | None = None
    grades: list[Band] = Field(min_length=1)
    vetoes: list[Veto] = Field(default_factory=list)
    quota: Quota | None = None

    _cites_ok = field_validator("implements")(_check_cites)

    @model_validator(mode="after")
    def _whole(self) -> Scheme:
        total = sum((i.points for i in self.items), Decimal(0))
        if total != self.total:
            raise ValueError(f"the items' points add up to {total}, not total: {self.total}")
        mins = [b.min for b in self.grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise ValueError("grades: list the bands from the highest min: down, each min: different")
        if mins[-1] != 0:
            raise ValueError("grades: the last band starts at min: 0, so every score has a grade")
        names = [b.grade for b in self.grades]
        if len(set(names)) != len(names):
            raise ValueError("grades: a grade appears twice")
        for veto in self.vetoes:
            if veto.at_most not in names:
                raise ValueError(
                    f"veto {veto.id}: at_most {veto.at_most!r} is not one of the grades ({', '.join(names)})"
                )
        if self.quota is not None:
            for grade in self.quota.among:
                if grade not in names:
                    raise ValueError(f"quota: {grade!r} is not one of the grades ({', '.join(names)})")
        if len(set(self.years)) != len(self.years):
            raise ValueError("years: a year appears twice")
        return self

    def leaves(self) -> list[Item]:
        out: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                if item.children:
                    walk(item.children)
                else:
                    out.append(item)

        walk(self.items)
        return out
