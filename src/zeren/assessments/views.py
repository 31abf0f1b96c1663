"""Pages of the annual assessment (考核): the office's assessments and their entries, the assessed
body's self-assessment, the public results, the 通报 (.docx) and the ranking (.xlsx).

Objects are loaded through :mod:`zeren.assessments.selectors` (the access layer) only; every change
goes through :mod:`zeren.assessments.services` by :func:`zeren.actions.post_action`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accidents.presentation import articles
from zeren.accounts.models import User
from zeren.actions import act_on, flash, post_action, saved
from zeren.assessments import selectors, services, workflow
from zeren.assessments.documents import notice_docx, ranking_xlsx
from zeren.assessments.forms import (
    AdjustForm,
    AssessmentCreateForm,
    PublishForm,
    ReturnForm,
    SelfScoreForm,
    Versioned,
)
from zeren.assessments.models import Assessment, AssessmentEntry, EntryState, State
from zeren.assessments.presentation import STATE_CLASSES, bonus_views, item_views, ticket_query, veto_views
from zeren.problems import Conflict, Problems

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 100


def _summary(assessment: Assessment) -> dict[str, int]:
    counts = dict.fromkeys(EntryState.values, 0)
    for state in assessment.entries.values_list("state", flat=True):
        counts[state] += 1
    return counts


# ── lists and opening ───────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    """The assessments the account's office runs (and those below it), and its own entries."""
    user = request.user
    assessments = selectors.assessments_for(user).order_by("-year", "jurisdiction__path", "-pk")
    mine = selectors.entries_for(user).none()
    if isinstance(user, User) and user.jurisdiction is not None:
        mine = selectors.entries_for(user).filter(jurisdiction=user.jurisdiction).order_by("-assessment__year")
    may_open = isinstance(user, User) and user.jurisdiction is not None and workflow.may_open(user, user.jurisdiction)
    return render(
        request,
        "assessments/list.html",
        {
            "page": Paginator(assessments, 30).get_page(request.GET.get("page")),
            "mine": list(mine[:50]),
            "may_open": may_open,
            "classes": STATE_CLASSES,
        },
    )


def _scheme_choices(request: HttpRequest) -> list[tuple[str, str]]:
    user = request.user
    if not isinstance(user, User) or user.jurisdiction is None:
        return []
    return [(s.id, s.scheme.title) for s in workflow.schemes_for(user.jurisdiction)]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    """Open a year's assessment under a scheme (the office of the account's jurisdiction)."""
    user = request.user
    if not isinstance(user, User) or user.jurisdiction is None or not workflow.may_open(user, user.jurisdiction):
        raise PermissionDenied
    jurisdiction = user.jurisdiction
    choices = _scheme_choices(request)

    def show(form: AssessmentCreateForm, problems: Problems | None) -> HttpResponse:
        return render(
            request,
            "assessments/new.html",
            {"form": form, "problems": problems.problems if problems else [], "jurisdiction": jurisdiction},
            status=problems.status if problems else 200,
        )

    return post_action(
        request,
        form=lambda data: AssessmentCreateForm(data, schemes=choices, initial={"year": timezone.localdate().year - 1}),
        act=lambda form: services.assessment_create(
            actor=user,
            jurisdiction=jurisdiction,
            year=form.cleaned_data["year"],
            scheme_id=form.cleaned_data["scheme"],
            title=form.cleaned_data["title"],
        ),
        done=lambda created: saved(
            request, _("The assessment is opened as a draft."), "assessments:detail", assessment=created.pk
        ),
        show=show,
        form_on_get=True,
    )


# ── the assessment ──────────────────────────────────────────────────────────────────────────────


def _detail(request: HttpRequest, assessment: Assessment, *, status: int = 200, **extra: Any) -> HttpResponse:
    entries = assessment.entries.select_related("jurisdiction").order_by("jurisdiction__path")
    job = assessment.prefill_job
    pending = services.prefill_pending(assessment)
    context = {
        "assessment": assessment,
        "page": Paginator(entries, PAGE).get_page(request.GET.get("page")),
        "counts": _summary(assessment),
        "may_assess": workflow.may_assess(request.user, assessment),
        "job": job,
        "pending": pending,
        "classes": STATE_CLASSES,
        "quota": (assessment.ranking or {}).get("quota"),
        "implements": articles(_policy(assessment), list(_scheme_or_none(assessment, "implements"))),
    }
    context.update(extra)
    return render(request, "assessments/detail.html", context, status=status)


