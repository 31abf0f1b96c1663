"""Pages of accountability cases, the public decisions and the dossier. Objects are loaded through
the access layer only (zeren.accounts.access, zeren.cases.selectors, zeren.accidents.selectors);
writes go through zeren.cases.services."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accidents import selectors as accident_selectors
from zeren.accidents.forms import form_problems
from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.cases import selectors, services, workflow
from zeren.cases.documents import decision_docx, dossier_docx
from zeren.cases.dossier import dossier_for
from zeren.cases.forms import (
    AppealDecisionForm,
    AppealForm,
    CaseEditForm,
    CaseOpenForm,
    DecisionForm,
    EvidenceForm,
    RestrictionEndForm,
    StepForm,
    SubjectAddForm,
    SubjectForm,
    chosen_measures,
    no_measure_reason,
)
from zeren.cases.models import Case, Subject
from zeren.cases.presentation import case_context, verdict_view
from zeren.cases.verdicts import VerdictError, evaluate, policy_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bodies(request: HttpRequest, case: Case) -> list[tuple[str, str]]:
    return [
        (b.code, b.name)
        for b in access.bodies_for(request.user).filter(jurisdiction__path__startswith=case.jurisdiction.path)
    ]


def _edit_form(request: HttpRequest, case: Case, data: Any = None) -> CaseEditForm:
    initial = {
        "version": case.version,
        "title": case.title,
        "lead_body": case.lead_body.code if case.lead_body else "",
        "proposal": case.proposal,
        "investigation_notes": case.investigation_notes,
    }
    return CaseEditForm(data, initial=initial, bodies=_bodies(request, case))


def _detail(request: HttpRequest, case: Case, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = case_context(case, request.user)
    context.setdefault("edit_form", _edit_form(request, case))
    context["addable"] = (
        list(accident_selectors.appointments_on(case.jurisdiction, case.facts_date)[:300])
        if context["may_edit"]
        else []
    )
    context["today"] = timezone.localdate()
    context.update(extra)
    return render(request, "cases/detail.html", context, status=status)


def _conflict(request: HttpRequest, conflict: services.CaseConflict, **extra: Any) -> HttpResponse:
    return _detail(request, conflict.current, status=409, conflict=conflict.message(), **extra)


# ── lists and opening ──────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    found = selectors.cases_for(request.user)
    state = request.GET.get("state", "")
    if state:
        found = found.filter(state=state)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request, "cases/list.html", {"page": page, "may_propose": workflow.may_propose(request.user), "state": state}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.OFFICE)
    choices = [(j.code, j.name) for j in access.jurisdictions_for(request.user).only("code", "name", "path")]
    accident_pk = request.GET.get("accident") or request.POST.get("accident")
    accident = (
        accident_selectors.get_accident_for_user(request.user, int(accident_pk))
        if accident_pk and str(accident_pk).isdigit()
        else None
    )
    initial: dict[str, Any] = {}
    if accident is not None:
        initial = {
            "accident": accident.pk,
            "jurisdiction": accident.jurisdiction.code,
            "title": _("Accountability for %(title)s") % {"title": accident.title},
            "facts_date": accident.occurred_on,
        }
    form = CaseOpenForm(request.POST or None, initial=initial, jurisdictions=choices)
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_open(
                    actor=request.user,
                    jurisdiction=access.get_jurisdiction_for_user(request.user, data["jurisdiction"]),
                    title=data["title"],
                    opened_by=data["opened_by"],
                    proposal=data["proposal"],
                    accident=accident,
                    facts_date=data["facts_date"],
                )
            except services.CaseError as exc:
                problems = exc.problems
            else:
                messages.success(request, _("The case is opened."))
                return redirect("cases:detail", case=case.pk)
        else:
            problems = form_problems(form)
    return render(request, "cases/new.html", {"form": form, "problems": problems, "accident": accident})


@login_required
@require_GET
def case_detail(request: HttpRequest, case: int) -> HttpResponse:
    return _detail(request, selectors.get_case_for_user(request.user, case))


# ── editing ────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = _edit_form(request, found, request.POST)
    if not form.is_valid():
        return _detail(request, found, status=400, edit_form=form, problems=form_problems(form))
    data = form.cleaned_data
    lead = access.get_body_for_user(request.user, data["lead_body"]) if data["lead_body"] else None
    try:
        services.case_update(
            actor=request.user,
            case=found,
            expected_version=data["version"],
            title=data["title"],
            proposal=data["proposal"],
            investigation_notes=data["investigation_notes"],
            lead_body=lead,
        )
    except services.CaseConflict as conflict:
        mine = request.POST.copy()
        mine["version"] = str(conflict.current.version)
        return _conflict(request, conflict, edit_form=_edit_form(request, conflict.current, mine), mine=data)
    except services.CaseError as exc:
        return _detail(request, found, status=400, edit_form=form, problems=exc.problems)
    messages.success(request, _("Saved."))
    return redirect("cases:detail", case=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, status=400, problems=form_problems(form))
    data = form.cleaned_data
    try:
        services.evidence_add(
            actor=request.user,
            case=found,
            expected_version=data["version"],
            title=data["title"],
            source=data["source"],
            received_on=data["received_on"],
            description=data["description"],
        )
    except services.CaseConflict as conflict:
        return _conflict(request, conflict)
    except services.CaseError as exc:
        return _detail(request, found, status=400, problems=exc.problems)
    messages.success(request, _("Evidence added."))
    return redirect("cases:detail", case=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def subject_add(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SubjectAddForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, status=400, problems=form_problems(form))
    appointment = access.get_appointment_for_user(request.user, form.cleaned_data["appointment"])
    try:
        subject = services.subject_add(
            actor=request.user, case=found, expected_version=form.cleaned_data["version"], appointment=appointment
        )
    except services.CaseConflict as conflict:
        return _conflict(request, conflict)
    except services.CaseError as exc:
        return _detail(request, found, status=400, problems=exc.problems)
    messages.success(request, _("Official added: determine the responsibility."))
    return redirect("cases:subject", subject=subject.pk)


def _subject_form(subject: Subject, data: Any = None) -> SubjectForm:
    facts = subject.facts or {}
    initial = {
        "version": subject.case.version,
        "status": subject.status,
        "responsibility": subject.responsibility,
        "circumstances": subject.circumstances,
        "previous_year_assessment": facts.get("previous_year_assessment") or "",
        "grounds_text": subject.grounds_text,
        **{k: bool(v) for k, v in facts.items() if k != "previous_year_assessment"},
    }
    return SubjectForm(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def subject_detail(request: HttpRequest, subject: int) -> HttpResponse:
    """One official on a case: the determination form beside the engine's verdict. "Try" shows the
    verdict for the form's facts without saving; "Save" stores them and the verdict."""
    found = selectors.get_subject_for_user(request.user, subject)
    case = found.case
    policy = policy_of(case)
    may_edit = workflow.may_edit(request.user, case, policy)
    status = 200
    problems: list[str] = []
    conflict = ""
    preview = None
    form = _subject_form(found)
    if request.method == "POST":
        workflow.require_edit(request.user, case, policy)
        form = _subject_form(found, request.POST)
        if not form.is_valid():
            problems, status = form_problems(form), 400
        elif request.POST.get("action") == "try":
            trial = Subject(
                case=case,
                person=found.person,
                post=found.post,
                status=form.cleaned_data["status"],
                responsibility=form.cleaned_data["responsibility"],
                circumstances=form.cleaned_data["circumstances"],
                facts=form.facts(),
            )
            try:
                preview = verdict_view(evaluate(trial), policy)
            except VerdictError as exc:
                problems, status = exc.problems, 400
        else:
            data = form.cleaned_data
            try:
                services.subject_update(
                    actor=request.user,
                    case=case,
                    expected_version=data["version"],
                    subject=found,
                    status=data["status"],
                    responsibility=data["responsibility"],
                    circumstances=data["circumstances"],
                    facts=form.facts(),
                    grounds_text=data["grounds_text"],
                )
            except services.CaseConflict as exc:
                conflict, status = exc.message(), 409
                mine = request.POST.copy()
                mine["version"] = str(exc.current.version)
                form = _subject_form(found, mine)
                form.is_valid()
            except services.CaseError as exc:
                problems, status = exc.problems, 400
            else:
                messages.success(request, _("Saved; the verdict is computed again."))
                return redirect("cases:subject", subject=found.pk)
    found.refresh_from_db()
    return render(
        request,
        "cases/subject.html",
        {
            "subject": found,
            "case": found.case,
            "form": form,
            "may_edit": may_edit,
            "verdict": verdict_view(found.verdict, policy),
            "preview": preview,
            "problems": problems,
            "conflict": conflict,
            "policy": policy,
        },
        status=status,
    )


