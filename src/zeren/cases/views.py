"""Pages of accountability cases, the public decisions and the dossier. Objects are loaded through
the access layer only (zeren.accounts.access, zeren.cases.selectors, zeren.accidents.selectors);
writes go through zeren.cases.services."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accidents import selectors as accident_selectors
from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.actions import flash, post_action, saved
from zeren.cases import selectors, services, workflow
from zeren.cases.documents import decision_docx, dossier_docx
from zeren.cases.dossier import dossier_for
from zeren.cases.duty_report import duty_record, duty_report_docx
from zeren.cases.filters import CaseFilter
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
from zeren.cases.labels import CIRCUMSTANCE_LABELS
from zeren.cases.models import Case, Subject
from zeren.cases.presentation import case_context, verdict_view
from zeren.cases.verdicts import evaluate, policy_of, previous_year
from zeren.listing import list_page
from zeren.problems import Conflict, Problems
from zeren.supervision import selectors as supervision_selectors

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


def _refused(request: HttpRequest, case: Case, problems: Problems, **extra: Any) -> HttpResponse:
    """The case page again: with the problems (400), or as the case is now after a conflict (409)."""
    if isinstance(problems, Conflict):
        assert isinstance(problems.current, Case)  # noqa: S101
        return _detail(request, problems.current, status=409, conflict=problems.message, **extra)
    return _detail(request, case, status=400, problems=problems.problems, **extra)


def _plain_id(raw: str) -> int | None:
    """A database id written in ASCII digits (at most 18, so it fits a bigint), else None. ``str.isdigit``
    is not enough: it accepts "²" and other digits ``int()`` refuses or reads differently."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


