"""The policy pack format: the law as data.

A pack is a YAML file holding a regulation's articles verbatim (split into 款 and 项) and the
computable rules taken from them. Every rule cites the article it comes from. A pack may extend
another (``extends: cn-national``) and inherits its articles and rules; a rule with the same id
replaces the inherited one. The models here are the schema; ``loader`` turns their errors into
``file:line: message``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from zeren.policy.articles import parse_article_id
from zeren.policy.vocabulary import (
    PERIOD_KINDS,
    AccidentGrade,
    Activity,
    Circumstance,
    DepartmentKind,
    Level,
    Measure,
    RestrictionKind,
    Role,
    Sanction,
)


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a pack must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_cites(value: list[str]) -> list[str]:
    for cite in value:
        parse_article_id(cite)
    return value


# --------------------------------------------------------------------------- articles


class Paragraph(Strict):
    """One 款: its lead text and its 项 (items), verbatim."""

    text: str = ""
    items: list[str] = Field(default_factory=list)


class Article(Strict):
    """One 条, verbatim. ``declarative`` says why an article holds no computable rule."""

    number: int = Field(ge=1)
    chapter: str | None = None
    title: str | None = None
    paragraphs: list[Paragraph] = Field(min_length=1)
    declarative: str | None = None


class Source(Strict):
    """A legal text the pack encodes, with the prefix of its article ids."""

    prefix: str = Field(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
    title: str
    short: str
    """How citations name the text: 常州 第六条 第（四）项."""
    document_number: str | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    effective: dt.date | None = None
    text_file: str | None = None
    text_kind: Literal["verbatim", "summary"] = "verbatim"
    articles: list[Article] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbers_unique(self) -> Source:
        seen: set[int] = set()
        for article in self.articles:
            if article.number in seen:
                raise ValueError(f"article {article.number} appears twice in {self.prefix}")
            seen.add(article.number)
        return self


# --------------------------------------------------------------------------- rules


class Rule(Strict):
    """Every rule has a stable id and cites at least one article."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    cites: list[str] = Field(min_length=1)
    reading: str | None = None
    """Id of a ``readings`` entry: the interpretation this rule takes where the text is ambiguous."""
    readings: list[str] = Field(default_factory=list)
    """More readings the rule takes (a rule may rest on several)."""

    _cites_ok = field_validator("cites")(_check_cites)

    @property
    def reading_ids(self) -> list[str]:
        """Every reading the rule takes: ``reading`` first, then ``readings``."""
        return list(dict.fromkeys([*([self.reading] if self.reading else []), *self.readings]))


class Reading(Strict):
    """How the pack reads an ambiguous passage; verdicts that rely on it show it as a note."""

    id: str
    cites: list[str] = Field(min_length=1)
    text: str

    _cites_ok = field_validator("cites")(_check_cites)


class Binding(Strict):
    """Which posts a duty binds. Empty lists bind every value."""

    roles: list[Role] = Field(min_length=1)
    levels: list[Level] = Field(default_factory=list)
    department_kinds: list[DepartmentKind] = Field(default_factory=list)


class ScopeRule(Rule):
    """Whom the regulation covers: directly, or by reference (参照) read as another level."""

    applies: Literal["direct", "by_reference"]
    roles: list[Role] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    read_as_level: Level | None = None


EVERY_YEARS = re.compile(r"^years:([1-9][0-9]*)@([0-9]{4})$")
"""The canonical form of ``every: {years: N, anchor: YYYY}``: ``years:N@YYYY``."""


def _every(value: object) -> object:
    """``every:`` is a calendar period kind, or ``{years: N, anchor: YYYY}`` — cycles of N whole years
    starting in YYYY (and every N years before and after) — kept as ``years:N@YYYY``."""
    if value is None:
        return None
    if isinstance(value, dict):
        years, anchor = value.get("years"), value.get("anchor")
        if set(value) != {"years", "anchor"}:
            raise ValueError("as a mapping, every: is {years: N, anchor: YYYY} (N whole years, cycles from YYYY)")
        if not isinstance(years, int) or isinstance(years, bool) or years < 1:
            raise ValueError(f"years: {years!r} is not a whole number of years (1 or more)")
        if not isinstance(anchor, int) or isinstance(anchor, bool) or not 1900 <= anchor <= 2200:
            raise ValueError(f"anchor: {anchor!r} is not a year (the start of a cycle, e.g. 2018)")
        return f"years:{years}@{anchor}"
    if isinstance(value, str) and (value in PERIOD_KINDS or EVERY_YEARS.match(value)):
        return value
    raise ValueError(f"{value!r} is not one of {', '.join(PERIOD_KINDS)}, or {{years: N, anchor: YYYY}}")


