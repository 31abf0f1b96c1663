"""Reading duty performance: records and verdicts a user may see, "my duties", the office dashboard.

Objects are loaded through :mod:`zeren.accounts.access` (``scope_to_user`` /
``get_object_for_user``): an account sees the records and verdicts of its jurisdiction subtree.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, Model, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser, get_object_for_user, scope_to_user
from zeren.org.bindings import registry
from zeren.org.models import Appointment, Jurisdiction, Post
from zeren.policy.schema import Duty
from zeren.records.models import (
    CalendarFeed,
    ComplianceMissedTally,
    ComplianceRow,
    ComplianceTally,
    ComplianceTrendTally,
    Evidence,
    PerformanceRecord,
    RecordCredit,
)
from zeren.records.vocabulary import ACTIVITY_LABELS, PERIOD_KIND_LABELS, ROLE_LABELS, STATUS_LABELS

M = TypeVar("M", bound=Model)

# Access ------------------------------------------------------------------------------------


def records_for(user: AnyUser) -> QuerySet[PerformanceRecord]:
    """The records of the user's subtree; an official's: those that credit them or that they made."""
    return scope_to_user(
        PerformanceRecord.objects.select_related("jurisdiction", "created_by"),
        user,
        via="jurisdiction",
        own_person=("credits__person",),
        own_account=("created_by",),
    )


def get_record_for_user(user: AnyUser, pk: int) -> PerformanceRecord:
    return get_object_for_user(records_for, user, pk=pk)


def evidence_for(user: AnyUser) -> QuerySet[Evidence]:
    """The evidence files of the records the user may see (:func:`records_for`)."""
    return scope_to_user(
        Evidence.objects.select_related("record__jurisdiction"),
        user,
        via="record__jurisdiction",
        own_person=("record__credits__person",),
        own_account=("record__created_by",),
    )


def get_evidence_for_user(user: AnyUser, pk: int) -> Evidence:
    return get_object_for_user(evidence_for, user, pk=pk)


def compliance_rows_for(user: AnyUser) -> QuerySet[ComplianceRow]:
    """Duty verdicts of the user's subtree; an official's own only."""
    return scope_to_user(ComplianceRow.objects.all(), user, via="jurisdiction", own_person=("appointment__person",))


def active_feed(user: AnyUser) -> CalendarFeed | None:
    """The user's calendar feed that still works, if any."""
    if not user.is_authenticated:
        return None
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


def may_change(user: AnyUser, record: PerformanceRecord) -> bool:
    """Who may edit or delete a record: the office (安委办) of its jurisdiction subtree, the
    superuser, and the account that recorded it."""
    if access.sees_everything(user):
        return True
    if not user.is_authenticated:
        return False
    return getattr(user, "role", "") == "office" or record.created_by_id == user.pk


# Policy texts ------------------------------------------------------------------------------


@cache
def _duties(policy_version: str, policy_id: str) -> dict[str, Duty]:
    return {d.id: d for d in registry().get(policy_id).duties}


@dataclass(frozen=True)
class Citation:
    id: str
    label: str
    text: str


def obligation_info(policy_id: str, policy_version: str, obligation: str) -> tuple[str, list[Citation]]:
    """The duty's title and its citations (article label and text) in the policy."""
    try:
        policy = registry().get(policy_id)
    except Exception:  # a pack removed since the verdict was stored
        return obligation, []
    duty = _duties(policy.version, policy_id).get(obligation)
    if duty is None:
        return obligation, []
    cites = []
    for cite in duty.cites:
        citable = policy.cite(cite)
        cites.append(Citation(cite, citable.label, citable.text))
    return duty.title, cites


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def period_kind(period: str) -> str:
    if period.startswith("event:"):
        return "event"
    if _MONTH.match(period):
        return "month"
    if "-Q" in period:
        return "quarter"
    if "-H" in period:
        return "half_year"
    if re.fullmatch(r"\d{4}", period):
        return "year"
    if re.fullmatch(r"\d{4}/\d{4}", period):
        return "two_years"
    return "range"


# My duties ---------------------------------------------------------------------------------


@dataclass
class DueItem:
    row: ComplianceRow
    title: str
    cites: list[Citation]
    days_left: int
    kind: str

    @property
    def activity_label(self) -> str:
        return str(ACTIVITY_LABELS.get(self.row.activity, self.row.activity))

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.row.status, self.row.status))


@dataclass
class PostDuties:
    """One post the official holds today, with what is due, done and missed on it ("my duties")."""

    appointment: Appointment
    policy_title: str
    current: list[tuple[str, str, list[DueItem]]] = field(default_factory=list)
    done: list[DueItem] = field(default_factory=list)
    missed: list[DueItem] = field(default_factory=list)
    recent: list[RecordCredit] = field(default_factory=list)


