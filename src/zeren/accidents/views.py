"""Pages of the accident register. Objects are loaded through the access layer only
(zeren.accounts.access and zeren.accidents.selectors); writes go through zeren.accidents.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accidents import selectors, services
from zeren.accidents.forms import (
    AccidentForm,
    AddResponsibilityForm,
    CasualtiesForm,
    IncludeForm,
    ReportForm,
    form_problems,
)
from zeren.accidents.presentation import accident_context
from zeren.accounts import access
from zeren.accounts.models import Role


def _may_edit(request: HttpRequest) -> bool:
    return access.sees_everything(request.user) or getattr(request.user, "role", "") == Role.OFFICE


@login_required
@require_GET
def accident_list(request: HttpRequest) -> HttpResponse:
    found = selectors.accidents_for(request.user)
    grade = request.GET.get("grade", "")
    if grade:
        found = found.filter(grade=grade)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(request, "accidents/list.html", {"page": page, "may_edit": _may_edit(request), "grade": grade})


@login_required
@require_http_methods(["GET", "POST"])
def accident_create(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.OFFICE)
    visible = list(access.jurisdictions_for(request.user).only("code", "name", "path"))
    choices = [(j.code, j.name) for j in visible]
    form = AccidentForm(request.POST or None, jurisdictions=choices)
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                accident = services.accident_create(
                    actor=request.user,
                    data=services.AccidentInput(
                        title=data["title"],
                        jurisdiction=access.get_jurisdiction_for_user(request.user, data["jurisdiction"]),
                        sector=data["sector"],
                        occurred_at=data["occurred_at"],
                        kind=data["kind"],
                        enterprise=data["enterprise"],
                        description=data["description"],
                        deaths=data["deaths"],
                        serious_injuries=data["serious_injuries"],
                        missing=data["missing"],
                        direct_loss_yuan=data["direct_loss_yuan"],
                        reports=form.reports(),
                    ),
                )
            except services.AccidentError as exc:
                problems = exc.problems
            else:
                messages.success(request, _("The accident is registered."))
                return redirect("accidents:detail", accident=accident.pk)
        else:
            problems = form_problems(form)
    sectors = sorted(
        {s for row in access.posts_for(request.user).values_list("sectors", flat=True) for s in (row or [])}
    )
    return render(request, "accidents/new.html", {"form": form, "problems": problems, "sectors": sectors})


@login_required
@require_GET
def accident_detail(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    context = accident_context(found, request.user)
    context["may_edit"] = _may_edit(request)
    if context["may_edit"]:
        context["addable"] = list(selectors.appointments_on(found.jurisdiction, found.occurred_on)[:300])
    return render(request, "accidents/detail.html", context)


def _fail(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


@login_required
@require_http_methods(["GET", "POST"])
def accident_casualties(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CasualtiesForm(request.POST)
    if not form.is_valid():
        _fail(request, form_problems(form))
    else:
        try:
            grading = services.accident_update_casualties(actor=request.user, accident=found, **form.cleaned_data)
        except services.AccidentError as exc:
            _fail(request, exc.problems)
        else:
            if not grading.within_window:
                messages.warning(
                    request,
                    _("Recorded. The change comes after the regrade window, so the grade stays %(grade)s.")
                    % {"grade": grading.get_grade_display()},
                )
            elif grading.regraded:
                messages.success(
                    request,
                    _("Recorded. The accident is regraded from %(old)s to %(new)s.")
                    % {"old": grading.get_previous_grade_display(), "new": grading.get_grade_display()},
                )
            else:
                messages.success(request, _("Recorded. The grade is unchanged."))
    return redirect("accidents:detail", accident=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def accident_report(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReportForm(request.POST)
    if not form.is_valid():
        _fail(request, form_problems(form))
    else:
        try:
            services.accident_set_report(
                actor=request.user, accident=found, level=form.cleaned_data["level"], at=form.cleaned_data["at"]
            )
        except services.AccidentError as exc:
            _fail(request, exc.problems)
        else:
            messages.success(request, _("The report time is saved and the timeliness checked again."))
    return redirect("accidents:detail", accident=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def responsibility_include(request: HttpRequest, responsibility: int) -> HttpResponse:
    row = selectors.get_responsibility_for_user(request.user, responsibility)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = IncludeForm(request.POST)
    if not form.is_valid():
        _fail(request, form_problems(form))
    else:
        try:
            services.responsibility_set_included(
                actor=request.user,
                responsibility=row,
                included=form.cleaned_data["included"],
                reason=form.cleaned_data["reason"],
            )
        except services.AccidentError as exc:
            _fail(request, exc.problems)
        else:
            messages.success(request, _("Saved, with the reason, in the history."))
    return redirect("accidents:detail", accident=row.accident_id)


@login_required
@require_http_methods(["GET", "POST"])
def responsibility_add(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AddResponsibilityForm(request.POST)
    if not form.is_valid():
        _fail(request, form_problems(form))
    else:
        appointment = access.get_appointment_for_user(request.user, form.cleaned_data["appointment"])
        try:
            services.responsibility_add(
                actor=request.user, accident=found, appointment=appointment, reason=form.cleaned_data["reason"]
            )
        except services.AccidentError as exc:
            _fail(request, exc.problems)
        else:
            messages.success(request, _("The official is added, with the reason, in the history."))
    return redirect("accidents:detail", accident=found.pk)