Every = Annotated[str | None, BeforeValidator(_every)]
PartYear = Literal["pro_rata_up", "whole_count", "not_judged"]
"""How a yearly count applies to a tenure covering the period in part: the count
pro rata to the days covered, rounded up; the whole count; or not judged (not_applicable)."""


class EventTrigger(Strict):
    event: Literal["accident"] = "accident"
    min_grade: AccidentGrade
    in_sector: bool = True
    """The accident happened in a sector the post is in charge of (分管行业)."""


class Duty(Rule):
    """A duty item (职责) of a post.

    ``periodic`` duties are counted per calendar period; ``event`` duties are created by an event
    (an accident); ``standing`` and ``one_off`` duties are listed in the duty list but cannot be
    counted from performance records (one_off with an activity is met by one record).
    """

    title: str
    kind: Literal["periodic", "event", "standing", "one_off"]
    binds: Binding
    activity: Activity | None = None
    every: Every = None
    """month, quarter, half_year, year, two_years, or ``{years: N, anchor: YYYY}``."""
    at_least: int = Field(default=1, ge=1)
    part_year: PartYear | None = None
    """Overrides ``compliance.part_year`` for this duty."""
    trigger: EventTrigger | None = None
    within_days: int | None = Field(default=None, ge=0)
    topic: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Duty:
        if self.kind == "periodic" and (self.activity is None or self.every is None):
            raise ValueError("a periodic duty needs an activity and every: (month, quarter, ...)")
        if self.kind == "event" and (self.activity is None or self.trigger is None or self.within_days is None):
            raise ValueError("an event duty needs an activity, a trigger and within_days")
        if self.kind != "periodic" and self.every is not None:
            raise ValueError(f"every: only belongs to periodic duties, not {self.kind}")
        if self.kind != "periodic" and self.part_year is not None:
            raise ValueError(f"part_year: only belongs to periodic duties, not {self.kind}")
        if self.kind != "event" and self.trigger is not None:
            raise ValueError(f"trigger: only belongs to event duties, not {self.kind}")
        return self


class Condition(Strict):
    """A test on the facts of a case. Exactly one form:

    ``{fact: facts.minor}`` (true), ``{fact: responsibility, equals: main}``,
    ``{fact: accident.grade, in: [ordinary, relatively_large]}``,
    ``{fact: grounds, contains: accident_responsibility}``, ``{all: [...]}``, ``{any: [...]}``,
    ``{not: {...}}``.
    """

    fact: str | None = None
    equals: str | bool | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    contains: str | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [self.fact is not None, self.all is not None, self.any is not None, self.not_ is not None]
        if sum(forms) != 1:
            raise ValueError("a condition has exactly one of fact:, all:, any:, not:")
        tests = [self.equals is not None, self.in_ is not None, self.contains is not None]
        if self.fact is None and any(tests):
            raise ValueError("equals:/in:/contains: need a fact:")
        if sum(tests) > 1:
            raise ValueError("use one of equals:, in:, contains:")
        return self


class Ground(Rule):
    """A circumstance for which an official shall be held to account (问责情形)."""

    circumstance: Circumstance


class AllowedMeasure(Rule):
    measure: Measure


class ConditionalRule(Rule):
    when: Condition


class Exemption(ConditionalRule):
    """尽职免责: no leadership responsibility for these grounds when the condition holds."""

    grounds: list[Circumstance] = Field(min_length=1)


class LighterPath(ConditionalRule):
    """The lighter path (常州 第二十一条第二款): 说明情况 / 书面检查 ordered by the level above."""

    measures: list[Measure] = Field(min_length=1)
    ordered_by: str


class Mitigation(ConditionalRule):
    reason: str
    effect: list[Literal["lighten", "reduce"]] = Field(default_factory=lambda: ["lighten", "reduce"])  # type: ignore[arg-type]


class Referral(ConditionalRule):
    to: str


class Conflict(Strict):
    """Two rules that must not both fire: if they do, the verdict names both, and zeren picks neither."""

    rules: list[str] = Field(min_length=2, max_length=2)
    message: str


class Step(Strict):
    actor: str
    text: str
    cites: list[str] = Field(min_length=1)

    _cites_ok = field_validator("cites")(_check_cites)


class Procedure(Strict):
    """Who proposes, investigates and decides; publication; appeal."""

    propose: Step | None = None
    investigate: Step | None = None
    decide: Step | None = None
    publish: Step | None = None
    appeal: Step | None = None
    appeal_suspends_execution: bool | None = None


CONDITIONAL_SECTIONS = (
    "exemption",
    "fault_tolerance",
    "lighter_path",
    "aggravate",
    "mitigate",
    "one_vote_veto",
    "lifetime",
    "referral",
)
"""The sections of ``accountability`` whose rules carry a ``when:`` condition."""


