"""Pages of inspection tours and rectification: the rounds, a round with its group and tours, a tour
with its findings and documents, the tour cycle, a rectification plan, an item, the findings and
items lists (.xlsx).

Objects are loaded through zeren.tours.selectors (the access layer) first — 404/403 before anything
else, whatever the method; every change goes through zeren.actions.post_action and a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from zeren import evidence as evidence_files
from zeren.accounts import access
from zeren.accounts.models import User
from zeren.actions import form_input, post_action, saved, versioned
from zeren.audit.labels import actor_label
from zeren.audit.services import history
from zeren.listing import SeekPage, bounded_count, filtered, query_without
from zeren.org.models import Body, BodyKind, Jurisdiction, Person
from zeren.problems import Problems
from zeren.tours import cycle as cycles
from zeren.tours import forms, selectors, services
from zeren.tours.documents import feedback_docx, notice_docx
from zeren.tours.exports import items_workbook
from zeren.tours.filters import FindingFilter, ItemFilter
from zeren.tours.models import ItemStatus, RectificationItem, RectificationPlan, Tour, TourPlan, TourStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _people(user: User) -> QuerySet[Person]:
    return access.people_for(user).order_by("jurisdiction__path", "name")


ACTION_LABELS = {
    "tours.plan_create": _lazy("Round planned"),
    "tours.member_add": _lazy("Group member added"),
    "tours.tour_add": _lazy("Tour planned"),
    "tours.tour_record": _lazy("Methods and documents recorded"),
    "tours.finding_add": _lazy("Finding recorded"),
    "tours.feedback_issue": _lazy("Feedback given"),
    "tours.rectification_plan_create": _lazy("Rectification plan submitted"),
    "tours.item_add": _lazy("Item added"),
    "tours.progress_report": _lazy("Progress reported"),
    "tours.item_close": _lazy("Signed off"),
    "tours.item_return": _lazy("Sent back"),
    "tours.item_reopen": _lazy("Reopened by the follow-up check"),
    "tours.item_escalate": _lazy("Escalated one level up"),
    "tours.follow_up_check": _lazy("Follow-up check"),
}


def _events(obj: Any) -> list[dict[str, Any]]:
    return [
        {"at": e.at, "who": actor_label(e), "what": ACTION_LABELS.get(e.action, _("Changed"))}
        for e in history(obj)
    ]


def _problems(problems: Problems | None) -> list[str]:
    return problems.problems if problems is not None else []


# Rounds ------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    plans = Paginator(selectors.tour_plans_for(user), PAGE).get_page(request.GET.get("page"))
    return render(request, "tours/index.html", {"plans": plans, "may_plan": selectors.may_plan_tours(user)})


def _organisers(user: User) -> QuerySet[Jurisdiction]:
    """The jurisdictions the user's office may tour from: its own and those directly below it."""
    seen = access.jurisdictions_for(user)
    if access.sees_everything(user):
        return seen.order_by("path")
    own = user.jurisdiction_id
    return seen.filter(Q(pk=own) | Q(parent_id=own)).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.may_plan_tours(user):
        raise PermissionDenied
    organisers = _organisers(user)

    def show(form: forms.PlanForm, problems: Problems | None) -> HttpResponse:
        return render(
            request,
            "tours/plan_new.html",
            {"form": form, "problems": _problems(problems)},
            status=problems.status if problems is not None else 200,
        )

    return post_action(
        request,
        form=lambda data: forms.PlanForm(data, organisers=organisers),
        act=lambda form: services.tour_plan_create(actor=user, **form.cleaned_data),
        done=lambda plan: saved(request, _("The round is planned."), "tours:plan", tour_plan_id=plan.pk),
        show=show,
        form_on_get=True,
    )


def _bodies_below(user: User, plan: TourPlan) -> QuerySet[Body]:
    """河北 第十四条: the departments of the touring level, the party committees and governments below."""
    return (
        access.bodies_for(user)
        .filter(
            Q(jurisdiction=plan.organiser, kind=BodyKind.DEPARTMENT)
            | Q(jurisdiction__parent=plan.organiser, kind__in=[BodyKind.PARTY_COMMITTEE, BodyKind.GOVERNMENT])
        )
        .order_by("jurisdiction__path", "kind", "code")
    )