KIND_ORDER = ["month", "quarter", "half_year", "year", "two_years", "event", "range"]


def current_appointments(user: AnyUser, today: dt.date) -> list[Appointment]:
    """The appointments the account's person holds on ``today``."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    return list(
        Appointment.objects.filter(person_id=person_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("post__body__jurisdiction", "person")
        .order_by("post__code")
    )


def _item(row: ComplianceRow, today: dt.date) -> DueItem:
    title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
    return DueItem(row, title, cites, (row.period_end - today).days, period_kind(row.period))


def my_duties(user: AnyUser, today: dt.date) -> list[PostDuties]:
    """For each post the user's person holds today: what is due in the current month, quarter,
    half-year and year (with days left), what is done this year and what was missed."""
    out = []
    for appointment in current_appointments(user, today):
        rows = list(
            ComplianceRow.objects.filter(appointment=appointment, year=today.year).order_by("period_end", "obligation")
        )
        policy_title = ""
        if rows:
            with contextlib.suppress(Exception):  # a pack removed since: show no title
                policy_title = registry().get(rows[0].policy_id).title
        holding = PostDuties(appointment, policy_title)
        current: dict[str, list[DueItem]] = {}
        for row in rows:
            item = _item(row, today)
            if row.period_start <= today <= row.period_end:
                current.setdefault(item.kind, []).append(item)
            if row.status == "met":
                holding.done.append(item)
            elif row.status == "missed":
                holding.missed.append(item)
        holding.current = [(k, kind_label(k), current[k]) for k in KIND_ORDER if k in current]
        holding.recent = list(
            RecordCredit.objects.filter(appointment=appointment, active=True)
            .select_related("record")
            .order_by("-occurred_on", "-id")[:10]
        )
        out.append(holding)
    return out


def kind_label(kind: str) -> str:
    if kind == "event":
        return _("Event duties")
    if kind == "range":
        return _("Once in the tenure")
    return {
        "month": _("This month"),
        "quarter": _("This quarter"),
        "half_year": _("This half-year"),
        "year": _("This year"),
        "two_years": _("This two-year cycle"),
    }.get(kind, str(PERIOD_KIND_LABELS.get(kind, kind)))


# Dashboard ---------------------------------------------------------------------------------


@dataclass
class Tally:
    met: int = 0
    missed: int = 0
    open: int = 0
    not_applicable: int = 0

    def add(self, status: str, n: int) -> None:
        setattr(self, status, getattr(self, status) + n)

    def merge(self, other: Tally) -> None:
        self.met += other.met
        self.missed += other.missed
        self.open += other.open
        self.not_applicable += other.not_applicable

    @property
    def closed(self) -> int:
        return self.met + self.missed

    @property
    def total(self) -> int:
        return self.met + self.missed + self.open + self.not_applicable

    @property
    def rate(self) -> float | None:
        """Met share of the periods that have closed (open ones are not judged yet)."""
        return round(100 * self.met / self.closed, 1) if self.closed else None


@dataclass
class Dashboard:
    node: Jurisdiction
    year: int
    total: Tally
    own: Tally
    children: list[tuple[Jurisdiction, Tally]]
    by_level: list[tuple[str, Tally]]
    by_role: list[tuple[str, Tally]]
    by_obligation: list[tuple[str, str, Tally]]
    trend: list[dict[str, Any]]
    worst_posts: list[dict[str, Any]]

    def chart_data(self) -> dict[str, Any]:
        return {
            "children": [
                {"name": j.name, "code": j.code, "value": t.total, "rate": t.rate, "met": t.met, "missed": t.missed}
                for j, t in self.children
            ],
            "trend": self.trend,
        }


def subtree_rows(user: AnyUser, node: Jurisdiction, year: int) -> QuerySet[ComplianceRow]:
    """The verdicts of ``year`` in ``node``'s subtree that ``user`` may see."""
    return _in_subtree(compliance_rows_for(user).filter(year=year), node)


def _in_subtree(rows: QuerySet[M], node: Jurisdiction) -> QuerySet[M]:
    if node.parent_id is not None or Jurisdiction.objects.filter(parent__isnull=True).count() > 1:
        rows = rows.filter(jurisdiction__path__startswith=node.path)
    return rows.order_by()