class VetoPeriod(Strict):
    """The one-vote veto's period: ``months`` from the decision, or ``open`` — the text sets none and
    a competent body sets the end; ``open`` holds the pack's note, shown with the restriction."""

    cites: list[str] = Field(min_length=1)
    months: int | None = Field(default=None, ge=1)
    open: str | None = None

    _cites_ok = field_validator("cites")(_check_cites)

    @model_validator(mode="after")
    def _one_form(self) -> VetoPeriod:
        if (self.months is None) == (self.open is None):
            raise ValueError("veto_period: has exactly one of months: (from the decision) or open: <note>")
        return self


class Accountability(Strict):
    grounds: list[Ground] = Field(default_factory=list)
    measures: list[AllowedMeasure] = Field(default_factory=list)
    exemption: list[Exemption] = Field(default_factory=list)
    fault_tolerance: list[ConditionalRule] = Field(default_factory=list)
    lighter_path: list[LighterPath] = Field(default_factory=list)
    aggravate: list[ConditionalRule] = Field(default_factory=list)
    mitigate: list[Mitigation] = Field(default_factory=list)
    one_vote_veto: list[ConditionalRule] = Field(default_factory=list)
    lifetime: list[ConditionalRule] = Field(default_factory=list)
    referral: list[Referral] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    procedure: Procedure | None = None
    veto_restrictions: list[RestrictionKind] = Field(default_factory=list)
    """What the one-vote veto blocks, for ``veto_period``."""
    veto_period: VetoPeriod | None = None
    """How long the one-vote veto lasts: months from the decision, or open with the pack's note."""

    @model_validator(mode="after")
    def _veto_needs_period(self) -> Accountability:
        if self.one_vote_veto and self.veto_restrictions and self.veto_period is None:
            raise ValueError(
                "one_vote_veto with veto_restrictions needs veto_period: {months: N, cites: [...]} "
                "(months from the decision) or {open: <note>, cites: [...]} (the text sets no period)"
            )
        return self


class RestrictionSpec(Strict):
    kind: RestrictionKind
    months: int | None = Field(default=None, ge=1)
    """None: the texts set no period; the verdict says so and reports ``until: null``."""


