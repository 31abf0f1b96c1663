"""Pages of duty performance: my duties, the record form, a record with its evidence and history,
the office dashboard, a post's year, the overdue list (.xlsx) and the calendar feed.

Objects are loaded through zeren.accounts.access and zeren.records.selectors only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren import evidence as evidence_files
from zeren.accounts import access
from zeren.accounts.models import Role, User
from zeren.actions import flash, post_action, saved
from zeren.jobs.models import Job
from zeren.jobs.services import job_create
from zeren.listing import SeekPage, bounded_count, filtered, query_without
from zeren.problems import Problems
from zeren.records import selectors, services
from zeren.records.calendar import feed_for_token, ical_bytes
from zeren.records.exports import overdue_workbook
from zeren.records.filters import RecordFilter
from zeren.records.forms import ConfirmForm, DeleteForm, RecordForm
from zeren.records.models import PerformanceRecord
from zeren.records.tasks import overdue_workbook_task
from zeren.records.vocabulary import ACTIVITY_LABELS, STATUS_LABELS


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """"My duties": what is due now for each post the official holds."""
    user = _user(request)
    if user.person_id is None:
        if user.jurisdiction is not None or user.is_superuser:
            return redirect("records:dashboard_home")
        raise PermissionDenied
    today = timezone.localdate()
    holdings = selectors.my_duties(user, today)
    return render(
        request,
        "records/mine.html",
        {"holdings": holdings, "today": today, "to_confirm": selectors.to_confirm(user)},
    )


def _form(request: HttpRequest, user: User, record: object | None = None) -> RecordForm:
    today = timezone.localdate()
    leaders = selectors.post_choices(user, today)
    participants = selectors.participant_choices(user, leaders)
    if request.method == "POST":
        return RecordForm(
            request.POST, request.FILES, leader_posts=leaders, participant_posts=participants, user_id=user.pk
        )
    initial: dict[str, Any] = RecordForm.initial_for(record) if record is not None else {"occurred_on": today}
    if record is None:
        if request.GET.get("activity") in ACTIVITY_LABELS:
            initial["activity"] = request.GET["activity"]
        codes = {p.code for p in leaders}
        if request.GET.get("post") in codes:
            initial["leader_post"] = request.GET["post"]
        elif len(leaders) == 1:
            initial["leader_post"] = leaders[0].code
    return RecordForm(initial=initial, leader_posts=leaders, participant_posts=participants)


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    """Record a duty performed (phone-friendly)."""
    user = _user(request)
    access.require_role(user, Role.OFFICIAL, Role.OFFICE)
    return post_action(
        request,
        form=lambda _data: _form(request, user),
        act=lambda form: services.record_create(actor=user, data=form.to_input(), files=form.evidence_files()),
        done=lambda record: saved(
            request, _("Recorded. The verdicts of the credited posts are up to date."), "records:detail",
            record_id=record.pk,
        ),
        show=_form_page(request, None),
        form_on_get=True,
    )


def _form_page(request: HttpRequest, record: PerformanceRecord | None) -> Callable[..., HttpResponse]:
    """``show`` for the record form: the form with its problems (status 200, as the form always had)."""

    def show(form: RecordForm, problems: Problems | None) -> HttpResponse:
        problems_ = problems.problems if problems is not None and not form.errors else []
        if request.method == "POST":  # refused: keep the chosen files for the next try
            form.retain(request.FILES.getlist("evidence"))
        return render(request, "records/form.html", {"form": form, "problems": problems_, "record": record})

    return show


RECORDS_PAGE = 50


@login_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    """The records in the user's scope, filtered (``zeren.records.filters``), newest first, paged by seek
    on (date, id) — ``after`` / ``before`` a cursor — with a bounded count (``zeren.listing``)."""
    user = _user(request)
    filterset = RecordFilter(request.GET, queryset=selectors.records_for(user), user=user)
    found, problems = filtered(filterset)
    try:
        page = SeekPage.of(
            found.prefetch_related("credits__post"),
            date_field="occurred_on",
            size=RECORDS_PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            by_year=True,  # ten years of records: a county's page reads its newest years only
        )
    except Problems as bad_cursor:
        problems, page = bad_cursor, SeekPage(rows=[], next_cursor=None, previous_cursor=None, first=False)
    count, more = bounded_count(found) if problems is None else (0, False)
    return render(
        request,
        "records/list.html",
        {
            "filter": filterset,
            "page": page,
            "count": count,
            "more": more,
            "filter_problems": problems,
            "query": query_without(request.GET, "after", "before"),
        },
        status=problems.status if problems is not None else 200,
    )


@login_required
@require_GET
def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    user = _user(request)
    record = selectors.get_record_for_user(user, record_id)
    return render(
        request,
        "records/detail.html",
        {
            "record": record,
            "credits": record.credits.select_related("post__body__jurisdiction", "person"),
            "hazards": record.hazards.all(),
            "evidence": record.evidence.all(),
            "events": selectors.history_of(record),
            "may_change": selectors.may_change(user, record),
            "may_confirm": selectors.may_confirm(user, record),
            "delete_form": DeleteForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    user = _user(request)
    record = selectors.get_record_for_user(user, record_id)
    if not selectors.may_change(user, record) or record.is_deleted:
        raise PermissionDenied
    return post_action(
        request,
        form=lambda _data: _form(request, user, record),
        act=lambda form: services.record_update(
            actor=user, record=record, data=form.to_input(), files=form.evidence_files()
        ),
        done=lambda _result: saved(
            request, _("Saved. The earlier version is kept in the history."), "records:detail", record_id=record.pk
        ),
        show=_form_page(request, record),
        form_on_get=True,
    )


@login_required
def record_delete(request: HttpRequest, record_id: int) -> HttpResponse:
    """POST only; the record is checked first, so a GET outside the scope is 403/404, not 405."""
    user = _user(request)
    record = selectors.get_record_for_user(user, record_id)
    if not selectors.may_change(user, record):
        raise PermissionDenied

    def refused(form: DeleteForm, problems: Problems | None) -> HttpResponse:
        if form.errors:
            messages.error(request, _("Say why the record is deleted."))
        elif problems is not None:
            messages.error(request, " ".join(problems.problems))
        return redirect("records:detail", record_id=record.pk)

    return post_action(
        request,
        form=DeleteForm,
        act=lambda form: services.record_delete(actor=user, record=record, reason=form.cleaned_data["reason"]),
        done=lambda _result: saved(
            request, _("Deleted. The record stays in the history and no longer counts."), "records:detail",
            record_id=record.pk,
        ),
        show=refused,
    )


@login_required
def record_confirm(request: HttpRequest, record_id: int) -> HttpResponse:
    """POST only, after the object check: the official credited confirms or disputes a record someone
    else entered for them (zeren.records.services.record_confirm)."""
    user = _user(request)
    record = selectors.get_record_for_user(user, record_id)
    if not selectors.may_confirm(user, record):
        raise PermissionDenied

    def back(message: str | None = None, problems: Problems | None = None) -> HttpResponse:
        to, kwargs = (
            ("records:mine", {}) if request.POST.get("back") == "mine" else ("records:detail", {"record_id": record.pk})
        )
        if message is not None:
            return saved(request, message, to, **kwargs)
        return flash(request, problems, to, **kwargs)

    return post_action(
        request,
        form=ConfirmForm,
        act=lambda form: services.record_confirm(
            actor=user,
            record=record,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda credits: back(
            _("Confirmed. Thank you.")
            if credits[0].confirmation == "confirmed"
            else _("Disputed. The office sees what you said and corrects or deletes the record.")
        ),
        show=lambda _form, problems: back(problems=problems),
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An evidence file, to those who may see its record. Only images are shown inline; anything else
    (a PDF may carry an /OpenAction script) is a download. The response is sandboxed and not sniffed,
    so even a file opened in the browser runs no script with this site's rights."""
    return evidence_files.serve(selectors.get_evidence_for_user(_user(request), evidence_id))