# ── steps ──────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StepForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, status=400, problems=form_problems(form))
    try:
        services.case_step(
            actor=request.user,
            case=found,
            expected_version=form.cleaned_data["version"],
            step=form.cleaned_data["step"],
            note=form.cleaned_data["note"],
            on=form.cleaned_data["on"],
        )
    except services.CaseConflict as conflict:
        return _conflict(request, conflict)
    except services.CaseError as exc:
        return _detail(request, found, status=400, problems=exc.problems)
    messages.success(request, str(workflow.STEPS[form.cleaned_data["step"]].label) + _(": done."))
    return redirect("cases:detail", case=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    workflow.require_step(request.user, "decide", found, policy_of(found))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, status=400, problems=form_problems(form), decision_post=request.POST)
    choices = {s.pk: chosen_measures(request.POST, f"s{s.pk}") for s in found.subjects.all()}
    reasons = {s.pk: no_measure_reason(request.POST, f"s{s.pk}") for s in found.subjects.all()}
    data = form.cleaned_data
    try:
        services.case_decide(
            actor=request.user,
            case=found,
            expected_version=data["version"],
            decided_on=data["decided_on"],
            deciding_body=data["deciding_body"],
            decision_number=data["decision_number"],
            decision_text=data["decision_text"],
            choices=choices,
            reasons=reasons,
        )
    except services.CaseConflict as conflict:
        return _conflict(request, conflict, decision_post=request.POST)
    except services.CaseError as exc:
        return _detail(request, found, status=400, problems=exc.problems, decision_post=request.POST)
    messages.success(request, _("Decided. The measures put their restrictions on each person."))
    return redirect("cases:detail", case=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_file(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AppealForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, status=400, problems=form_problems(form))
    subject = selectors.get_subject_for_user(request.user, form.cleaned_data["subject"])
    try:
        services.appeal_file(
            actor=request.user,
            case=found,
            expected_version=form.cleaned_data["version"],
            subject=subject,
            filed_on=form.cleaned_data["filed_on"],
            grounds=form.cleaned_data["grounds"],
        )
    except services.CaseConflict as conflict:
        return _conflict(request, conflict)
    except services.CaseError as exc:
        return _detail(request, found, status=400, problems=exc.problems)
    messages.success(request, _("The written appeal is filed. It does not suspend the execution of the decision."))
    return redirect("cases:detail", case=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request: HttpRequest, appeal: int) -> HttpResponse:
    found = selectors.get_appeal_for_user(request.user, appeal)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case = selectors.get_case_for_user(request.user, found.case_id)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, status=400, problems=form_problems(form))
    try:
        services.appeal_decide(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            appeal=found,
            outcome=form.cleaned_data["outcome"],
            outcome_on=form.cleaned_data["outcome_on"],
            outcome_text=form.cleaned_data["outcome_text"],
            choices=chosen_measures(request.POST, f"a{found.pk}"),
        )
    except services.CaseConflict as conflict:
        return _conflict(request, conflict)
    except services.CaseError as exc:
        return _detail(request, case, status=400, problems=exc.problems)
    messages.success(request, _("The appeal is decided."))
    return redirect("cases:detail", case=case.pk)


