"""Pages of the jurisdiction tree. Objects are loaded through zeren.accounts.access only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.actions import add_to_form, post_action
from zeren.cases.selectors import may_set_restriction_ends, restrictions_for_person
from zeren.jobs.models import Job
from zeren.jobs.selectors import get_job_for_user, jobs_for
from zeren.jobs.services import job_create, job_rerun, job_rerunnable
from zeren.listing import filtered, list_page
from zeren.org import forms as forms_
from zeren.org import organisation_import, selectors, services
from zeren.org.bindings import registry
from zeren.org.filters import PersonFilter, PostFilter
from zeren.org.jurisdiction_import import template_workbook
from zeren.org.levels import Level
from zeren.org.models import Jurisdiction
from zeren.org.tasks import organisation_import_task
from zeren.policy.loader import PackError
from zeren.problems import Problem, Problems

T = TypeVar("T")

LEVEL_ORDER = [Level.PROVINCE, Level.CITY, Level.NEW_AREA, Level.COUNTY, Level.ZONE, Level.TOWNSHIP]


@dataclass
class Branch:
    """A node shown in the tree, with counts of what lies below it."""

    node: Jurisdiction
    below: list[tuple[str, int]] = field(default_factory=list)
    children: list[Branch] = field(default_factory=list)


def _level_counts(levels: Counter[str]) -> list[tuple[str, int]]:
    return [(str(Level(level).label), levels[level]) for level in LEVEL_ORDER if levels[level]]


def _branches(root: Jurisdiction, subtree: list[Jurisdiction], *, show_depth: int) -> list[Branch]:
    """The children of ``root`` (and theirs, down to ``show_depth`` levels), each with the
    per-level counts of its whole subtree."""
    by_parent: dict[int | None, list[Jurisdiction]] = {}
    below: dict[int, Counter[str]] = {}
    for node in subtree:
        by_parent.setdefault(node.parent_id, []).append(node)
    by_path = {node.path: node for node in subtree}
    for node in subtree:
        # Count the node in every ancestor's subtree (depth ≤ 5, so this stays linear).
        prefix = node.path
        while True:
            prefix = prefix[: prefix.rstrip("/").rfind("/") + 1]
            ancestor = by_path.get(prefix)
            if ancestor is None or len(prefix) < len(root.path):
                break
            below.setdefault(ancestor.pk, Counter())[node.level] += 1

    def build(node: Jurisdiction, remaining: int) -> Branch:
        kids = by_parent.get(node.pk, []) if remaining > 0 else []
        return Branch(
            node=node,
            below=_level_counts(below.get(node.pk, Counter())),
            children=[build(kid, remaining - 1) for kid in kids],
        )

    return [build(child, show_depth - 1) for child in by_parent.get(root.pk, [])]


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    """The user's own part of the tree: a scoped account goes to its jurisdiction, the
    superuser sees the top-level jurisdictions."""
    if not access.sees_everything(request.user):
        own = getattr(request.user, "jurisdiction", None)
        if own is None:
            return render(request, "org/no_jurisdiction.html", status=403)
        return redirect("org:jurisdiction", code=own.code)
    visible = list(access.jurisdictions_for(request.user).only("code", "name", "level", "path", "parent_id"))
    roots = [node for node in visible if node.parent_id is None]
    branches = []
    for root in roots:
        subtree = [node for node in visible if node.path.startswith(root.path)]
        counts = Counter(node.level for node in subtree if node.pk != root.pk)
        branches.append(Branch(node=root, below=_level_counts(counts), children=[]))
    return render(request, "org/tree.html", {"branches": branches})


@login_required
@require_GET
def jurisdiction(request: HttpRequest, code: str) -> HttpResponse:
    """One jurisdiction with the two levels below it and the counts of its whole subtree."""
    node = access.get_jurisdiction_for_user(request.user, code)
    subtree = list(
        access.jurisdictions_for(request.user)
        .filter(path__startswith=node.path)
        .only("code", "name", "level", "path", "depth", "parent_id")
    )
    ancestor_codes = [part for part in node.path.strip("/").split("/")[:-1]]
    breadcrumbs = list(access.jurisdictions_for(request.user).filter(code__in=ancestor_codes))
    totals = Counter(item.level for item in subtree if item.pk != node.pk)
    today = timezone.localdate()
    bodies = selectors.bodies_with_posts(node)
    holders = selectors.current_appointments([p for b in bodies for p in b.posts.all()], today)
    return render(
        request,
        "org/jurisdiction.html",
        {
            "node": node,
            "breadcrumbs": breadcrumbs,
            "totals": _level_counts(totals),
            "branches": _branches(node, subtree, show_depth=2),
            "local_code": not node.has_national_code,
            "bodies": [(b, [(p, holders.get(p.pk)) for p in b.posts.all()]) for b in bodies],
            "pack": selectors.pack_in_force(node, today),
            "can_edit": _can_edit(request.user),
            "may_bind": _may_bind(request.user),
        },
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The .xlsx template for ``zeren import_jurisdictions``."""
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="zeren-jurisdictions.xlsx"'
    return response