def _plan_page(
    request: HttpRequest,
    plan: TourPlan,
    *,
    member_form: forms.MemberForm | None = None,
    tour_form: forms.TourForm | None = None,
    problems: Problems | None = None,
) -> HttpResponse:
    user = _user(request)
    manage = selectors.may_manage_plan(user, plan)
    context: dict[str, Any] = {
        "plan": plan,
        "members": plan.members.select_related("person__jurisdiction"),
        "tours": selectors.tours_for(user).filter(plan=plan),
        "may_manage": manage,
        "problems": _problems(problems),
    }
    if manage:
        context["member_form"] = member_form or forms.MemberForm(
            initial={"version": plan.version}, people=_people(user)
        )
        context["tour_form"] = tour_form or forms.TourForm(
            initial={"version": plan.version, "start": plan.start, "end": plan.end}, targets=_bodies_below(user, plan)
        )
    return render(request, "tours/plan.html", context, status=problems.status if problems is not None else 200)


@login_required
@require_GET
def plan_detail(request: HttpRequest, tour_plan_id: int) -> HttpResponse:
    return _plan_page(request, selectors.get_tour_plan_for_user(_user(request), tour_plan_id))


def _manage(user: User, plan: TourPlan) -> None:
    if not selectors.may_manage_plan(user, plan):
        raise PermissionDenied