@login_required
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """POST only, after the object check (see record_delete)."""
    user = _user(request)
    item = selectors.get_evidence_for_user(user, evidence_id)
    if not selectors.may_change(user, item.record):
        raise PermissionDenied
    return post_action(
        request,
        form=forms.Form,
        act=lambda _form: services.evidence_remove(actor=user, evidence=item),
        done=lambda _result: saved(
            request, _("The file was taken off the record; it stays in the history."), "records:detail",
            record_id=item.record_id,
        ),
        show=lambda _form, problems: flash(request, problems, "records:detail", record_id=item.record_id),
    )


@login_required
@require_GET
def dashboard_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.jurisdiction is not None:
        return redirect("records:dashboard", code=user.jurisdiction.code)
    root = access.jurisdictions_for(user).filter(parent__isnull=True).order_by("path").first()
    if root is None:
        raise PermissionDenied
    return redirect("records:dashboard", code=root.code)


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The office dashboard: compliance rolled up the tree, by level, role and obligation."""
    user = _user(request)
    node = access.get_jurisdiction_for_user(user, code)
    year = _year(request)
    board = selectors.dashboard(user, node, year)
    ancestors = [c for c in node.path.strip("/").split("/")[:-1]]
    breadcrumbs = list(access.jurisdictions_for(user).filter(code__in=ancestors).order_by("path"))
    return render(
        request,
        "records/dashboard.html",
        {
            "board": board,
            "node": node,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 4, -1)),
            "breadcrumbs": breadcrumbs,
            "disputed": selectors.disputed_count(user, node),
            # Rendered with json_script, which escapes "<", ">" and "&": names come from imported trees.
            "chart": board.chart_data(),
        },
    )


@login_required
@require_GET
def overdue_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    node = access.get_jurisdiction_for_user(user, code)
    year = _year(request)
    rows = selectors.overdue_rows(user, node, year)
    if rows.count() > settings.ZEREN_EXPORT_INLINE_ROWS:  # a province's: made in the background
        with transaction.atomic():
            job = job_create(
                kind=Job.Kind.OVERDUE_LIST,
                actor=user,
                task=overdue_workbook_task,
                jurisdiction=node,
                params={"year": year},
            )
        return redirect("jobs:job", job_id=job.pk)
    data = overdue_workbook(node, year, rows)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="zeren-overdue-{node.code}-{year}.xlsx"'
    return response


@login_required
@require_GET
def post_detail(request: HttpRequest, post_code: str) -> HttpResponse:
    """Drill-down: a post's verdicts for a year, with the records behind each and what is missing."""
    user = _user(request)
    post = access.get_post_for_user(user, post_code)
    year = _year(request)
    return render(
        request,
        "records/post.html",
        {
            "data": selectors.post_year(user, post, year, timezone.localdate()),
            "post": post,
            "year": year,
            "status_labels": STATUS_LABELS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The user's iCalendar feed: create (or replace) the secret URL, or revoke it. Only the token's
    digest is stored, so the URL is shown once, in the answer to the POST that made it."""
    user = _user(request)
    if user.person_id is None:
        raise PermissionDenied
    url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("records:calendar")
        _feed, token = services.calendar_feed_create(user=user)
        url = request.build_absolute_uri(reverse("records:feed", kwargs={"feed_token": token}))
    feed = selectors.active_feed(user)
    response = render(request, "records/calendar.html", {"feed": feed, "url": url})
    if url is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The iCalendar feed itself: no login, the secret URL is the key; 404 once revoked."""
    found = feed_for_token(feed_token)
    if found is None:
        raise Http404
    response = HttpResponse(ical_bytes(found.user, timezone.localdate()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zeren.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