@login_required
@require_GET
def decision_document(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    if found.decided_on is None:
        return _detail(request, found, status=400, problems=[_("There is no decision yet.")])
    response = HttpResponse(decision_docx(found), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="decision-{found.pk}.docx"'
    return response


# ── the public ─────────────────────────────────────────────────────────────────────────────────


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_cases().order_by("-published_on", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "cases/public_list.html", {"page": page})


@require_GET
def public_detail(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_published_case(case)
    context = case_context(found, request.user)
    return render(request, "cases/public_detail.html", context)


# ── the dossier ────────────────────────────────────────────────────────────────────────────────

DOSSIER_ROLES = (Role.ORGANISATION, Role.DISCIPLINE)


def _on(request: HttpRequest) -> tuple[datetime.date, list[str]]:
    raw = request.GET.get("on", "")
    if not raw:
        return timezone.localdate(), []
    try:
        return datetime.date.fromisoformat(raw), []
    except ValueError:
        return timezone.localdate(), [_("“%(value)s” is not a date (use YYYY-MM-DD); showing today.") % {"value": raw}]


@login_required
@require_GET
def dossier_search(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, *DOSSIER_ROLES)
    query = request.GET.get("q", "").strip()
    people = access.people_for(request.user)
    found = list(people.filter(name__contains=query)[:50]) if query else []
    on, problems = _on(request)
    return render(
        request, "cases/dossier_search.html", {"query": query, "people": found, "on": on, "problems": problems}
    )


@login_required
@require_GET
def dossier(request: HttpRequest, person: int) -> HttpResponse:
    access.require_role(request.user, *DOSSIER_ROLES)
    found = access.get_person_for_user(request.user, person)
    on, problems = _on(request)
    return render(request, "cases/dossier.html", {"d": dossier_for(found, on), "problems": problems})


@login_required
@require_GET
def dossier_document(request: HttpRequest, person: int) -> HttpResponse:
    access.require_role(request.user, *DOSSIER_ROLES)
    found = access.get_person_for_user(request.user, person)
    on, _problems = _on(request)
    response = HttpResponse(dossier_docx(dossier_for(found, on)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="dossier-{found.pk}-{on.isoformat()}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def restriction_end(request: HttpRequest, restriction: int) -> HttpResponse:
    """The organisation department sets the end of an open-ended restriction, from the person page."""
    found = selectors.get_restriction_for_user(request.user, restriction)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RestrictionEndForm(request.POST)
    if form.is_valid():
        try:
            services.restriction_set_end(actor=request.user, restriction=found, **form.cleaned_data)
        except services.CaseError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("The end of the restriction is set."))
            return redirect("org:person", person_id=found.person_id)
    else:
        problems = form_problems(form)
    for problem in problems:
        messages.error(request, problem)
    return redirect("org:person", person_id=found.person_id)