def dashboard(user: AnyUser, node: Jurisdiction, year: int, today: dt.date | None = None) -> Dashboard:
    """Compliance of ``node``'s subtree for ``year``: its own posts, each child's subtree, by level,
    role and obligation, a monthly trend (periods closing in each month) and the posts most behind.

    Read from the rollups the recompute keeps (:class:`~zeren.records.models.ComplianceTally` and
    the trend and missed tallies), restricted to the ids of the jurisdictions the user sees in the
    subtree (no join, so the plans do not depend on the jurisdiction table's statistics; no
    restriction at all when the subtree is every jurisdiction there is)."""
    nodes: dict[int, tuple[str, str]] = {
        pk: (level, path)
        for pk, level, path in access.jurisdictions_for(user)
        .filter(path__startswith=node.path)
        .values_list("id", "level", "path")
    }
    whole = node.parent_id is None and not Jurisdiction.objects.filter(parent__isnull=True).exclude(pk=node.pk).exists()
    ids = None if whole else list(nodes)
    tallies = _of_jurisdictions(ComplianceTally.objects.filter(year=year), ids)
    by_jurisdiction: dict[int, Tally] = defaultdict(Tally)
    roles: dict[str, Tally] = defaultdict(Tally)
    obligations: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    for kind, key, policy_id, version, status, n in _breakdowns(tallies):
        if kind == "j":
            by_jurisdiction[int(key)].add(status, n)
        elif kind == "r":
            roles[key].add(status, n)
        else:
            obligations[(key, policy_id, version)].add(status, n)
    children = list(
        access.jurisdictions_for(user).filter(parent=node).only("id", "code", "name", "level", "path").order_by("path")
    )
    child_tally = {c.pk: Tally() for c in children}
    child_by_code = {c.code: c.pk for c in children}
    total, own = Tally(), Tally()
    levels: dict[str, Tally] = defaultdict(Tally)
    below = len(node.path)
    for jid, tally in by_jurisdiction.items():
        level, path = nodes[jid]
        total.merge(tally)
        levels[level].merge(tally)
        if jid == node.pk:
            own.merge(tally)
            continue
        child = child_by_code.get(path[below:].split("/", 1)[0])  # the child whose subtree holds it
        if child is not None:
            child_tally[child].merge(tally)
    trend = _trend(ids, year, today or timezone.localdate())
    from zeren.org.levels import Level

    level_order = [lv.value for lv in Level]
    return Dashboard(
        node=node,
        year=year,
        total=total,
        own=own,
        children=[(c, child_tally[c.pk]) for c in children if child_tally[c.pk].total],
        by_level=[(str(Level(lv).label), levels[lv]) for lv in level_order if lv in levels],
        by_role=[(str(ROLE_LABELS.get(r, r)), t) for r, t in sorted(roles.items(), key=lambda kv: -kv[1].total)],
        by_obligation=sorted(
            [(o[0], obligation_info(o[1], o[2], o[0])[0], t) for o, t in obligations.items()],
            key=lambda item: (item[2].rate if item[2].rate is not None else 101, item[0]),
        ),
        trend=trend,
        worst_posts=_worst_posts(ids, year),
    )