# ── lists and opening ──────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases in the user's scope, filtered (``zeren.cases.filters``), 30 to a page."""
    filterset = CaseFilter(request.GET, queryset=selectors.cases_for(request.user), user=request.user)
    return list_page(request, filterset, "cases/list.html", may_propose=workflow.may_propose(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.OFFICE)
    choices = [(j.code, j.name) for j in access.jurisdictions_for(request.user).only("code", "name", "path")]
    accident_pk = _plain_id(request.GET.get("accident") or request.POST.get("accident") or "")
    accident = accident_selectors.get_accident_for_user(request.user, accident_pk) if accident_pk else None
    initial: dict[str, Any] = {}
    if accident is not None:
        initial = {
            "accident": accident.pk,
            "jurisdiction": selectors.case_jurisdiction_for(request.user, accident).code,
            "title": _("Accountability for %(title)s") % {"title": accident.title},
            "facts_date": accident.occurred_on,
        }

    # A listed hazard whose rectification is poor (zeren.supervision) offered as the ground
    # listed_hazard_rectification_poor: the case opens with the listing's record as evidence.
    listing_pk = _plain_id(request.GET.get("listed_hazard") or request.POST.get("listed_hazard") or "")
    listing = supervision_selectors.get_listed_hazard_for_user(request.user, listing_pk) if listing_pk else None
    if listing is not None and accident is None:
        initial = {
            "jurisdiction": listing.jurisdiction.code,
            "title": _("Accountability for the listed major hazard %(title)s") % {"title": listing.title},
            "facts_date": listing.deadline,
            "proposal": services.listing_ground_text(listing),
        }
    own = getattr(request.user, "jurisdiction", None)
    offers = (
        list(supervision_selectors.poor_listed_hazards(own, today=timezone.localdate())[:20])
        if accident is None and listing is None and own is not None
        else []
    )

    def open_case(form: CaseOpenForm) -> Case:
        data = form.cleaned_data
        return services.case_open(
            actor=request.user,
            jurisdiction=access.get_jurisdiction_for_user(request.user, data["jurisdiction"]),
            title=data["title"],
            opened_by=data["opened_by"],
            proposal=data["proposal"],
            accident=accident,
            facts_date=data["facts_date"],
            listed_hazard=listing,
        )

    def show(form: CaseOpenForm, problems: Problems | None) -> HttpResponse:
        context = {
            "form": form,
            "problems": problems.problems if problems else [],
            "accident": accident,
            "listing": listing,
            "offers": offers,
            "ground_label": CIRCUMSTANCE_LABELS["listed_hazard_rectification_poor"],
        }
        return render(request, "cases/new.html", context)  # a form page answers 200, its problems listed

    return post_action(
        request,
        form=lambda data: CaseOpenForm(data, initial=initial, jurisdictions=choices),
        act=open_case,
        done=lambda case: saved(request, _("The case is opened."), "cases:detail", case=case.pk),
        show=show,
        form_on_get=True,
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, case: int) -> HttpResponse:
    return _detail(request, selectors.get_case_for_user(request.user, case))


# ── editing ────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)

    def update(form: CaseEditForm) -> None:
        code = form.cleaned_data["lead_body"]
        lead = access.get_body_for_user(request.user, code) if code else None
        services.case_update(actor=request.user, case=found, **form.arguments(lead_body=lead))

    def show(form: CaseEditForm, problems: Problems | None) -> HttpResponse:
        if isinstance(problems, Conflict):  # the form again on the current version, with what was entered
            assert isinstance(problems.current, Case)  # noqa: S101
            mine = request.POST.copy()
            mine["version"] = str(problems.current.version)
            again = _edit_form(request, problems.current, mine)
            return _refused(request, found, problems, edit_form=again, mine=form.cleaned_data)
        assert problems is not None  # noqa: S101
        return _refused(request, found, problems, edit_form=form)

    return post_action(
        request,
        form=lambda data: _edit_form(request, found, data),
        act=update,
        done=lambda _result: saved(request, _("Saved."), "cases:detail", case=found.pk),
        show=show,
    )


def _on_case(request: HttpRequest, case: Case, **extra: Any) -> Callable[[Any, Problems | None], HttpResponse]:
    """``show`` for an action of the case page: the page again with the problems or the conflict."""

    def show(_form: Any, problems: Problems | None) -> HttpResponse:
        assert problems is not None  # noqa: S101
        return _refused(request, case, problems, **extra)

    return show


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    return post_action(
        request,
        form=EvidenceForm,
        act=lambda form: services.evidence_add(actor=request.user, case=found, **form.arguments()),
        done=lambda _result: saved(request, _("Evidence added."), "cases:detail", case=found.pk),
        show=_on_case(request, found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject_add(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)

    def add(form: SubjectAddForm) -> Subject:
        appointment = access.get_appointment_for_user(request.user, form.cleaned_data["appointment"])
        return services.subject_add(actor=request.user, case=found, **form.arguments(appointment=appointment))

    return post_action(
        request,
        form=SubjectAddForm,
        act=add,
        done=lambda subject: saved(
            request, _("Official added: determine the responsibility."), "cases:subject", subject=subject.pk
        ),
        show=_on_case(request, found),
    )


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
    if request.method == "POST":
        workflow.require_edit(request.user, case, policy)

    def page(
        form: SubjectForm, *, status: int = 200, problems: Problems | None = None, preview: Any = None
    ) -> HttpResponse:
        conflict = problems.message if isinstance(problems, Conflict) else ""
        if isinstance(problems, Conflict):  # the form again on the current version, with what was entered
            assert isinstance(problems.current, Case)  # noqa: S101
            mine = request.POST.copy()
            mine["version"] = str(problems.current.version)
            form = _subject_form(found, mine)
            form.is_valid()
        found.refresh_from_db()
        context = {
            "subject": found,
            "case": found.case,
            "form": form,
            "may_edit": may_edit,
            "verdict": verdict_view(found.verdict, policy),
            "preview": preview,
            "problems": problems.problems if problems is not None and not conflict else [],
            "conflict": conflict,
            "policy": policy,
            "previous": previous_year(found),
            "listing_offers": list(supervision_selectors.poor_listed_hazards(case.jurisdiction)[:20])
            if may_edit
            else [],
            "listing_ground": CIRCUMSTANCE_LABELS["listed_hazard_rectification_poor"],
        }
        return render(request, "cases/subject.html", context, status=status)

    def determine(form: SubjectForm) -> tuple[SubjectForm, Any]:
        data = form.cleaned_data
        if request.POST.get("action") == "try":
            trial = Subject(
                case=case,
                person=found.person,
                post=found.post,
                status=data["status"],
                responsibility=data["responsibility"],
                circumstances=data["circumstances"],
                facts=form.facts(),
            )
            return form, verdict_view(evaluate(trial), policy)
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
        return form, None

    def done(result: tuple[SubjectForm, Any]) -> HttpResponse:
        form, preview = result
        if preview is not None:
            return page(form, preview=preview)
        return saved(request, _("Saved; the verdict is computed again."), "cases:subject", subject=found.pk)

    return post_action(
        request,
        form=lambda data: _subject_form(found, data),
        act=determine,
        done=done,
        show=lambda form, problems: page(form, status=problems.status if problems else 200, problems=problems),
        form_on_get=True,
    )


# ── steps ──────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)

    def step(form: StepForm) -> str:
        services.case_step(actor=request.user, case=found, **form.arguments())
        return str(workflow.STEPS[form.cleaned_data["step"]].label) + _(": done.")

    return post_action(
        request,
        form=StepForm,
        act=step,
        done=lambda message: saved(request, message, "cases:detail", case=found.pk),
        show=_on_case(request, found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)
    workflow.require_step(request.user, "decide", found, policy_of(found))

    def decide(form: DecisionForm) -> None:
        choices = {s.pk: chosen_measures(request.POST, f"s{s.pk}") for s in found.subjects.all()}
        reasons = {s.pk: no_measure_reason(request.POST, f"s{s.pk}") for s in found.subjects.all()}
        services.case_decide(actor=request.user, case=found, **form.arguments(choices=choices), reasons=reasons)

    return post_action(
        request,
        form=DecisionForm,
        act=decide,
        done=lambda _result: saved(
            request, _("Decided. The measures put their restrictions on each person."), "cases:detail", case=found.pk
        ),
        show=_on_case(request, found, decision_post=request.POST),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_file(request: HttpRequest, case: int) -> HttpResponse:
    found = selectors.get_case_for_user(request.user, case)

    def file(form: AppealForm) -> None:
        subject = selectors.get_subject_for_user(request.user, form.cleaned_data["subject"])
        services.appeal_file(actor=request.user, case=found, **form.arguments(subject=subject))

    return post_action(
        request,
        form=AppealForm,
        act=file,
        done=lambda _result: saved(
            request,
            _("The written appeal is filed. It does not suspend the execution of the decision."),
            "cases:detail",
            case=found.pk,
        ),
        show=_on_case(request, found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request: HttpRequest, appeal: int) -> HttpResponse:
    found = selectors.get_appeal_for_user(request.user, appeal)
    case = selectors.get_case_for_user(request.user, found.case_id)

    def decide(form: AppealDecisionForm) -> None:
        choices = chosen_measures(request.POST, f"a{found.pk}")
        services.appeal_decide(actor=request.user, case=case, **form.arguments(appeal=found, choices=choices))

    return post_action(
        request,
        form=AppealDecisionForm,
        act=decide,
        done=lambda _result: saved(request, _("The appeal is decided."), "cases:detail", case=case.pk),
        show=_on_case(request, case),
    )


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
    context = case_context(found, request.user, public=True)
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
@require_GET
def duty_report_document(request: HttpRequest, person: int) -> HttpResponse:
    """The 述职 annex of one year (常州 第十五条; 河北 第十六条第二款) for the organisation department."""
    access.require_role(request.user, *DOSSIER_ROLES)
    found = access.get_person_for_user(request.user, person)
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    try:
        year = int(raw) if raw else today.year - 1
    except ValueError:
        year = 0
    if not 1990 <= year <= today.year:
        return HttpResponse(
            _("“%(value)s” is not a year up to this one.") % {"value": raw}, status=400, content_type="text/plain"
        )
    body = duty_report_docx(duty_record(found, year), today=today)
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="duty-report-{found.pk}-{year}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def restriction_end(request: HttpRequest, restriction: int) -> HttpResponse:
    """The organisation department sets the end of an open-ended restriction, from the person page."""
    found = selectors.get_restriction_for_user(request.user, restriction)
    return post_action(
        request,
        form=RestrictionEndForm,
        act=lambda form: services.restriction_set_end(actor=request.user, restriction=found, **form.cleaned_data),
        done=lambda _result: saved(
            request, _("The end of the restriction is set."), "org:person", person_id=found.person_id
        ),
        show=lambda _form, problems: flash(request, problems, "org:person", person_id=found.person_id),
    )
