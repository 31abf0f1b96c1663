"""The office dashboard of a jurisdiction subtree's compliance: read from the rollups the recompute
keeps (:mod:`zeren.records.rollups`), restricted to the jurisdictions the user sees. Views reach it
through :mod:`zeren.records.selectors`, the records app's one access layer."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, Model, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.org.models import Body, Jurisdiction, Post
from zeren.records.models import (
    ComplianceMissedTally,
    ComplianceTally,
    ComplianceTreeTally,
    ComplianceTreeTrendTally,
    ComplianceTrendTally,
)
from zeren.records.obligations import obligation_info, period_label
from zeren.records.vocabulary import ROLE_LABELS

M = TypeVar("M", bound=Model)


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
        """What the charts draw: each child jurisdiction with judged verdicts (the tile's area is its
        number of verdicts; a child with none is in the table as 无数据, not a tile), the address of
        its own dashboard (a click opens it in the same tab) and the trend."""
        query = f"?year={self.year}"
        return {
            "children": [
                {
                    "name": j.name,
                    "code": j.code,
                    "url": reverse("records:dashboard", kwargs={"code": j.code}) + query,
                    "value": t.total,
                    "rate": t.rate,
                    "met": t.met,
                    "missed": t.missed,
                }
                for j, t in self.children
                if t.total
            ],
            "trend": self.trend,
            "labels": {"nodata": str(_("No data"))},
        }


def dashboard(user: AnyUser, node: Jurisdiction, year: int, today: dt.date | None = None) -> Dashboard:
    """Compliance of ``node``'s subtree for ``year``: its own posts, each child's subtree, by level,
    role and obligation, a monthly trend (periods closing in each month) and the posts most behind.

    Read from the rollups the recompute keeps (:class:`~zeren.records.models.ComplianceTally` and
    the trend and missed tallies), restricted to the ids of the jurisdictions the user sees in the
    subtree (no join, so the plans do not depend on the jurisdiction table's statistics). When the
    subtree is every jurisdiction there is, the breakdowns and the trend are read from the whole
    tree's rollups instead (:class:`~zeren.records.models.ComplianceTreeTally`,
    :class:`~zeren.records.models.ComplianceTreeTrendTally`), which equal the sums of all the
    jurisdictions' tallies: the same result, without grouping every tally of the year."""
    nodes: dict[int, tuple[str, str]] = {
        pk: (level, path)
        for pk, level, path in access.jurisdictions_for(user)
        .filter(path__startswith=node.path)
        .values_list("id", "level", "path")
    }
    whole = node.parent_id is None and not Jurisdiction.objects.filter(parent__isnull=True).exclude(pk=node.pk).exists()
    ids = None if whole else list(nodes)
    by_jurisdiction: dict[int, Tally] = defaultdict(Tally)
    roles: dict[str, Tally] = defaultdict(Tally)
    obligations: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    for kind, key, policy_id, version, status, n in _breakdowns(ids, year):
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
        children=[(c, child_tally[c.pk]) for c in children],  # one with no verdicts reads 无数据
        by_level=[(str(Level(lv).label), levels[lv]) for lv in level_order if lv in levels],
        # Ties are ordered by role, and by obligation and policy: not by the order the rows were read in.
        by_role=[
            (str(ROLE_LABELS.get(r, r)), t) for r, t in sorted(roles.items(), key=lambda kv: (-kv[1].total, kv[0]))
        ],
        by_obligation=[
            (o[0], obligation_info(o[1], o[2], o[0])[0], t)
            for o, t in sorted(
                obligations.items(), key=lambda kv: (kv[1].rate if kv[1].rate is not None else 101, kv[0])
            )
        ],
        trend=trend,
        worst_posts=_worst_posts(ids, year),
    )


def _breakdowns(ids: list[int] | None, year: int) -> list[tuple[str, str, str, str, str, int]]:
    """Per jurisdiction, per role and per obligation, status counts of the tallies of ``year`` of the
    jurisdictions ``ids``. Rows: (kind j|r|o, key, policy id, policy version, status, count).

    For the whole tree (None) they are the rows of :class:`~zeren.records.models.ComplianceTreeTally`,
    kept equal to these GROUP BYs, read as they are; otherwise one statement, three GROUP BYs over the
    jurisdictions' tallies selected once."""
    if ids is None:
        return [
            (kind, item, policy_id, version, status, int(n))
            for kind, item, policy_id, version, status, n in ComplianceTreeTally.objects.filter(year=year)
            .order_by()
            .values_list("kind", "item", "policy_id", "policy_version", "status", "n")
        ]
    sql, params = (
        _of_jurisdictions(ComplianceTally.objects.filter(year=year), ids)
        .values("jurisdiction_id", "role", "obligation", "policy_id", "policy_version", "status", "n")
        .query.sql_with_params()
    )
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
    """The posts with the most missed verdicts (ties by post code), ranked in the database in one
    statement: the rollup summed per post, without joins; then only the posts that reach the
    ``limit``-th highest sum (a province has tens of thousands with a miss) joined to their codes,
    titles and jurisdictions, ordered and cut."""
    sql, params = (
        _of_jurisdictions(ComplianceMissedTally.objects.filter(year=year), ids)
        .values("post_id")
        .annotate(missed=Sum("n"))
        .filter(missed__gt=0)
        .query.sql_with_params()
    )
    post, body, jurisdiction = (m._meta.db_table for m in (Post, Body, Jurisdiction))
    statement = (
        f"WITH s AS ({sql}) "  # noqa: S608 - the ORM's own SQL and table names, with its parameters
        f"SELECT p.id, p.code, p.title, j.name, s.missed FROM s "
        f"JOIN {post} p ON p.id = s.post_id JOIN {body} b ON b.id = p.body_id "
        f"JOIN {jurisdiction} j ON j.id = b.jurisdiction_id "
        "WHERE s.missed >= COALESCE((SELECT missed FROM s ORDER BY missed DESC LIMIT 1 OFFSET %s), 0) "
        "ORDER BY s.missed DESC, p.code LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, limit - 1, limit))
        return [
            {"post_id": pk, "post__code": code, "post__title": title, "jurisdiction__name": name, "n": int(n)}
            for pk, code, title, name, n in cursor.fetchall()
        ]


def _trend(ids: list[int] | None, year: int, today: dt.date) -> list[dict[str, Any]]:
    """Met share of the verdicts of each month of ``year`` and the year before (``ids``: the
    jurisdictions of the subtree, None for all), for the months that have ended before ``today``.

    A month counts every verdict whose period covers it — the quarter's, the half-year's and the
    year's duties as well as an event's — and closed in a month that has ended (a period met early
    but still running is not judged yet, which would read as 100%). The rate is met over all those
    verdicts, so one missed event among many met recurring duties moves the month by its share only."""
    this_month = today.replace(day=1)
    # The whole tree's trend is summed already per month (ComplianceTreeTrendTally): fewer rows to add.
    model: type[ComplianceTreeTrendTally | ComplianceTrendTally] = (
        ComplianceTreeTrendTally if ids is None else ComplianceTrendTally
    )
    rows = _of_jurisdictions(model.objects.filter(year__in=(year - 1, year), closes__lt=this_month), ids)
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
                out.append(
                    {
                        "period": f"{y}-{month:02d}",
                        "label": period_label(f"{y}-{month:02d}"),
                        "rate": tally.rate,
                        "met": tally.met,
                        "closed": tally.closed,
                    }
                )
    return out