# Bodies, posts, people, appointments, policy bindings ------------------------------------------
#
# Reading: every role sees its subtree. Changing: office users (and superusers) only, inside
# their subtree; organisation and discipline roles read only. Objects come from the access
# layer (404 if missing, 403 if outside the scope); choice fields only offer what is in scope.

PAGE_SIZE = 50


def _can_edit(user: object) -> bool:
    return access.sees_everything(user) or (  # type: ignore[arg-type]
        getattr(user, "is_authenticated", False) and getattr(user, "role", "") == Role.OFFICE
    )


def _require_editor(request: HttpRequest) -> None:
    access.require_role(request.user, Role.OFFICE)


def _edit_page(
    request: HttpRequest,
    *,
    form: Callable[[QueryDict | None], forms.Form],
    save: Callable[[dict[str, Any]], T],
    to: Callable[[T], HttpResponse],
    title: str,
    back: str,
) -> HttpResponse:
    """An edit page of the organisation: the form, saved through zeren.org.services (the one action helper)."""

    def show(bound: forms.Form, problems: Problems | None) -> HttpResponse:
        if problems is not None:
            add_to_form(bound, problems)
        context = {"form": bound, "title": title, "back": back}
        return render(request, "org/form.html", context, status=400 if bound.errors else 200)

    return post_action(
        request, form=form, act=lambda bound: save(bound.cleaned_data), done=to, show=show, form_on_get=True
    )


@login_required
@require_GET
def body(request: HttpRequest, body_code: str) -> HttpResponse:
    found = access.get_body_for_user(request.user, body_code)
    posts = list(found.posts.order_by("-active", "code"))
    holders = selectors.current_appointments(posts, timezone.localdate())
    return render(
        request,
        "org/body.html",
        {
            "body": found,
            "node": found.jurisdiction,
            "rows": [(post, holders.get(post.pk)) for post in posts],
            "pack": selectors.pack_in_force(found.jurisdiction, timezone.localdate()),
            "can_edit": _can_edit(request.user),
        },
    )


@login_required
@require_GET
def post(request: HttpRequest, post_code: str) -> HttpResponse:
    """Who held the post when, newest first, with reasons; the pack in force and how it covers the post."""
    found = access.get_post_for_user(request.user, post_code)
    today = timezone.localdate()
    tenures = list(found.appointments.select_related("person__jurisdiction").order_by("-start"))
    return render(
        request,
        "org/post.html",
        {
            "post": found,
            "node": found.body.jurisdiction,
            "tenures": tenures,
            "current": next((t for t in tenures if t.covers(today)), None),
            "pack": selectors.pack_in_force(found.body.jurisdiction, today, post=found),
            "can_edit": _can_edit(request.user),
        },
    )


@login_required
@require_GET
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """The whole tenure history across jurisdictions, newest first."""
    found = access.get_person_for_user(request.user, person_id)
    tenures = list(found.appointments.select_related("post__body__jurisdiction").order_by("-start"))
    visible_posts = set(
        access.posts_for(request.user).filter(pk__in=[t.post_id for t in tenures]).values_list("pk", flat=True)
    )
    return render(
        request,
        "org/person.html",
        {
            "person": found,
            "rows": [(t, t.post_id in visible_posts) for t in tenures],
            "restrictions": restrictions_for_person(request.user, found),
            "can_end_restrictions": may_set_restriction_ends(request.user, found),
            "can_edit": _can_edit(request.user) and access.manages_person(request.user, found),
        },
    )


@login_required
@require_GET
def post_search(request: HttpRequest) -> HttpResponse:
    """The posts in the user's scope, filtered (``zeren.org.filters``), 50 to a page."""
    filterset = PostFilter(request.GET, queryset=access.posts_for(request.user), user=request.user)
    found, problems = filtered(filterset)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    holders = selectors.current_appointments(list(page.object_list), timezone.localdate())
    return render(
        request,
        "org/post_search.html",
        {
            "filter": filterset,
            "filter_problems": problems,
            "page": page,
            "rows": [(p, holders.get(p.pk)) for p in page.object_list],
            "query": _query_without_page(request),
        },
        status=problems.status if problems is not None else 200,
    )


