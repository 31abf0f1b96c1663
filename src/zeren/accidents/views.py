"""Pages of the accident register. Objects are loaded through the access layer only
(zeren.accounts.access and zeren.accidents.selectors); writes go through zeren.accidents.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accidents import selectors, services
from zeren.accidents.filters import AccidentFilter
from zeren.accidents.forms import (
    AccidentForm,
    AddResponsibilityForm,
    CasualtiesForm,
    IncludeForm,
    ReportForm,
)
from zeren.accidents.models import Accident, Grading
from zeren.accidents.presentation import accident_context
from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.actions import act_on, flash, form_input, post_action, saved
from zeren.listing import list_page
from zeren.problems import Problems


def _may_edit(request: HttpRequest) -> bool:
    return access.sees_everything(request.user) or getattr(request.user, "role", "") == Role.OFFICE


@login_required
@require_GET
def accident_list(request: HttpRequest) -> HttpResponse:
    """The register in the user's scope, filtered (``zeren.accidents.filters``), 30 to a page."""
    filterset = AccidentFilter(request.GET, queryset=selectors.accidents_for(request.user), user=request.user)
    return list_page(request, filterset, "accidents/list.html", may_edit=_may_edit(request))


@login_required
@require_http_methods(["GET", "POST"])
def accident_create(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.OFFICE)
    visible = list(access.jurisdictions_for(request.user).only("code", "name", "path"))
    choices = [(j.code, j.name) for j in visible]

    def register(form: AccidentForm) -> Accident:
        jurisdiction = access.get_jurisdiction_for_user(request.user, form.cleaned_data["jurisdiction"])
        data = form_input(services.AccidentInput, form, jurisdiction=jurisdiction, reports=form.reports())
        return services.accident_create(actor=request.user, data=data)

    def show(form: AccidentForm, problems: Problems | None) -> HttpResponse:
        sectors = sorted(
            {s for row in access.posts_for(request.user).values_list("sectors", flat=True) for s in (row or [])}
        )
        context = {"form": form, "problems": problems.problems if problems else [], "sectors": sectors}
        return render(request, "accidents/new.html", context)  # a form page answers 200, its problems listed

    return post_action(
        request,
        form=lambda data: AccidentForm(data, jurisdictions=choices),
        act=register,
        done=lambda new: saved(request, _("The accident is registered."), "accidents:detail", accident=new.pk),
        show=show,
        form_on_get=True,
    )


@login_required
@require_GET
def accident_detail(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    context = accident_context(found, request.user)
    context["may_edit"] = _may_edit(request)
    if context["may_edit"]:
        context["addable"] = list(selectors.appointments_on(found.jurisdiction, found.occurred_on)[:300])
    return render(request, "accidents/detail.html", context)


def _on_accident(request: HttpRequest, accident_pk: int) -> Callable[[Any, Problems | None], HttpResponse]:
    """``show`` for an action of the accident page: the problems as messages on the page."""
    return lambda _form, problems: flash(request, problems, "accidents:detail", accident=accident_pk)


def _graded(request: HttpRequest, grading: Grading) -> HttpResponse:
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
    return redirect("accidents:detail", accident=grading.accident_id)


@login_required
@require_http_methods(["GET", "POST"])
def accident_casualties(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    return post_action(
        request,
        form=CasualtiesForm,
        act=lambda form: services.accident_update_casualties(actor=request.user, accident=found, **form.cleaned_data),
        done=lambda grading: _graded(request, grading),
        show=_on_accident(request, found.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def accident_report(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)
    message = _("The report time is saved and the timeliness checked again.")
    show = _on_accident(request, found.pk)
    service = services.accident_set_report
    return act_on(request, ReportForm, service, message=message, to="accidents:detail", show=show, accident=found)


@login_required
@require_http_methods(["GET", "POST"])
def responsibility_include(request: HttpRequest, responsibility: int) -> HttpResponse:
    row = selectors.get_responsibility_for_user(request.user, responsibility)
    return post_action(
        request,
        form=IncludeForm,
        act=lambda form: services.responsibility_set_included(
            actor=request.user,
            responsibility=row,
            included=form.cleaned_data["included"],
            reason=form.cleaned_data["reason"],
        ),
        done=lambda _result: saved(
            request, _("Saved, with the reason, in the history."), "accidents:detail", accident=row.accident_id
        ),
        show=_on_accident(request, row.accident_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def responsibility_add(request: HttpRequest, accident: int) -> HttpResponse:
    found = selectors.get_accident_for_user(request.user, accident)

    def add(form: AddResponsibilityForm) -> None:
        appointment = access.get_appointment_for_user(request.user, form.cleaned_data["appointment"])
        services.responsibility_add(
            actor=request.user, accident=found, appointment=appointment, reason=form.cleaned_data["reason"]
        )

    return post_action(
        request,
        form=AddResponsibilityForm,
        act=add,
        done=lambda _result: saved(
            request, _("The official is added, with the reason, in the history."), "accidents:detail",
            accident=found.pk,
        ),
        show=_on_accident(request, found.pk),
    )
