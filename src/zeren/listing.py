"""Lists that scale: the filter forms (django-filter), the jurisdiction filter that keeps to a subtree,
bounded counts and seek (keyset) paging — written once for the records, accidents, cases, people and
posts lists.

A list view builds its app's ``FilterSet`` (on :class:`zeren.org.filters.ScopedFilterSet`) from
``request.GET`` with the queryset the access layer gives (so a filter can only narrow what the user
sees), then asks :func:`filtered` for the rows or the problems of a bad filter (shown on the page with
status 400 — never a 500, never silently ignored); :func:`list_page` does all of it for a short list.

Paging: a few thousand rows page with Django's ``Paginator``; the records of a province (a million)
page by seek on ``(date, id)`` (:class:`SeekPage`): each page is an indexed range scan from the last
row of the one before, as fast on page 1,000 as on page 1, where a deep ``OFFSET`` reads and drops
every row before it. Counts are bounded (:func:`bounded_count`): "共 N 条" up to a cap, "more than"
beyond it, so no page pays for a full ``COUNT`` of a million rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Max, Min, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zeren.problems import Problem, Problems

M = TypeVar("M", bound=models.Model)

COUNT_CAP = 1_000


def searchable(**attrs: Any) -> dict[str, Any]:
    """The attributes that make a select searchable (``zeren/searchable.js`` starts Tom Select on it),
    with the widget's texts in the user's language."""
    return {"data-searchable": "", "data-no-results": _("No match"), "data-remove-label": _("Remove"), **attrs}


OFFERED_LEVELS = 2


class _OfferedChoices(forms.models.ModelChoiceIterator):
    """The choices offered in the select: the user's own jurisdictions two levels down (a province's
    cities and counties, a county's townships) and the chosen one — not the thousands of a province's
    townships, which any jurisdiction page links to with its code."""

    def __iter__(self) -> Any:
        field = self.field
        assert isinstance(field, JurisdictionChoiceField)  # noqa: S101
        if field.empty_label is not None:
            yield ("", field.empty_label)
        top = self.queryset.aggregate(top=Min("depth"))["top"]
        if top is None:
            return
        offered = Q(depth__lte=top + OFFERED_LEVELS)
        if field.chosen:
            offered |= Q(code=field.chosen)
        for obj in self.queryset.filter(offered).order_by("path"):
            yield self.choice(obj)


class JurisdictionChoiceField(forms.ModelChoiceField):
    """A jurisdiction by name, indented by depth (no codes on screen); the URL carries its code. Any
    jurisdiction of the queryset is valid; the select offers the upper levels (:class:`_OfferedChoices`)."""

    iterator = _OfferedChoices

    def __init__(self, *args: Any, chosen: str = "", **kwargs: Any) -> None:
        self.chosen = chosen
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * obj.depth}{obj.name}"


class JurisdictionFilter(django_filters.ModelChoiceFilter):
    """Rows in the chosen jurisdiction's subtree. ``field_name`` is the lookup to the jurisdiction; the
    choices are the jurisdictions the user sees (``queryset``), so a code outside them is an error."""

    field_class = JurisdictionChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("jurisdiction"))
        kwargs.setdefault("empty_label", _("all in my jurisdiction"))
        kwargs.setdefault("widget", forms.Select(attrs=searchable()))
        super().__init__(*args, **kwargs)

    def offer(self, queryset: models.QuerySet[Any], data: Any) -> None:
        """Choose among ``queryset`` (the jurisdictions the user sees); ``data`` is the request's query."""
        self.queryset = queryset
        chosen = data.get(self.field_name, "") if data is not None else ""
        self.extra["chosen"] = chosen if isinstance(chosen, str) else ""

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if not value:
            return qs
        # the subtree's ids (a county has a few dozen), so the list's (jurisdiction, date) index serves
        subtree = type(value)._default_manager.filter(path__startswith=value.path).values("pk")
        return qs.filter(**{f"{self.field_name}__in": subtree})


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


FROM, TO = _("from"), _("to")


def date_range(field_name: str, start: Any = FROM, end: Any = TO) -> tuple[django_filters.DateFilter, ...]:
    """The ``date_from`` and ``date_to`` filters of a list (``date_from, date_to = date_range(...)``): the
    rows on or after the one and on or before the other, labelled ``start`` and ``end``."""
    return (
        django_filters.DateFilter(label=start, field_name=field_name, lookup_expr="gte", widget=date_widget()),
        django_filters.DateFilter(label=end, field_name=field_name, lookup_expr="lte", widget=date_widget()),
    )


class FilterForm(forms.Form):
    """The form of a list's filters (``Meta.form``): a date range the wrong way round is said plainly."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("date_to", _("The end of the date range is before its start."))
        return data


def filtered(filterset: django_filters.FilterSet) -> tuple[models.QuerySet[Any], Problems | None]:
    """The filtered rows, or no rows and the problems of the bad filter input (``label：message``)."""
    form = filterset.form
    if filterset.is_bound and not form.is_valid():
        found: list[Problem] = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            found.extend(Problem(f"{label}：{error}" if label else str(error), field=name) for error in errors)
        return filterset.queryset.none(), Problems(found)
    return filterset.qs, None


def list_page(
    request: HttpRequest, filterset: django_filters.FilterSet, template: str, *, size: int = 30, **context: Any
) -> HttpResponse:
    """A list of a few thousand rows at the most: the filtered rows ``size`` to a page (``Paginator``),
    with the filter (``filter``), its problems (``filter_problems``, status 400) and the query for the
    pager's links (``query``); ``context`` is the page's own."""
    found, problems = filtered(filterset)
    page = Paginator(found, size).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "filter": filterset,
            "filter_problems": problems,
            "query": query_without(request.GET, "page"),
            **context,
        },
        status=problems.status if problems is not None else 200,
    )


def bounded_count(queryset: models.QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows, counting at most ``cap`` + 1 (a ``COUNT`` over a ``LIMIT``): ``(n, more)`` where
    ``more`` says there are more than ``cap``."""
    n = queryset.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


