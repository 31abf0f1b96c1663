"""REST endpoints for compliance (履职达标), mounted at ``/api/compliance`` by :mod:`zeren.api.registry`.

The stored verdicts — per appointment × obligation × period, with the pack id and version that
produced them and the articles each duty cites — for a post, for a jurisdiction subtree (filtered
by status, paginated), and the subtree's summary as the dashboard shows it. Token only, with the
same scoping as the pages: 403 outside the account's subtree, 404 for what does not exist.
"""

# No ``from __future__ import annotations``: django-ninja reads the signatures' types at runtime.
import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zeren.accounts import access
from zeren.api.pages import LazyPage, Pagination
from zeren.api.schemas import ArticleOut, responses
from zeren.records import selectors
from zeren.records.models import ComplianceRow

router = Router(tags=["compliance"])

Status = Literal["met", "missed", "open", "not_applicable"]


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="calendar year; this year when left out")


class RowsQuery(YearQuery):
    status: Status | None = Field(None, description="only verdicts with this status")


class VerdictHolderOut(Schema):
    """Whose verdict it is: the person and the tenure (appointment) it covers."""

    person_id: int
    name: str
    start: datetime.date
    end: datetime.date | None


class VerdictOut(Schema):
    post_code: str
    post_title: str
    jurisdiction: str
    holder: VerdictHolderOut
    obligation: str
    title: str
    articles: list[ArticleOut]
    activity: str
    period: str
    period_start: datetime.date
    period_end: datetime.date
    required: int
    done: int
    status: str
    reason: str
    policy_id: str
    policy_version: str
    computed_on: datetime.date


class TallyOut(Schema):
    met: int
    missed: int
    open: int
    not_applicable: int
    rate: float | None = Field(description="met share of the periods that have closed, in %")


class ChildOut(Schema):
    code: str
    name: str
    tally: TallyOut


class SummaryOut(Schema):
    code: str
    name: str
    year: int
    total: TallyOut
    own_posts: TallyOut
    children: list[ChildOut]


def _year(query: YearQuery) -> int:
    return query.year or timezone.localdate().year


def _verdict(row: ComplianceRow) -> dict[str, Any]:
    title, cites = selectors.obligation_info(row.policy_id, row.policy_version, row.obligation)
    appointment = row.appointment
    return {
        "post_code": row.post.code,
        "post_title": row.post.title,
        "jurisdiction": row.jurisdiction.code,
        "holder": {
            "person_id": appointment.person_id,
            "name": appointment.person.name,
            "start": appointment.start,
            "end": appointment.end,
        },
        "obligation": row.obligation,
        "title": title,
        "articles": [{"id": c.id, "label": c.label, "text": c.text} for c in cites],
        "activity": row.activity,
        "period": row.period,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "required": row.required,
        "done": row.done,
        "status": row.status,
        "reason": row.reason,
        "policy_id": row.policy_id,
        "policy_version": row.policy_version,
        "computed_on": row.computed_on,
    }


def _tally(tally: selectors.Tally) -> dict[str, Any]:
    return {
        "met": tally.met,
        "missed": tally.missed,
        "open": tally.open,
        "not_applicable": tally.not_applicable,
        "rate": tally.rate,
    }


_RELATED = ("post", "jurisdiction", "appointment__person")


@router.get(
    "/posts/{post_code}",
    response=responses(list[VerdictOut], 401, 403, 404, 422),
    url_name="compliance_of_post",
    summary="A post's verdicts for a year",
)
def compliance_of_post(request: HttpRequest, post_code: str, query: Query[YearQuery]) -> Any:
    """Every verdict of the post's holders in the year, by holder, period and obligation."""
    post = access.get_post_for_user(request.user, post_code)
    rows = (
        selectors.compliance_rows_for(request.user)
        .filter(post=post, year=_year(query))
        .select_related(*_RELATED)
        .order_by("appointment__start", "period_start", "obligation")
    )
    return [_verdict(row) for row in rows]


@router.get(
    "/jurisdictions/{code}",
    response=responses(list[VerdictOut], 401, 403, 404, 422),
    url_name="compliance_of_jurisdiction",
    summary="The verdicts of a jurisdiction subtree",
)
@paginate(Pagination)
def compliance_of_jurisdiction(request: HttpRequest, code: str, query: Query[RowsQuery]) -> Any:
    """The verdicts of every post in the subtree for the year, by jurisdiction, post and period;
    ``status=missed`` gives the overdue list."""
    node = access.get_jurisdiction_for_user(request.user, code)
    rows = selectors.subtree_rows(request.user, node, _year(query))
    if query.status:
        rows = rows.filter(status=query.status)
    ordered = rows.select_related(*_RELATED).order_by("jurisdiction__path", "post__code", "period_start", "obligation")
    return LazyPage(ordered, lambda page: [_verdict(row) for row in page])


@router.get(
    "/jurisdictions/{code}/summary",
    response=responses(SummaryOut, 401, 403, 404, 422),
    url_name="compliance_summary",
    summary="A jurisdiction subtree's compliance, as the dashboard shows it",
)
def compliance_summary(request: HttpRequest, code: str, query: Query[YearQuery]) -> Any:
    """Status counts and the met share of closed periods: the whole subtree, the jurisdiction's own
    posts, and each child's subtree (from the rollups the recompute keeps)."""
    node = access.get_jurisdiction_for_user(request.user, code)
    year = _year(query)
    board = selectors.dashboard(request.user, node, year)
    return {
        "code": node.code,
        "name": node.name,
        "year": year,
        "total": _tally(board.total),
        "own_posts": _tally(board.own),
        "children": [{"code": c.code, "name": c.name, "tally": _tally(t)} for c, t in board.children],
    }