@login_required
def member_add(request: HttpRequest, tour_plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_tour_plan_for_user(user, tour_plan_id)
    _manage(user, plan)
    return post_action(
        request,
        form=lambda data: forms.MemberForm(data, people=_people(user)),
        act=lambda form: services.group_member_add(actor=user, plan=plan, **versioned(form)),
        done=lambda _m: saved(request, _("Added to the group."), "tours:plan", tour_plan_id=plan.pk),
        show=lambda form, problems: _plan_page(request, plan, member_form=form, problems=problems),
    )


@login_required
def tour_add(request: HttpRequest, tour_plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_tour_plan_for_user(user, tour_plan_id)
    _manage(user, plan)
    return post_action(
        request,
        form=lambda data: forms.TourForm(data, targets=_bodies_below(user, plan)),
        act=lambda form: services.tour_add(actor=user, plan=plan, **versioned(form)),
        done=lambda tour: saved(request, _("The tour is planned."), "tours:tour", tour_id=tour.pk),
        show=lambda form, problems: _plan_page(request, plan, tour_form=form, problems=problems),
    )


# A tour ------------------------------------------------------------------------------------


def _tour_page(request: HttpRequest, tour: Tour, *, problems: Problems | None = None, **forms_: Any) -> HttpResponse:
    user = _user(request)
    manage = selectors.may_manage_plan(user, tour.plan)
    plan = selectors.rectification_plans_for(user).filter(tour=tour).first()
    findings = selectors.tour_findings_for(user).filter(tour=tour).prefetch_related("files").order_by("number")
    context: dict[str, Any] = {
        "tour": tour,
        "findings": findings,
        "may_manage": manage,
        "may_rectify": selectors.may_rectify(user, tour.jurisdiction),
        "rectification": plan,
        "problems": _problems(problems),
        "events": _events(tour),
    }
    if manage and tour.status == TourStatus.PLANNED:
        context["record_form"] = forms_.get("record_form") or forms.TourRecordForm(
            initial={"version": tour.version, "methods": tour.methods, "documents_seen": tour.documents_seen}
        )
        context["finding_form"] = forms_.get("finding_form") or _finding_form(user, tour, None, None)
        context["feedback_form"] = forms_.get("feedback_form") or forms.FeedbackForm(
            initial={"version": tour.version, "feedback_on": tour.end}
        )
    if context["may_rectify"] and plan is None and tour.status == TourStatus.FEEDBACK:
        context["plan_form"] = forms_.get("plan_form") or forms.RectificationPlanForm(
            initial={
                "title": _("Rectification plan after the inspection tour of %(body)s") % {"body": tour.target.name},
                "submitted_on": timezone.localdate(),
            }
        )
    return render(request, "tours/tour.html", context, status=problems.status if problems is not None else 200)


def _finding_form(user: User, tour: Tour, data: Any, files: Any) -> forms.FindingForm:
    _policy, articles = services.article_choices(tour.jurisdiction, tour.start)
    bodies = (
        access.bodies_for(user)
        .filter(jurisdiction__path__startswith=tour.jurisdiction.path)
        .order_by("jurisdiction__path", "kind", "code")
    )
    return forms.FindingForm(
        data,
        files,
        articles=articles,
        bodies=bodies,
        people=_people(user),
        initial=None if data is not None else {"found_on": tour.start},
    )


@login_required
@require_GET
def tour_detail(request: HttpRequest, tour_id: int) -> HttpResponse:
    return _tour_page(request, selectors.get_tour_for_user(_user(request), tour_id))


@login_required
def tour_record(request: HttpRequest, tour_id: int) -> HttpResponse:
    user = _user(request)
    tour = selectors.get_tour_for_user(user, tour_id)
    _manage(user, tour.plan)
    return post_action(
        request,
        form=forms.TourRecordForm,
        act=lambda form: services.tour_record(actor=user, tour=tour, **versioned(form)),
        done=lambda _t: saved(request, _("Saved."), "tours:tour", tour_id=tour.pk),
        show=lambda form, problems: _tour_page(request, tour, record_form=form, problems=problems),
    )


@login_required
def finding_add(request: HttpRequest, tour_id: int) -> HttpResponse:
    user = _user(request)
    tour = selectors.get_tour_for_user(user, tour_id)
    _manage(user, tour.plan)

    def act(form: forms.FindingForm) -> Any:
        d = form.cleaned_data
        return services.finding_add(
            actor=user,
            tour=tour,
            files=d["evidence"],
            data=form_input(services.FindingInput, form),
        )

    return post_action(
        request,
        form=lambda data: _finding_form(user, tour, data, request.FILES if data is not None else None),
        act=act,
        done=lambda f: saved(request, _("Finding %(n)s recorded.") % {"n": f.number}, "tours:tour", tour_id=tour.pk),
        show=lambda form, problems: _tour_page(request, tour, finding_form=form, problems=problems),
    )


@login_required
def feedback(request: HttpRequest, tour_id: int) -> HttpResponse:
    user = _user(request)
    tour = selectors.get_tour_for_user(user, tour_id)
    _manage(user, tour.plan)
    return post_action(
        request,
        form=forms.FeedbackForm,
        act=lambda form: services.feedback_issue(actor=user, tour=tour, **versioned(form)),
        done=lambda _t: saved(
            request, _("The feedback is given; the documents can be downloaded."), "tours:tour", tour_id=tour.pk
        ),
        show=lambda form, problems: _tour_page(request, tour, feedback_form=form, problems=problems),
    )


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def feedback_document(request: HttpRequest, tour_id: int) -> HttpResponse:
    tour = selectors.get_tour_for_user(_user(request), tour_id)
    if tour.status != TourStatus.FEEDBACK:
        raise Http404
    return _docx(feedback_docx(tour), f"tour-{tour.pk}-feedback.docx")


@login_required
@require_GET
def notice_document(request: HttpRequest, tour_id: int) -> HttpResponse:
    user = _user(request)
    tour = selectors.get_tour_for_user(user, tour_id)
    _manage(user, tour.plan)  # the 通报 goes from the touring level to its organisation department
    if tour.status != TourStatus.FEEDBACK:
        raise Http404
    return _docx(notice_docx(tour), f"tour-{tour.pk}-notice.docx")


@login_required
@require_GET
def attachment(request: HttpRequest, tour_file_id: int) -> FileResponse:
    """An evidence file, served as the records' evidence is: images inline, everything else a download,
    sandboxed and not sniffed."""
    return evidence_files.serve(selectors.get_attachment_for_user(_user(request), tour_file_id))


@login_required
def rectification_new(request: HttpRequest, tour_id: int) -> HttpResponse:
    user = _user(request)
    tour = selectors.get_tour_for_user(user, tour_id)
    if not selectors.may_rectify(user, tour.jurisdiction):
        raise PermissionDenied
    return post_action(
        request,
        form=forms.RectificationPlanForm,
        act=lambda form: services.rectification_plan_create(
            actor=user, jurisdiction=tour.jurisdiction, tour=tour, **form.cleaned_data
        ),
        done=lambda plan: saved(
            request,
            _("The rectification plan is submitted; add its items."),
            "tours:rectification",
            rectification_id=plan.pk,
        ),
        show=lambda form, problems: _tour_page(request, tour, plan_form=form, problems=problems),
    )


# The cycle ---------------------------------------------------------------------------------


@login_required
@require_GET
def cycle_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.jurisdiction is not None:
        return redirect("tours:cycle", code=user.jurisdiction.code)
    root = access.jurisdictions_for(user).filter(parent__isnull=True).order_by("path").first()
    if root is None:
        raise PermissionDenied
    return redirect("tours:cycle", code=root.code)


@login_required
@require_GET
def cycle(request: HttpRequest, code: str) -> HttpResponse:
    """Who is due or overdue for a tour of ``code`` under the pack's cycle (河北 第十四条)."""
    node = access.get_jurisdiction_for_user(_user(request), code)
    found = cycles.tour_cycle(node, timezone.localdate())
    cites = []
    if found.policy is not None:
        tours = [p for p in found.policy.provisions if p.kind == "inspection_tour"]
        cites = [found.policy.cite(c) for p in tours for c in p.cites]
    return render(
        request,
        "tours/cycle.html",
        {
            "node": node,
            "found": found,
            "cites": cites,
            "due": found.of("due", "overdue"),
            "covered": found.of("covered"),
            "no_cycle": found.of("no_cycle"),
            "not_in_cycle": found.of("not_in_cycle"),
        },
    )


# Rectification -----------------------------------------------------------------------------


def _rect_page(
    request: HttpRequest, plan: RectificationPlan, *, problems: Problems | None = None, **forms_: Any
) -> HttpResponse:
    user = _user(request)
    items = selectors.rectification_items_for(user).filter(plan=plan).order_by("number")
    rectify = selectors.may_rectify(user, plan.jurisdiction)
    oversee = selectors.may_oversee(user, plan)
    context: dict[str, Any] = {
        "plan": plan,
        "items": items,
        "may_rectify": rectify,
        "may_oversee": oversee,
        "today": timezone.localdate(),
        "follow_ups": plan.follow_ups.prefetch_related("reopened_items"),
        "overseer": selectors.overseer_of(plan),
        "problems": _problems(problems),
        "events": _events(plan),
    }
    if rectify:
        context["item_form"] = forms_.get("item_form") or _item_form(user, plan, None)
    if oversee:
        context["follow_up_form"] = forms_.get("follow_up_form") or forms.FollowUpForm(
            closed=items.filter(status=ItemStatus.CLOSED), initial={"checked_on": timezone.localdate()}
        )
    return render(request, "tours/rectification.html", context, status=problems.status if problems is not None else 200)


def _item_form(user: User, plan: RectificationPlan, data: Any) -> forms.ItemForm:
    findings = (
        selectors.tour_findings_for(user).filter(tour=plan.tour)
        if plan.tour_id
        else (selectors.tour_findings_for(user).none())
    )
    bodies = (
        access.bodies_for(user)
        .filter(jurisdiction__path__startswith=plan.jurisdiction.path)
        .order_by("jurisdiction__path", "kind", "code")
    )
    return forms.ItemForm(
        data,
        findings=findings.order_by("number"),
        bodies=bodies,
        people=_people(user),
        initial=None if data is not None else {"version": plan.version},
    )


@login_required
@require_GET
def rectification_detail(request: HttpRequest, rectification_id: int) -> HttpResponse:
    return _rect_page(request, selectors.get_rectification_plan_for_user(_user(request), rectification_id))


@login_required
def item_add(request: HttpRequest, rectification_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_rectification_plan_for_user(user, rectification_id)
    if not selectors.may_rectify(user, plan.jurisdiction):
        raise PermissionDenied

    return post_action(
        request,
        form=lambda data: _item_form(user, plan, data),
        act=lambda form: services.rectification_item_add(
            actor=user,
            plan=plan,
            expected_version=form.cleaned_data["version"],
            data=form_input(services.ItemInput, form),
        ),
        done=lambda item: saved(
            request, _("Item %(n)s added.") % {"n": item.number}, "tours:rectification", rectification_id=plan.pk
        ),
        show=lambda form, problems: _rect_page(request, plan, item_form=form, problems=problems),
    )


@login_required
def follow_up(request: HttpRequest, rectification_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_rectification_plan_for_user(user, rectification_id)
    if not selectors.may_oversee(user, plan):
        raise PermissionDenied
    closed = selectors.rectification_items_for(user).filter(plan=plan, status=ItemStatus.CLOSED)
    return post_action(
        request,
        form=lambda data: forms.FollowUpForm(data, closed=closed),
        act=lambda form: services.follow_up_check(actor=user, plan=plan, **form.cleaned_data),
        done=lambda check: saved(
            request,
            _("The follow-up check is recorded; %(n)s items reopened.") % {"n": check.reopened_items.count()},
            "tours:rectification",
            rectification_id=plan.pk,
        ),
        show=lambda form, problems: _rect_page(request, plan, follow_up_form=form, problems=problems),
    )


def _item_page(
    request: HttpRequest, item: RectificationItem, *, problems: Problems | None = None, **forms_: Any
) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    rectify = selectors.may_rectify(user, item.jurisdiction) and item.status != ItemStatus.CLOSED
    oversee = selectors.may_oversee(user, item.plan) and item.status == ItemStatus.REPORTED
    context: dict[str, Any] = {
        "item": item,
        "reports": item.reports.prefetch_related("files").select_related("created_by"),
        "overdue": selectors.is_overdue(item, today),
        "problems": _problems(problems),
        "events": _events(item),
        "overseer": selectors.overseer_of(item.plan),
    }
    if rectify:
        context["report_form"] = forms_.get("report_form") or forms.ReportForm(
            initial={"version": item.version, "reported_on": today}
        )
    if item.status == ItemStatus.REPORTED and (
        oversee or item.rectifier_id == user.pk or selectors.may_rectify(user, item.jurisdiction)
    ):
        context["close_form"] = forms_.get("close_form") or forms.CloseForm(
            initial={"version": item.version, "closed_on": today}
        )
    if oversee:
        context["return_form"] = forms_.get("return_form") or forms.ReturnForm(initial={"version": item.version})
    return render(request, "tours/item.html", context, status=problems.status if problems is not None else 200)


@login_required
@require_GET
def item_detail(request: HttpRequest, rect_item_id: int) -> HttpResponse:
    return _item_page(request, selectors.get_rectification_item_for_user(_user(request), rect_item_id))


def _item_action(
    request: HttpRequest,
    rect_item_id: int,
    *,
    form: Callable[..., Any],
    act: Callable[[User, RectificationItem, Any], Any],
    message: str,
    slot: str,
) -> HttpResponse:
    user = _user(request)
    item = selectors.get_rectification_item_for_user(user, rect_item_id)
    return post_action(
        request,
        form=form,
        act=lambda f: act(user, item, f.cleaned_data),
        done=lambda _r: saved(request, message, "tours:item", rect_item_id=item.pk),
        show=lambda f, problems: _item_page(request, item, problems=problems, **{slot: f}),
    )


@login_required
def report(request: HttpRequest, rect_item_id: int) -> HttpResponse:
    user = _user(request)
    item = selectors.get_rectification_item_for_user(user, rect_item_id)
    if not selectors.may_rectify(user, item.jurisdiction):
        raise PermissionDenied
    return _item_action(
        request,
        rect_item_id,
        form=lambda data: forms.ReportForm(data, request.FILES if data is not None else None),
        act=lambda u, i, d: services.progress_report(
            actor=u,
            item=i,
            expected_version=d["version"],
            reported_on=d["reported_on"],
            text=d["text"],
            completes=d["completes"],
            files=d["evidence"],
        ),
        message=_("The progress is reported."),
        slot="report_form",
    )


@login_required
def close(request: HttpRequest, rect_item_id: int) -> HttpResponse:
    """销号: refused with a clear message to the item's own rectifier (the service judges)."""
    return _item_action(
        request,
        rect_item_id,
        form=forms.CloseForm,
        act=lambda u, i, d: services.item_close(
            actor=u, item=i, expected_version=d["version"], closed_on=d["closed_on"], note=d["note"]
        ),
        message=_("The item is signed off."),
        slot="close_form",
    )


@login_required
def send_back(request: HttpRequest, rect_item_id: int) -> HttpResponse:
    user = _user(request)
    item = selectors.get_rectification_item_for_user(user, rect_item_id)
    if not selectors.may_oversee(user, item.plan):
        raise PermissionDenied
    return _item_action(
        request,
        rect_item_id,
        form=forms.ReturnForm,
        act=lambda u, i, d: services.item_return(actor=u, item=i, expected_version=d["version"], note=d["note"]),
        message=_("The item is sent back to the rectifier."),
        slot="return_form",
    )


# Lists -------------------------------------------------------------------------------------


def _list(request: HttpRequest, filterset: Any, date_field: str, template: str, extra: dict[str, Any]) -> HttpResponse:
    found, problems = filtered(filterset)
    try:
        page = SeekPage.of(
            found,
            date_field=date_field,
            size=PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
        )
    except Problems as bad_cursor:
        problems, page = bad_cursor, SeekPage(rows=[], next_cursor=None, previous_cursor=None, first=False)
    count, more = bounded_count(found) if problems is None else (0, False)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "count": count,
            "more": more,
            "filter_problems": problems,
            "query": query_without(request.GET, "after", "before"),
            "today": timezone.localdate(),
            **extra,
        },
        status=problems.status if problems is not None else 200,
    )


@login_required
@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return _list(
        request,
        FindingFilter(request.GET, queryset=selectors.tour_findings_for(user), user=user),
        "found_on",
        "tours/findings.html",
        {},
    )


@login_required
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return _list(
        request,
        ItemFilter(request.GET, queryset=selectors.rectification_items_for(user), user=user),
        "deadline",
        "tours/items.html",
        {"export_query": request.GET.urlencode()},
    )


@login_required
@require_GET
def item_export(request: HttpRequest) -> HttpResponse:
    """The filtered items as .xlsx, up to ZEREN_EXPORT_INLINE_ROWS rows (narrow the filter beyond)."""
    user = _user(request)
    filterset = ItemFilter(request.GET, queryset=selectors.rectification_items_for(user), user=user)
    found, problems = filtered(filterset)
    limit = int(settings.ZEREN_EXPORT_INLINE_ROWS)
    if problems is None and found.order_by().values("pk")[: limit + 1].count() > limit:
        problems = Problems(_("More than %(n)s items match: narrow the filter to export them.") % {"n": limit})
    if problems is not None:
        fresh = ItemFilter(request.GET, queryset=selectors.rectification_items_for(user), user=user)
        response = _list(
            request,
            fresh,
            "deadline",
            "tours/items.html",
            {"export_query": request.GET.urlencode(), "export_problems": problems},
        )
        response.status_code = 400
        return response
    rows = found.select_related("plan", "finding", "responsible_unit", "leader", "escalated_to", "jurisdiction")
    data = items_workbook(rows.order_by("deadline", "id"), timezone.localdate())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="rectification-items.xlsx"'
    return response