def query_without(params: QueryDict, *names: str) -> str:
    """The query string without the paging parameters, for the pager's links."""
    copy = params.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


@dataclass(frozen=True)
class Cursor:
    """A position in a list ordered by ``(date, id)`` newest first: ``2026-03-01.1234``."""

    date: dt.date
    pk: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()}.{self.pk}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        try:
            day, _sep, pk = text.partition(".")
            return cls(dt.date.fromisoformat(day), int(pk))
        except ValueError:
            raise Problems([Problem(str(_("This page link is not valid; start again from the first page.")))]) from None


@dataclass
class SeekPage(Generic[M]):
    """One page of a list ordered by ``(date_field, id)`` newest first, reached by seek: ``after`` the
    last row of the page before (next), or ``before`` the first row of the page after (previous).

    ``by_year``: read the rows a year at a time (:func:`year_windows`), for a table that keeps many
    years (the records of ten years). A filter that the ``(date, id)`` index does not serve (a county's
    records: its jurisdictions' own index gives no global order) would otherwise sort every matching
    row of every year for one page; each window reads only its years, so the page costs the same with
    ten years stored as with one. Same rows as the single query, in the same order."""

    rows: list[M]
    next_cursor: Cursor | None
    previous_cursor: Cursor | None
    first: bool

    @classmethod
    def of(
        cls,
        queryset: models.QuerySet[M],
        *,
        date_field: str,
        size: int,
        after: str = "",
        before: str = "",
        by_year: bool = False,
    ) -> SeekPage[M]:
        """Raises :class:`Problems` for a cursor that is not one this list made."""
        if before:
            at = Cursor.parse(before)
            newer = Q(**{f"{date_field}__gt": at.date}) | Q(**{date_field: at.date, "pk__gt": at.pk})
            query = queryset.filter(newer).order_by(date_field, "pk")
            rows = _read(query, date_field, size + 1, newest_first=False, start=at.date, by_year=by_year)
            more_newer = len(rows) > size
            rows = list(reversed(rows[:size]))
            return cls(
                rows=rows,
                next_cursor=cls._cursor(rows[-1], date_field) if rows else at,
                previous_cursor=cls._cursor(rows[0], date_field) if more_newer and rows else None,
                first=not more_newer,
            )
        query = queryset.order_by(f"-{date_field}", "-pk")
        at_ = Cursor.parse(after) if after else None
        if at_ is not None:
            older = Q(**{f"{date_field}__lt": at_.date}) | Q(**{date_field: at_.date, "pk__lt": at_.pk})
            query = query.filter(older)
        start = at_.date if at_ is not None else None
        rows = _read(query, date_field, size + 1, newest_first=True, start=start, by_year=by_year)
        more_older = len(rows) > size
        rows = rows[:size]
        return cls(
            rows=rows,
            next_cursor=cls._cursor(rows[-1], date_field) if more_older else None,
            previous_cursor=cls._cursor(rows[0], date_field) if at_ is not None and rows else None,
            first=at_ is None,
        )

    @staticmethod
    def _cursor(row: Any, date_field: str) -> Cursor:
        return Cursor(getattr(row, date_field), row.pk)


Window = tuple[dt.date | None, dt.date | None]


def year_windows(start: dt.date, edge: dt.date, *, newest_first: bool) -> list[Window]:
    """Half-open windows ``[lo, hi)`` of whole years (None: unbounded) that together cover every date,
    in reading order from ``start``'s year towards ``edge`` (the table's oldest date when reading
    newest first, its newest otherwise): ``start``'s year, then two years, four, … — the last window is
    unbounded, so no row is ever outside them, whatever the bounds."""
    windows: list[Window] = []
    width = 1
    if newest_first:
        lo = dt.date(start.year, 1, 1)
        windows.append((None if lo <= edge else lo, None))
        while lo > edge:
            hi, lo = lo, dt.date(max(lo.year - 2 * width, dt.MINYEAR), 1, 1)
            width *= 2
            windows.append((None if lo <= edge else lo, hi))
    else:
        up: dt.date | None = dt.date(start.year + 1, 1, 1) if start.year < dt.MAXYEAR else None
        windows.append((None, None if up is None or up > edge else up))
        while up is not None and up <= edge:
            low = up
            year = low.year + 2 * width
            up = dt.date(year, 1, 1) if year <= dt.MAXYEAR else None
            width *= 2
            windows.append((low, None if up is None or up > edge else up))
    return windows


def _read(
    query: models.QuerySet[M], date_field: str, n: int, *, newest_first: bool, start: dt.date | None, by_year: bool
) -> list[M]:
    """The first ``n`` rows of the ordered ``query``: at once, or ``by_year`` window after window until
    there are ``n`` (each window's rows all come before the next window's in the list's order)."""
    if not by_year:
        return list(query[:n])
    everything = query.model._base_manager.order_by()
    bound = everything.aggregate(d=Min(date_field) if newest_first else Max(date_field))["d"]
    if start is None:
        start = everything.aggregate(d=Max(date_field))["d"]
    if bound is None or start is None:  # the table is empty
        return []
    rows: list[M] = []
    for lo, hi in year_windows(start, bound, newest_first=newest_first):
        window = query
        if lo is not None:
            window = window.filter(**{f"{date_field}__gte": lo})
        if hi is not None:
            window = window.filter(**{f"{date_field}__lt": hi})
        rows.extend(window[: n - len(rows)])
        if len(rows) >= n:
            break
    return rows
