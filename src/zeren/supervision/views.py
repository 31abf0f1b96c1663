"""Pages of supervision: tickets (督办单), listed hazards (挂牌督办) and summonses (约谈). Objects are
loaded through zeren.supervision.selectors (the access layer); writes go through
zeren.supervision.services via zeren.actions.post_action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods

from zeren import evidence as evidence_files
from zeren.accounts.access import get_object_for_user, get_person_for_user
from zeren.actions import act_on, flash, post_action, saved
from zeren.listing import filtered, list_page, query_without
from zeren.org.levels import Level
from zeren.org.models import Body, PostRole
from zeren.policy import supervision as timing
from zeren.problems import Problems
from zeren.supervision import selectors, services
from zeren.supervision.calendar import calendar, warning
from zeren.supervision.exports import listing_notice_docx, tickets_workbook
from zeren.supervision.filters import ListingFilter, TicketFilter
from zeren.supervision.forms import (
    AnswerForm,
    DelistForm,
    ExtensionForm,
    ListingExtensionForm,
    ListingForm,
    PoorForm,
    PublishForm,
    ReportForm,
    ReviewForm,
    SummonsForm,
    TicketForm,
)
from zeren.supervision.models import ExtensionState, ListedHazard, SourceKind, Step, Ticket

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WEEKDAYS = "一二三四五六日"


def _day_label(day: Any) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def _body_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(str(b.pk), f"{b.jurisdiction.name} {b.name}") for b in selectors.bodies_for(request.user)[:2000]]


# tickets ---------------------------------------------------------------------------------------


@login_required
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    filterset = TicketFilter(request.GET, queryset=selectors.tickets_for(request.user), user=request.user)
    context: dict[str, Any] = {"may_issue": selectors.may_issue(request.user), "today": timezone.localdate()}
    return list_page(request, filterset, "supervision/tickets.html", **context)


@login_required
@require_GET
def ticket_export(request: HttpRequest) -> HttpResponse:
    filterset = TicketFilter(request.GET, queryset=selectors.tickets_for(request.user), user=request.user)
    found, problems = filtered(filterset)
    if problems is not None:
        return flash(request, problems, "supervision:tickets")
    rows = found.select_related("issuer", "lead_body").prefetch_related("assisting").order_by("-issued_on", "-id")
    response = HttpResponse(tickets_workbook(rows[:20000]), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="zeren-tickets.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ticket_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_issue(request.user):
        raise PermissionDenied
    bodies = _body_choices(request)
    initial: dict[str, Any] = {
        "issued_on": timezone.localdate(),
        **selectors.ticket_source_initial(request.user, request.GET),
    }
    listing: ListedHazard | None = None
    if request.GET.get("listing", "").isdigit():
        listing = selectors.get_listed_hazard_for_user(request.user, int(request.GET["listing"]))
        initial |= {
            "source_kind": SourceKind.LISTED_HAZARD,
            "source_label": str(listing),
            "lead_body": str(listing.responsible_body_id),
            "title": listing.title,
        }
    if request.method == "POST" and request.POST.get("listing", "").isdigit():
        listing = selectors.get_listed_hazard_for_user(request.user, int(request.POST["listing"]))

    def issue(form: TicketForm) -> Ticket:
        data = form.cleaned_data
        lead = access_body(request, data["lead_body"])
        return services.ticket_issue(
            actor=request.user,
            title=data["title"],
            requirement=data["requirement"],
            lead_body=lead,
            assisting=[access_body(request, pk) for pk in data["assisting"]],
            source_kind=data["source_kind"],
            source_label=data["source_label"],
            source_reference=data["source_reference"],
            issued_on=data["issued_on"],
            working_days=data["working_days"],
            listed_hazard=listing if data["source_kind"] == SourceKind.LISTED_HAZARD else None,
        )

    def show(form: TicketForm, problems: Problems | None) -> HttpResponse:
        context = {"form": form, "problems": problems.problems if problems else [], "listing": listing}
        return render(request, "supervision/ticket_new.html", context, status=problems.status if problems else 200)

    return post_action(
        request,
        form=lambda data: TicketForm(data, bodies=bodies, initial=initial),
        act=issue,
        done=lambda t: saved(
            request,
            _("The ticket is issued; it is due on %(due)s.") % {"due": t.due_on.isoformat()},
            "supervision:ticket",
            ticket=t.pk,
        ),
        show=show,
        form_on_get=True,
    )


def access_body(request: HttpRequest, pk: str) -> Body:
    """A body chosen on a form (its choices are the user's bodies), through the access layer."""
    return get_object_for_user(selectors.bodies_for, request.user, pk=int(pk))


def _count_explained(ticket: Ticket) -> dict[str, Any]:
    answer = calendar().add_working_days(ticket.issued_on, ticket.working_days)
    holidays: dict[str, list[Any]] = {}
    for day in answer.skipped:
        holidays.setdefault(day.name, []).append(day.day)
    return {
        "skipped": [
            {"name": name, "first": _day_label(days[0]), "last": _day_label(days[-1]), "count": len(days)}
            for name, days in holidays.items()
        ],
        "adjusted": [_day_label(d.day) for d in answer.adjusted],
        "notices": [n.cite for n in answer.notices if any(d.notice == n for d in (*answer.skipped, *answer.adjusted))],
        "warning": warning(answer),
    }


def _ticket_page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    status: int = 200,
    problems: list[str] | None = None,
    forms: dict[str, Any] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    step = timing.ticket_step(calendar(), due_on=ticket.due_on, today=today) if ticket.is_open else None
    context = {
        "ticket": ticket,
        "events": ticket.events.select_related("actor").all(),
        "extensions": ticket.extensions.all(),
        "pending": ticket.extensions.filter(state=ExtensionState.ASKED).first(),
        "evidence": ticket.evidence.all(),
        "assisting": ticket.assisting.select_related("jurisdiction").all(),
        "may_handle": selectors.may_handle(request.user, ticket),
        "may_review": selectors.may_review(request.user, ticket),
        "due_label": _day_label(ticket.due_on),
        "issued_label": _day_label(ticket.issued_on),
        "explained": _count_explained(ticket),
        "left": step.working_days_left if step else None,
        "step_now": Step(step.step).label if step and step.step != "none" else "",
        "overdue": ticket.is_open and today > ticket.due_on,
        "problems": problems or [],
        "forms": forms or {},
    }
    return render(request, "supervision/ticket.html", context, status=status)


@login_required
@require_GET
def ticket_detail(request: HttpRequest, ticket: int) -> HttpResponse:
    return _ticket_page(request, selectors.get_ticket_for_user(request.user, ticket))


def _on_ticket(request: HttpRequest, ticket: Ticket, name: str) -> Callable[[Any, Problems | None], HttpResponse]:
    return _again(request, ticket, selectors.get_ticket_for_user, _ticket_page, name)


@login_required
@require_http_methods(["GET", "POST"])
def ticket_extension(request: HttpRequest, ticket: int) -> HttpResponse:
    message = _("The extension is asked; the reviewer answers it.")
    return _step(request, "ticket", ticket, ExtensionForm, services.ticket_ask_extension, message, "extension")


@login_required
@require_http_methods(["GET", "POST"])
def ticket_extension_answer(request: HttpRequest, ticket: int) -> HttpResponse:
    def message(t: Ticket) -> str:
        return _("Answered. The ticket is due on %(due)s.") % {"due": t.due_on.isoformat()}

    return _step(request, "ticket", ticket, AnswerForm, services.ticket_answer_extension, message, "answer")


@login_required
@require_http_methods(["GET", "POST"])
def ticket_report(request: HttpRequest, ticket: int) -> HttpResponse:
    found = selectors.get_ticket_for_user(request.user, ticket)
    return post_action(
        request,
        form=lambda data: ReportForm(data, request.FILES if data is not None else None),
        act=lambda form: services.ticket_report(
            actor=request.user, ticket=found, uploads=request.FILES.getlist("files"), **form.service_kwargs()
        ),
        done=lambda _t: saved(
            request, _("The completion report is sent to the reviewer."), "supervision:ticket", ticket=found.pk
        ),
        show=_on_ticket(request, found, "report"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ticket_review(request: HttpRequest, ticket: int) -> HttpResponse:
    def message(t: Ticket) -> str:
        return _("The ticket is closed.") if t.closed_on else _("The ticket is returned to the lead body.")

    return _step(request, "ticket", ticket, ReviewForm, services.ticket_review, message, "review")


@login_required
@require_GET
def evidence_file(request: HttpRequest, sv_evidence: int) -> FileResponse:
    """An evidence file, always a download (images too), to those who see its ticket or listing."""
    return evidence_files.serve(selectors.get_evidence_for_user(request.user, sv_evidence), inline_images=False)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# listed hazards --------------------------------------------------------------------------------


@login_required
@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    filterset = ListingFilter(request.GET, queryset=selectors.listed_hazards_for(request.user), user=request.user)
    may = selectors.may_issue(request.user)
    candidates = (
        selectors.hazards_for(request.user)
        .filter(listing__isnull=True, rectified_on__isnull=True)
        .order_by("rectify_by", "id")[:50]
        if may
        else []
    )
    context: dict[str, Any] = {"may_issue": may, "candidates": candidates, "today": timezone.localdate()}
    return list_page(request, filterset, "supervision/listings.html", **context)


def public_listings(request: HttpRequest) -> HttpResponse:
    """The published listings, the same for everyone (向社会公布)."""
    from django.contrib.auth.models import AnonymousUser

    rows = selectors.listed_hazards_for(AnonymousUser()).order_by("-listed_on", "-id")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/public.html", {"page": page, "query": query_without(request.GET, "page")})


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest, hazard_id: int) -> HttpResponse:
    hazard = selectors.get_hazard_for_user(request.user, hazard_id)
    if not selectors.may_issue(request.user):
        raise PermissionDenied
    bodies = _body_choices(request)
    people = [(str(p.pk), f"{p.name}（{p.jurisdiction.name}）") for p in selectors.people_for(request.user)[:2000]]
    initial = {"title": hazard.description[:200], "listed_on": timezone.localdate(), "deadline": hazard.rectify_by}

    def create(form: ListingForm) -> ListedHazard:
        data = form.cleaned_data
        return services.listing_create(
            actor=request.user,
            hazard=hazard,
            notice_number=data["notice_number"],
            title=data["title"],
            measures=data["measures"],
            responsible_body=access_body(request, data["responsible_body"]),
            responsible_leader=get_person_for_user(request.user, int(data["responsible_leader"])),
            listed_on=data["listed_on"],
            deadline=data["deadline"],
        )

    def show(form: ListingForm, problems: Problems | None) -> HttpResponse:
        context = {"form": form, "hazard": hazard, "problems": problems.problems if problems else []}
        return render(request, "supervision/listing_new.html", context, status=problems.status if problems else 200)

    return post_action(
        request,
        form=lambda data: ListingForm(data, bodies=bodies, people=people, initial=initial),
        act=create,
        done=lambda row: saved(
            request,
            _("The hazard is listed. Publish it by %(due)s.") % {"due": row.publish_due.isoformat()},
            "supervision:listing",
            listing=row.pk,
        ),
        show=show,
        form_on_get=True,
    )


def _listing_page(
    request: HttpRequest,
    listing: ListedHazard,
    *,
    status: int = 200,
    problems: list[str] | None = None,
    forms: dict[str, Any] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    latest = timing.extension_latest(calendar(), listing.deadline)
    context = {
        "listing": listing,
        "extensions": listing.extensions.all(),
        "pending": listing.extensions.filter(state=ExtensionState.ASKED).first(),
        "evidence": listing.evidence.all(),
        "tickets": listing.tickets.all(),
        "may_handle": selectors.may_handle_listing(request.user, listing),
        "may_review": selectors.may_review_listing(request.user, listing),
        "publish_overdue": not listing.published and today > listing.publish_due,
        "delist_publish_overdue": bool(
            listing.delist_publish_due and listing.delist_published_on is None and today > listing.delist_publish_due
        ),
        "extension_latest": latest,
        "extension_closed": today > latest,
        "overdue": listing.state == "listed" and today > listing.deadline,
        "problems": problems or [],
        "forms": forms or {},
        "today": today,
    }
    return render(request, "supervision/listing.html", context, status=status)


def _again(
    request: HttpRequest, found: Any, fetch: Callable[[Any, int], Any], page: Callable[..., HttpResponse], name: str
) -> Callable[[Any, Problems | None], HttpResponse]:
    """``show`` of an action on ``found``'s page: the page again, as the object is now (``fetch``), with
    the problems and the action's form (``name``)."""

    def show(form: Any, problems: Problems | None) -> HttpResponse:
        status = problems.status if problems else 400
        fresh = fetch(request.user, found.pk)
        return page(request, fresh, status=status, problems=problems.problems if problems else [], forms={name: form})

    return show


PAGES: dict[str, tuple[Callable[[Any, int], Any], Callable[..., HttpResponse]]] = {
    "ticket": (selectors.get_ticket_for_user, _ticket_page),
    "listing": (selectors.get_listed_hazard_for_user, _listing_page),
}


def _step(
    request: HttpRequest, kind: str, pk: int, form: Any, service: Callable[..., Any], message: Any, name: str
) -> HttpResponse:
    """An action on a ticket's or a listing's page (``kind``): the service on the object, or the page
    again with the action's form (``name``) and the problems."""
    fetch, page = PAGES[kind]
    found = fetch(request.user, pk)
    show = _again(request, found, fetch, page, name)
    return act_on(request, form, service, message=message, to=f"supervision:{kind}", show=show, **{kind: found})


@login_required
@require_GET
def listing_detail(request: HttpRequest, listing: int) -> HttpResponse:
    return _listing_page(request, selectors.get_listed_hazard_for_user(request.user, listing))


@login_required
@require_GET
def listing_notice(request: HttpRequest, listing: int) -> HttpResponse:
    found = selectors.get_listed_hazard_for_user(request.user, listing)
    response = HttpResponse(listing_notice_docx(found), content_type=DOCX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(
        f"挂牌督办通知书-{found.notice_number}.docx"
    )
    return response


def _listing_action(
    request: HttpRequest, listing: int, form: Any, act: Callable[[ListedHazard, Any], Any], message: str, name: str
) -> HttpResponse:
    found = selectors.get_listed_hazard_for_user(request.user, listing)
    return post_action(
        request,
        form=form,
        act=lambda bound: act(found, bound),
        done=lambda _r: saved(request, message, "supervision:listing", listing=found.pk),
        show=_again(request, found, selectors.get_listed_hazard_for_user, _listing_page, name),
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_publish(request: HttpRequest, listing: int) -> HttpResponse:
    message = _("The publication is recorded.")
    return _step(request, "listing", listing, PublishForm, services.listing_publish, message, "publish")


@login_required
@require_http_methods(["GET", "POST"])
def listing_extension(request: HttpRequest, listing: int) -> HttpResponse:
    form, message = ListingExtensionForm, _("The extension is asked.")
    return _step(request, "listing", listing, form, services.listing_ask_extension, message, "extension")


@login_required
@require_http_methods(["GET", "POST"])
def listing_extension_answer(request: HttpRequest, listing: int) -> HttpResponse:
    message = _("The extension is answered.")
    return _step(request, "listing", listing, AnswerForm, services.listing_answer_extension, message, "answer")


@login_required
@require_http_methods(["GET", "POST"])
def listing_delist(request: HttpRequest, listing: int) -> HttpResponse:
    return _listing_action(
        request,
        listing,
        lambda data: DelistForm(data, request.FILES if data is not None else None),
        lambda found, form: services.listing_delist(
            actor=request.user, listing=found, uploads=request.FILES.getlist("files"), **form.service_kwargs()
        ),
        _("The hazard is delisted (摘牌销号). Publish the delisting within 5 working days."),
        "delist",
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_poor(request: HttpRequest, listing: int) -> HttpResponse:
    return _step(request, "listing", listing, PoorForm, services.listing_mark_poor, _("Saved."), "poor")


# summonses -------------------------------------------------------------------------------------


SUMMONS_BODIES = {
    "safety_committee": _l("safety committee"),
    "safety_committee_office": _l("safety committee office"),
    "party_committee": _l("party committee"),
    "government": _l("government"),
}
ACCOMPANYING = {
    "supervision_commission": _l("the supervision commission"),
    "discipline_inspection": _l("the discipline inspection commission"),
    "organisation_department": _l("the organisation department"),
    "safety_regulator": _l("the safety regulator"),
}


def _who(due: selectors.DueSummons) -> str:
    """Who summons whom, with whom — in words."""
    s = due.summons
    by = (str(Level(s.by_level).label) if s.by_level else "") + str(SUMMONS_BODIES.get(s.by_body, s.by_body))
    roles = "、".join(str(PostRole(r).label) for r in s.roles if r in PostRole.values)
    text = _("%(by)s summons %(roles)s of %(place)s") % {"by": by, "roles": roles, "place": due.jurisdiction.name}
    if s.with_:
        joined = "、".join(str(ACCOMPANYING.get(w, w)) for w in s.with_)
        text += _(", together with %(with)s") % {"with": joined}
    return text


def _key(due: selectors.DueSummons) -> str:
    s = due.summons
    return f"{due.jurisdiction.code}|{s.rule}|{s.pattern}|{s.due_on.isoformat()}"


def _summons_page(
    request: HttpRequest, *, status: int = 200, problems: list[str] | None = None, form: Any = None
) -> HttpResponse:
    today = timezone.localdate()
    due = selectors.summonses_due(request.user, as_of=today)
    rows = [{"due": d, "key": _key(d), "who": _who(d)} for d in due]
    return render(
        request,
        "supervision/summonses.html",
        {
            "rows": rows,
            "held": selectors.summonses_for(request.user)[:100],
            "may_record": selectors.may_issue(request.user),
            "bodies": _body_choices(request) if selectors.may_issue(request.user) else [],
            "problems": problems or [],
            "form": form,
            "today": today,
        },
        status=status,
    )


@login_required
@require_GET
def summons_list(request: HttpRequest) -> HttpResponse:
    return _summons_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def summons_record(request: HttpRequest) -> HttpResponse:
    if not selectors.may_issue(request.user):
        raise PermissionDenied
    bodies = _body_choices(request)

    def record(form: SummonsForm) -> Any:
        data = form.cleaned_data
        match = [d for d in selectors.summonses_due(request.user, as_of=timezone.localdate()) if _key(d) == data["key"]]
        if not match:
            raise Problems(_("This summons is not due in your jurisdiction (any longer)."))
        return services.summons_record(
            actor=request.user,
            due=match[0],
            held_on=data["held_on"],
            attendees=data["attendees"],
            requirements=data["requirements"],
            follow_up_body=access_body(request, data["follow_up_body"]) if data["follow_up_body"] else None,
            follow_up_days=data["follow_up_days"],
        )

    return post_action(
        request,
        form=lambda data: SummonsForm(data, bodies=bodies),
        act=record,
        done=lambda held: saved(request, _("The summons is recorded."), "supervision:summons", summons=held.pk),
        show=lambda form, problems: _summons_page(
            request,
            status=problems.status if problems else 400,
            problems=problems.problems if problems else [],
            form=form,
        ),
    )


@login_required
@require_GET
def summons_detail(request: HttpRequest, summons: int) -> HttpResponse:
    held = selectors.get_summons_for_user(request.user, summons)
    return render(request, "supervision/summons.html", {"held": held, "tickets": held.tickets.all()})