@login_required
@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    """The people the user sees (access.people_for), filtered (``zeren.org.filters``), 50 to a page."""
    filterset = PersonFilter(request.GET, queryset=access.people_for(request.user), user=request.user)
    return list_page(request, filterset, "org/person_search.html", size=PAGE_SIZE)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, body_code: str | None = None) -> HttpResponse:
    _require_editor(request)
    found = access.get_body_for_user(request.user, body_code) if body_code else None
    initial = (
        {
            "code": found.code,
            "name": found.name,
            "jurisdiction": found.jurisdiction.code,
            "kind": found.kind,
            "department_kind": found.department_kind,
        }
        if found
        else {"jurisdiction": request.GET.get("jurisdiction", "")}
    )
    return _edit_page(
        request,
        form=lambda data: forms_.BodyForm(data, initial=initial, user=request.user),
        save=lambda data: services.body_save(actor=request.user, body=found, **data),
        to=lambda saved: redirect("org:body", body_code=saved.code),
        title=_("Edit body") if found else _("New body"),
        back=reverse("org:body", kwargs={"body_code": found.code}) if found else reverse("org:tree"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_code: str | None = None) -> HttpResponse:
    _require_editor(request)
    found = access.get_post_for_user(request.user, post_code) if post_code else None
    initial = (
        {
            "code": found.code,
            "title": found.title,
            "body": found.body.code,
            "role": found.role,
            "sectors": "、".join(found.sectors),
            "on_standing_committee": found.on_standing_committee,
            "active": found.active,
        }
        if found
        else {"body": request.GET.get("body", ""), "active": True}
    )
    return _edit_page(
        request,
        form=lambda data: forms_.PostForm(data, initial=initial, user=request.user),
        save=lambda data: services.post_save(actor=request.user, post=found, **data),
        to=lambda saved: redirect("org:post", post_code=saved.code),
        title=_("Edit post") if found else _("New post"),
        back=reverse("org:post", kwargs={"post_code": found.code}) if found else reverse("org:post_search"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int | None = None) -> HttpResponse:
    _require_editor(request)
    found = access.get_person_for_user(request.user, person_id) if person_id else None
    if found is not None and not access.manages_person(request.user, found):
        # Visible through an old tenure, but managed elsewhere now: read only here.
        raise PermissionDenied
    initial = (
        {"name": found.name, "jurisdiction": found.jurisdiction.code}
        if found
        else {"jurisdiction": request.GET.get("jurisdiction", "")}
    )
    return _edit_page(
        request,
        form=lambda data: forms_.PersonForm(data, initial=initial, user=request.user),
        save=lambda data: services.person_save(actor=request.user, person=found, **data),
        to=lambda saved: redirect("org:person", person_id=saved.pk),
        title=_("Edit person") if found else _("New person"),
        back=reverse("org:person", kwargs={"person_id": found.pk}) if found else reverse("org:person_search"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest, post_code: str) -> HttpResponse:
    _require_editor(request)
    found_post = access.get_post_for_user(request.user, post_code)
    return _edit_page(
        request,
        form=lambda data: forms_.AppointmentForm(data, user=request.user),
        save=lambda data: services.appointment_save(actor=request.user, appointment=None, post=found_post, **data),
        to=lambda _saved: redirect("org:post", post_code=found_post.code),
        title=_("New appointment: %(post)s") % {"post": found_post},
        back=reverse("org:post", kwargs={"post_code": found_post.code}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_edit(request: HttpRequest, appointment_id: int) -> HttpResponse:
    _require_editor(request)
    found = access.get_appointment_for_user(request.user, appointment_id)
    initial = {
        "person": found.person_id,
        "start": found.start,
        "end": found.end,
        "start_reason": found.start_reason,
        "end_reason": found.end_reason,
    }
    return _edit_page(
        request,
        form=lambda data: forms_.AppointmentForm(data, initial=initial, user=request.user),
        save=lambda data: services.appointment_save(actor=request.user, appointment=found, post=found.post, **data),
        to=lambda _saved: redirect("org:post", post_code=found.post.code),
        title=_("Edit appointment: %(post)s") % {"post": found.post},
        back=reverse("org:post", kwargs={"post_code": found.post.code}),
    )


def _may_bind(user: object) -> bool:
    if access.sees_everything(user):  # type: ignore[arg-type]
        return True
    own = getattr(user, "jurisdiction", None)
    return (
        getattr(user, "role", "") == Role.OFFICE
        and own is not None
        and own.level
        in (
            Level.PROVINCE,
            Level.CITY,
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_bindings(request: HttpRequest) -> HttpResponse:
    """The bindings in the user's subtree; superusers and province/city offices add one."""
    may_bind = _may_bind(request.user)

    def page(form: forms.Form | None, problems: Problems | None) -> HttpResponse:
        if form is not None and problems is not None:
            add_to_form(form, problems)
        rows = []
        for binding in selectors.policy_bindings_for(request.user):
            try:
                title = registry().get(binding.pack_id).title
            except PackError:
                title = _("(pack missing from the registry)")
            rows.append((binding, title))
        status = 400 if form is not None and form.errors else 200
        return render(request, "org/bindings.html", {"rows": rows, "form": form}, status=status)

    if not may_bind:
        if request.method == "POST":
            raise PermissionDenied
        return page(None, None)
    return post_action(
        request,
        form=lambda data: forms_.PolicyBindingForm(data, user=request.user),
        act=lambda form: services.policy_binding_create(actor=request.user, **form.cleaned_data),
        done=lambda _binding: redirect("org:policy_bindings"),
        show=page,
        form_on_get=True,
    )


@login_required
@require_GET
def organisation_template(request: HttpRequest) -> HttpResponse:
    """The .xlsx template for the organisation import (机构 / 岗位 / 人员 / 任职 / 说明)."""
    response = HttpResponse(
        organisation_import.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="zeren-organisation.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def organisation_upload(request: HttpRequest) -> HttpResponse:
    """Office users import a workbook into their subtree: all or nothing, errors listed per row. The
    workbook is saved and imported by a background task (its page shows how it goes); a check of a
    small workbook (only check, import nothing) is answered at once."""
    _require_editor(request)
    form = forms_.ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        try:
            data = organisation_import.read_upload(form.cleaned_data["file"])
            if not (dry_run and len(data) <= settings.ZEREN_IMPORT_INLINE_BYTES):
                with transaction.atomic():
                    job = job_create(
                        kind=Job.Kind.ORGANISATION_IMPORT,
                        actor=request.user,
                        task=organisation_import_task,
                        jurisdiction=getattr(request.user, "jurisdiction", None),
                        params={"dry_run": dry_run},
                        upload=data,
                        upload_name=form.cleaned_data["file"].name or "",
                    )
                return redirect("org:organisation_import_job", job_id=job.pk)
            result = organisation_import.organisation_import(data=data, user=request.user, dry_run=True)
        except Problems as error:
            problems = error.items
    status = 400 if problems or form.errors else 200
    recent = jobs_for(request.user).filter(kind=Job.Kind.ORGANISATION_IMPORT, requested_by_id=request.user.pk)[:5]
    return render(
        request,
        "org/import.html",
        {"form": form, "problems": problems, "result": result, "recent": recent},
        status=status,
    )


IMPORT_SHEETS = [
    ("body", _lazy("Bodies")),
    ("post", _lazy("Posts")),
    ("person", _lazy("People")),
    ("appointment", _lazy("Appointments")),
]


@login_required
@require_GET
def organisation_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """An import's page: waiting, running (it refreshes itself), then the counts or the problems."""
    _require_editor(request)
    job = get_job_for_user(request.user, job_id)
    if job.kind != Job.Kind.ORGANISATION_IMPORT:
        raise Http404
    counts = [
        (label, *(job.result.get(what, {}).get(key, 0) for what in ("created", "updated", "unchanged")))
        for key, label in IMPORT_SHEETS
    ]
    return render(
        request, "org/import_job.html", {"job": job, "counts": counts, "rerunnable": job_rerunnable(job)}
    )


@login_required
def organisation_import_rerun(request: HttpRequest, job_id: int) -> HttpResponse:
    """Run a lost or failed import again (the import is all or nothing, so this is safe)."""
    _require_editor(request)
    job = get_job_for_user(request.user, job_id)
    if job.kind != Job.Kind.ORGANISATION_IMPORT:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        with transaction.atomic():
            job_rerun(job=job, task=organisation_import_task, actor=request.user)
    except Problems as refused:
        messages.error(request, refused.message)
    return redirect("org:organisation_import_job", job_id=job.pk)