def _policy(assessment: Assessment) -> Any:
    from zeren.accidents.presentation import policy_or_none

    return policy_or_none(assessment.policy_id)


def _scheme_or_none(assessment: Assessment, attribute: str) -> Any:
    try:
        return getattr(workflow.scheme_of(assessment).scheme, attribute)
    except Exception:
        return []


@login_required
@require_GET
def assessment_detail(request: HttpRequest, assessment: int) -> HttpResponse:
    found = selectors.get_assessment_for_user(request.user, assessment)
    return _detail(request, found)


def _again(
    request: HttpRequest, found: Any, page: Callable[..., HttpResponse]
) -> Callable[[Any, Problems | None], HttpResponse]:
    """``show`` of an action on ``found``'s page: the page again with the problems (400), or as the object
    is now after a conflict (409)."""

    def show(_form: Any, problems: Problems | None) -> HttpResponse:
        if isinstance(problems, Conflict):
            found.refresh_from_db()
            return page(request, found, status=409, problems=problems.problems)
        return page(request, found, status=400, problems=problems.problems if problems else [])

    return show


def _assessment_action(
    request: HttpRequest, assessment: int, form: Any, service: Callable[..., Any], message: str
) -> HttpResponse:
    found = selectors.get_assessment_for_user(request.user, assessment)
    if not workflow.may_assess(request.user, found):
        raise PermissionDenied
    show = _again(request, found, _detail)
    return act_on(request, form, service, message=message, to="assessments:detail", show=show, assessment=found)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_prefill(request: HttpRequest, assessment: int) -> HttpResponse:
    message = _("The assessment is pre-filled again from the records.")
    return _assessment_action(request, assessment, Versioned, services.assessment_prefill, message)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_open(request: HttpRequest, assessment: int) -> HttpResponse:
    message = _("The assessment is open: the assessed bodies can now assess themselves.")
    return _assessment_action(request, assessment, Versioned, services.assessment_open, message)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_approve_all(request: HttpRequest, assessment: int) -> HttpResponse:
    message = _("Every reviewed entry is approved.")
    return _assessment_action(request, assessment, Versioned, services.approve_all, message)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_publish(request: HttpRequest, assessment: int) -> HttpResponse:
    message = _("The results are published.")
    return _assessment_action(request, assessment, PublishForm, services.assessment_publish, message)