def _breakdowns(tallies: QuerySet[ComplianceTally]) -> list[tuple[str, str, str, str, str, int]]:
    """Per jurisdiction, per role and per obligation, status counts of the (scoped) ``tallies``: one
    statement, three GROUP BYs over the rows selected once. Rows: (kind j|r|o, key, policy id,
    policy version, status, count)."""
    sql, params = tallies.values(
        "jurisdiction_id", "role", "obligation", "policy_id", "policy_version", "status", "n"
    ).query.sql_with_params()
    key = (
        "CAST(jurisdiction_id AS varchar(20))" if connection.vendor == "postgresql" else "CAST(jurisdiction_id AS text)"
    )
    statement = (
        f"WITH t AS ({sql}) "  # noqa: S608 - the ORM's own SQL, with its parameters
        f"SELECT 'j', {key}, '', '', status, SUM(n) FROM t GROUP BY jurisdiction_id, status "
        "UNION ALL SELECT 'r', role, '', '', status, SUM(n) FROM t GROUP BY role, status "
        "UNION ALL SELECT 'o', obligation, policy_id, policy_version, status, SUM(n) FROM t "
        "GROUP BY obligation, policy_id, policy_version, status"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [(k, str(x), p, v, st, int(n)) for k, x, p, v, st, n in cursor.fetchall()]


def _of_jurisdictions(rows: QuerySet[M], ids: list[int] | None) -> QuerySet[M]:
    """``rows`` (of a table with a ``jurisdiction_id`` and no join) of the jurisdictions ``ids``,
    all of them when None. On PostgreSQL one array parameter, not thousands of placeholders."""
    if ids is not None:
        if connection.vendor == "postgresql":
            rows = rows.filter(RawSQL("jurisdiction_id = ANY(%s)", (ids,), output_field=BooleanField()))
        else:
            rows = rows.filter(jurisdiction_id__in=ids)
    return rows.order_by()


def _worst_posts(ids: list[int] | None, year: int, limit: int = 15) -> list[dict[str, Any]]:
    """The posts with the most missed verdicts (ties by post code): counted per post without joins,
    from the rollup, then only the candidates' codes, titles and jurisdictions are loaded."""
    tallies = _of_jurisdictions(ComplianceMissedTally.objects.filter(year=year), ids)
    missed: dict[int, int] = defaultdict(int)
    for post_id, n in tallies.values_list("post_id", "n"):
        missed[post_id] += n
    if not missed:
        return []
    cutoff = sorted(missed.values(), reverse=True)[:limit][-1]
    candidates = Post.objects.filter(pk__in=[p for p, n in missed.items() if n >= cutoff]).values_list(
        "id", "code", "title", "body__jurisdiction__name"
    )
    ranked = sorted(candidates, key=lambda c: (-missed[c[0]], c[1]))[:limit]
    return [
        {"post_id": pk, "post__code": code, "post__title": title, "jurisdiction__name": name, "n": missed[pk]}
        for pk, code, title, name in ranked
    ]


def _trend(ids: list[int] | None, year: int, today: dt.date) -> list[dict[str, Any]]:
    """Met share of the periods closing in each month of ``year`` and the year before (``ids``: the
    jurisdictions of the subtree, None for all), for the months that have ended before ``today``:
    in a month still running only the periods met early are judged, which would read as 100%."""
    rows = _of_jurisdictions(ComplianceTrendTally.objects.filter(year__in=(year - 1, year)), ids)
    by_month: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for y, month, status, n in rows.values_list("year", "month", "status").annotate(n=Sum("n")):
        by_month[(y, month)].add(status, n)
    out = []
    for y in (year - 1, year):
        for month in range(1, 13):
            if dt.date(y, month, calendar.monthrange(y, month)[1]) >= today:
                break
            tally = by_month.get((y, month))
            if tally is not None and tally.closed:
                out.append({"period": f"{y}-{month:02d}", "rate": tally.rate, "closed": tally.closed})
    return out


def overdue_rows(user: AnyUser, node: Jurisdiction, year: int) -> QuerySet[ComplianceRow]:
    """The missed obligation-periods of ``node``'s subtree in ``year``, by jurisdiction and post."""
    return (
        subtree_rows(user, node, year)
        .filter(status="missed")
        .select_related("post", "person", "jurisdiction")
        .order_by("jurisdiction__path", "post__code", "period_start", "obligation")
    )


@dataclass
class PostYear:
    post: Post
    year: int
    tenures: list[dict[str, Any]]


def post_year(user: AnyUser, post: Post, year: int, today: dt.date) -> PostYear:
    """Drill-down: a post's verdicts for ``year`` by holder, each with its records and what is missing."""
    rows = list(
        compliance_rows_for(user)
        .filter(post=post, year=year)
        .select_related("appointment__person")
        .order_by("appointment__start", "obligation", "period_start")
    )
    credits = list(
        RecordCredit.objects.filter(post=post, active=True, occurred_on__year=year)
        .select_related("record")
        .order_by("occurred_on")
    )
    tenures: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = tenures.setdefault(
            row.appointment_id,
            {"appointment": row.appointment, "obligations": {}, "tally": Tally()},
        )
        entry["tally"].add(row.status, 1)
        title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
        ob = entry["obligations"].setdefault(row.obligation, {"title": title, "cites": cites, "items": []})
        records = [
            c.record
            for c in credits
            if c.appointment_id == row.appointment_id
            and c.counts
            and c.activity == row.activity
            and row.period_start <= c.occurred_on <= row.period_end
        ]
        ob["items"].append({"row": row, "records": records, "days_left": (row.period_end - today).days})
    return PostYear(post, year, list(tenures.values()))


def post_choices(user: AnyUser, today: dt.date) -> list[Post]:
    """Posts a record may be led by: an official's own posts (held at any time), else every post
    in the user's scope."""
    if getattr(user, "role", "") == "official" and not access.sees_everything(user):
        person_id = getattr(user, "person_id", None)
        if person_id is None:
            return []
        return list(
            Post.objects.filter(appointments__person_id=person_id)
            .select_related("body__jurisdiction")
            .distinct()
            .order_by("code")
        )
    return list(access.posts_for(user).filter(active=True).order_by("body__jurisdiction__path", "code"))


def participant_choices(user: AnyUser, leader_posts: list[Post]) -> list[Post]:
    """Posts that may take part: the posts of the leader posts' jurisdictions the user can see,
    and for the office every post in scope."""
    if getattr(user, "role", "") == "official" and not access.sees_everything(user):
        jurisdictions = {p.body.jurisdiction_id for p in leader_posts}
        return list(
            Post.objects.filter(body__jurisdiction_id__in=jurisdictions, active=True)
            .select_related("body__jurisdiction")
            .order_by("code")
        )
    return list(access.posts_for(user).filter(active=True).order_by("body__jurisdiction__path", "code"))


def history_of(record: PerformanceRecord) -> list[Any]:
    from zeren.audit.services import history

    return list(history(record))