class InfluencePeriod(Rule):
    """影响期: what a decided measure (or discipline sanction) blocks, and for how long."""

    measure: Measure
    sanction: Sanction | None = None
    restrictions: list[RestrictionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _sanction_only_for_discipline(self) -> InfluencePeriod:
        if (self.sanction is None) != (self.measure != "discipline"):
            raise ValueError("sanction: is required with measure: discipline and only with it")
        return self


class GradeThreshold(Rule):
    """The lower bounds (以上, inclusive) that put an accident in a grade; the highest grade reached wins."""

    grade: AccidentGrade
    deaths: int | None = None
    serious_injuries: int | None = None
    direct_loss_yuan: int | None = None


class InvestigationLevel(Rule):
    grade: AccidentGrade
    level: Literal["state_council", "province", "city", "county"]


class ReportTarget(Rule):
    """How far up the reports of an accident of a grade go (国务院令第493号 第十条)."""

    grade: AccidentGrade
    level: Literal["city", "province", "state_council"]


class AccidentRules(Strict):
    grades: list[GradeThreshold] = Field(default_factory=list)
    report_to: list[ReportTarget] = Field(default_factory=list)
    unit_report_hours: float | None = None
    relay_report_hours: float | None = None
    reporting_cites: list[str] = Field(default_factory=list)
    investigation: list[InvestigationLevel] = Field(default_factory=list)
    regrade_window_days: int | None = None
    regrade_window_days_road_fire: int | None = None
    regrade_cites: list[str] = Field(default_factory=list)

    _cites_ok = field_validator("reporting_cites", "regrade_cites")(_check_cites)


class Reward(Rule):
    """Rewards for assessment results (常州 第十九条: three consecutive excellent years), refused
    while a restriction the one-vote veto puts on the person is in force (常州 第二十二条)."""

    consecutive_excellent_years: int = Field(ge=1)
    within_tenure: bool = True
    """Only years inside the official's term count (the pack's reading says which years those are)."""
    awards: list[Literal["merit", "citation", "commendation"]] = Field(min_length=1)
    refused_while: list[RestrictionKind] = Field(default_factory=list)
    """Restriction kinds that refuse the reward while in force on the date it is judged."""
    refused_cites: list[str] = Field(default_factory=list)
    """The articles that refuse it (常州 第二十二条, 河北 第二十三条)."""

    _refused_cites_ok = field_validator("refused_cites")(_check_cites)

    @model_validator(mode="after")
    def _refusal_has_articles(self) -> Reward:
        if self.refused_while and not self.refused_cites:
            raise ValueError("refused_while: name the articles that refuse the reward in refused_cites")
        return self


TargetBody = Literal["party_committee", "government", "departments", "party_committee_departments"]
RelativeLevel = Literal["same", "below", "above"]


class ProvisionTarget(Strict):
    """Whom a provision's cycle covers: a kind of body at the same level, or the level below."""

    body: TargetBody
    level: RelativeLevel = "same"
    note: str | None = None


class ProvisionBody(Strict):
    body: Literal["party_committee", "government", "party_committee_and_government", "safety_committee"]
    level: RelativeLevel = "same"


class Provision(Rule):
    """An institutional rule outside the duty lists: inspection tours, assessments, checks at
    promotion, publication. Kept as data so later workflows and the coverage report use it."""

    kind: Literal[
        "supervision",
        "inspection_tour",
        "assessment",
        "assessment_use",
        "promotion_check",
        "award_check",
        "nomination_check",
        "publication",
        "report",
        "interpretation",
        "entry_into_force",
        "responsibility_principle",
    ]
    summary: str
    every: Every = None
    """The cycle the provision sets: a period kind or ``{years: N, anchor: YYYY}``."""
    by: ProvisionBody | None = None
    """Who carries the cycle out (the level relative to the jurisdiction whose pack this is)."""
    targets: list[ProvisionTarget] = Field(default_factory=list)
    """Whom the cycle covers (下级党委、政府; 本级工作部门 …); required when ``every`` is set."""

    @model_validator(mode="after")
    def _cycle_has_targets(self) -> Provision:
        if self.every is not None and not self.targets:
            raise ValueError(
                "a provision that sets a cycle (every:) names its targets: "
                "[{body: party_committee|government|departments, level: same|below}]"
            )
        return self


class ComplianceSettings(Strict):
    partial_period: Literal["credit_only", "require"] = "credit_only"
    """A period the tenure covers only in part: ``credit_only`` judges it only when met (else
    not_applicable); ``require`` judges it like a whole period."""
    reading: str | None = None
    part_year: PartYear | None = None
    """How a yearly count applies to a tenure covering the year in part; unset (and for every other
    period kind), a partial period is judged under ``partial_period``."""
    part_year_reading: str | None = None
    """The reading (id in ``readings``) that says why the pack reads ``part_year`` so."""

    @model_validator(mode="after")
    def _part_year_has_reading(self) -> ComplianceSettings:
        if self.part_year is not None and self.part_year_reading is None:
            raise ValueError("part_year: is a reading: name it with part_year_reading: <reading id>")
        return self


# --------------------------------------------------------------------------- summonses (约谈)


SummonsBody = Literal["safety_committee", "safety_committee_office", "party_committee", "government"]
Accompanying = Literal[
    "supervision_commission", "discipline_inspection", "organisation_department", "safety_regulator"
]


class AccidentPattern(Strict):
    """A pattern of accidents in one jurisdiction: at least ``count`` accidents of at least
    ``min_grade`` within a window — the calendar year, or ``months`` rolling (the last within that
    many months of the first)."""

    count: int = Field(ge=1)
    min_grade: AccidentGrade
    window: Literal["calendar_year"] | None = None
    months: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_window(self) -> AccidentPattern:
        if (self.window is None) == (self.months is None):
            raise ValueError("a pattern has exactly one window: window: calendar_year, or months: N (rolling)")
        return self


class Summoner(Strict):
    level: Level | Literal["above"]
    """The level of the body that summons: a level, or ``above`` (the level above the jurisdiction)."""
    body: SummonsBody


class SummonsRule(Rule):
    """约谈: a pattern of accidents in a jurisdiction of ``level`` → ``by`` summons its ``summoned``
    roles, together with ``with``. The rule fires when any of its ``patterns`` is complete."""

    level: Level
    patterns: list[AccidentPattern] = Field(min_length=1)
    by: Summoner
    summoned: list[Role] = Field(min_length=1)
    with_: list[Accompanying] = Field(default_factory=list, alias="with")


class Pack(Strict):
    """A policy pack: one regulation (or a base of national rules) as data."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    version: str
    title: str
    jurisdiction: str
    jurisdiction_code: str | None = None
    issuer: str | None = None
    document_number: str | None = None
    issued: dt.date | None = None
    effective: dt.date
    supersedes: list[str] = Field(default_factory=list)
    extends: str | None = None
    sources: list[Source] = Field(default_factory=list)
    readings: list[Reading] = Field(default_factory=list)
    scope: list[ScopeRule] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)
    compliance: ComplianceSettings | None = None
    accidents: AccidentRules | None = None
    accountability: Accountability | None = None
    influence_periods: list[InfluencePeriod] = Field(default_factory=list)
    rewards: list[Reward] = Field(default_factory=list)
    provisions: list[Provision] = Field(default_factory=list)
    summons: list[SummonsRule] = Field(default_factory=list)