@login_required
@require_GET
def assessment_notice(request: HttpRequest, assessment: int) -> HttpResponse:
    """The 通报 (.docx) of a published assessment."""
    found = selectors.get_assessment_for_user(request.user, assessment)
    if found.state != State.PUBLISHED:
        return flash(
            request,
            Problems(_("The notice is written once the results are published.")),
            "assessments:detail",
            assessment=found.pk,
        )
    response = HttpResponse(notice_docx(found), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="assessment-{found.year}-{found.pk}.docx"'
    return response


@require_GET
def assessment_ranking(request: HttpRequest, assessment: int) -> HttpResponse:
    """The ranking (.xlsx): for the office (before publication too) and, once published, for all who
    see the assessment (the public: published ones only, 404 for anything else)."""
    if not request.user.is_authenticated:
        found = selectors.get_published_assessment(assessment)
    else:
        found = selectors.get_assessment_for_user(request.user, assessment)
    if not found.published and not workflow.may_assess(request.user, found):
        raise PermissionDenied
    response = HttpResponse(ranking_xlsx(found), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="assessment-ranking-{found.year}-{found.pk}.xlsx"'
    return response


# ── an entry ────────────────────────────────────────────────────────────────────────────────────


def _entry_page(request: HttpRequest, entry: AssessmentEntry, *, status: int = 200, **extra: Any) -> HttpResponse:
    scores = list(entry.item_scores.all())
    try:
        scheme = workflow.scheme_of(entry.assessment).scheme
    except Exception:
        scheme = None
    may_assess = workflow.may_assess(request.user, entry.assessment)
    may_self = workflow.may_self_assess(request.user, entry) and entry.state in workflow.SELF_ASSESSABLE
    context = {
        "entry": entry,
        "assessment": entry.assessment,
        "items": item_views(entry, scores, scheme),
        "vetoes": veto_views(entry),
        "bonuses": bonus_views(entry),
        "may_self": may_self,
        "may_review": may_assess and entry.assessment.state == State.OPEN and entry.state in workflow.REVIEWABLE,
        "may_accept": may_assess and entry.assessment.state == State.OPEN and entry.state == EntryState.SUBMITTED,
        "may_approve": may_assess and entry.assessment.state == State.OPEN and entry.state == EntryState.REVIEWED,
        "sees_assessment": selectors.assessments_for(request.user).filter(pk=entry.assessment_id).exists(),
        "classes": STATE_CLASSES,
        "raise_ticket": ticket_query(entry) if may_assess and entry.assessment.state == State.PUBLISHED else "",
    }
    context.update(extra)
    return render(request, "assessments/entry.html", context, status=status)


@login_required
@require_GET
def entry_detail(request: HttpRequest, entry: int) -> HttpResponse:
    return _entry_page(request, selectors.get_entry_for_user(request.user, entry))


def _entry_action(
    request: HttpRequest, entry: int, form: Any, service: Callable[..., Any], message: str
) -> HttpResponse:
    found = selectors.get_entry_for_user(request.user, entry)
    show = _again(request, found, _entry_page)
    return act_on(request, form, service, message=message, to="assessments:entry", show=show, entry=found)


@login_required
@require_http_methods(["GET", "POST"])
def entry_self_score(request: HttpRequest, entry: int) -> HttpResponse:
    message = _("The self-assessed score is saved.")
    return _entry_action(request, entry, SelfScoreForm, services.entry_self_score, message)


@login_required
@require_http_methods(["GET", "POST"])
def entry_submit(request: HttpRequest, entry: int) -> HttpResponse:
    message = _("The self-assessment is submitted to the assessing office.")
    return _entry_action(request, entry, Versioned, services.entry_submit, message)


@login_required
@require_http_methods(["GET", "POST"])
def entry_adjust(request: HttpRequest, entry: int) -> HttpResponse:
    return _entry_action(request, entry, AdjustForm, services.entry_adjust, _("The adjusted score is saved."))


@login_required
@require_http_methods(["GET", "POST"])
def entry_accept(request: HttpRequest, entry: int) -> HttpResponse:
    return _entry_action(request, entry, Versioned, services.entry_accept, _("The entry is accepted."))


@login_required
@require_http_methods(["GET", "POST"])
def entry_return(request: HttpRequest, entry: int) -> HttpResponse:
    message = _("The entry is returned to the assessed body.")
    return _entry_action(request, entry, ReturnForm, services.entry_return, message)


@login_required
@require_http_methods(["GET", "POST"])
def entry_approve(request: HttpRequest, entry: int) -> HttpResponse:
    return _entry_action(request, entry, Versioned, services.entry_approve, _("The entry is approved."))


# ── the public ──────────────────────────────────────────────────────────────────────────────────


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Published assessments, for everyone."""
    found = selectors.published_assessments().order_by("-year", "jurisdiction__path")
    return render(
        request, "assessments/public_list.html", {"page": Paginator(found, 30).get_page(request.GET.get("page"))}
    )


@require_GET
def public_detail(request: HttpRequest, assessment: int) -> HttpResponse:
    """A published assessment's results, for everyone."""
    found = selectors.get_published_assessment(assessment)
    entries = sorted(
        found.entries.select_related("jurisdiction"), key=lambda e: (e.rank is None, e.rank or 0, e.jurisdiction.path)
    )
    return render(
        request,
        "assessments/public_detail.html",
        {
            "assessment": found,
            "page": Paginator(entries, PAGE).get_page(request.GET.get("page")),
            "quota": (found.ranking or {}).get("quota"),
        },
    )
