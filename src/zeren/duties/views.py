"""Pages of duty lists (责任清单): a jurisdiction's overview, a post's versions, one version, the
comparison of two versions, the exports, and the public 公示 pages. Objects are loaded through
zeren.duties.access / zeren.accounts.access only; changes go through zeren.duties.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accounts import access
from zeren.duties import exports, selectors, services
from zeren.duties.access import (
    can_edit,
    duty_lists_for,
    get_duty_item_for_user,
    get_duty_list_for_user,
    get_published_duty_list,
    published_duty_lists,
)
from zeren.duties.models import DutyList

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _require_editor(request: HttpRequest, duty_list_or_jurisdiction: Any) -> None:
    jurisdiction = getattr(duty_list_or_jurisdiction, "post", None)
    node = jurisdiction.jurisdiction if jurisdiction is not None else duty_list_or_jurisdiction
    if not can_edit(request.user, node):
        raise PermissionDenied


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Accounts go to their jurisdiction's overview; everyone else to the 公示 page."""
    own = getattr(request.user, "jurisdiction", None)
    if request.user.is_authenticated and own is not None:
        return redirect("duties:jurisdiction", code=own.code)
    return redirect("duties:public_index")


# ── a jurisdiction ─────────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def jurisdiction(request: HttpRequest, code: str) -> HttpResponse:
    node = access.get_jurisdiction_for_user(request.user, code)
    rows = selectors.overview(request.user, node, timezone.localdate())
    return render(
        request,
        "duties/jurisdiction.html",
        {
            "node": node,
            "rows": rows,
            "children": selectors.children_of(request.user, node),
            "can_edit": can_edit(request.user, node),
            "drafts": sum(1 for row in rows if row.draft is not None),
            "to_generate": sum(1 for row in rows if row.state in ("missing", "out_of_date")),
        },
    )


@login_required
def jurisdiction_generate(request: HttpRequest, code: str) -> HttpResponse:
    node = access.get_jurisdiction_for_user(request.user, code)
    if request.method != "POST":  # after loading: a refusal must not depend on the method
        return HttpResponseNotAllowed(["POST"])
    _require_editor(request, node)
    result = services.duty_lists_generate_missing(actor=request.user, jurisdiction=node)
    messages.success(
        request,
        _("Drafts generated: %(count)s.") % {"count": len(result.generated)},
    )
    return redirect("duties:jurisdiction", code=node.code)


@login_required
def jurisdiction_publish(request: HttpRequest, code: str) -> HttpResponse:
    node = access.get_jurisdiction_for_user(request.user, code)
    if request.method != "POST":  # after loading: a refusal must not depend on the method
        return HttpResponseNotAllowed(["POST"])
    _require_editor(request, node)
    published = services.duty_lists_publish_drafts(actor=request.user, jurisdiction=node)
    messages.success(
        request,
        _("Duty lists published: %(count)s.") % {"count": len(published)},
    )
    return redirect("duties:jurisdiction", code=node.code)


@login_required
@require_GET
def jurisdiction_export(request: HttpRequest, code: str) -> HttpResponse:
    node = access.get_jurisdiction_for_user(request.user, code)
    lists = selectors.lists_for_export(request.user, node)
    if not lists:
        messages.error(request, _("No duty list has been generated here yet."))
        return redirect("duties:jurisdiction", code=node.code)
    return _download(exports.jurisdiction_xlsx(node, lists), XLSX, f"zeren-duty-lists-{node.code}.xlsx")


# ── a post ─────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def post(request: HttpRequest, post_code: str) -> HttpResponse:
    the_post = access.get_post_for_user(request.user, post_code)
    versions = selectors.versions_of(request.user, the_post)
    current = next((v for v in versions if v.is_draft), None) or next(
        (v for v in versions if v.status == "published"), None
    )
    now = services.in_force(the_post, timezone.localdate())
    if current is not None:
        current = selectors.with_items(duty_lists_for(request.user)).get(pk=current.pk)
    return render(
        request,
        "duties/post.html",
        {
            "post": the_post,
            "versions": versions,
            "current": current,
            "now": now,
            "out_of_date": current is not None and services.is_out_of_date(current, the_post, now),
            "can_edit": can_edit(request.user, the_post.jurisdiction),
            "editable": current is not None and current.is_draft and can_edit(request.user, the_post.jurisdiction),
        },
    )


@login_required
def post_generate(request: HttpRequest, post_code: str) -> HttpResponse:
    the_post = access.get_post_for_user(request.user, post_code)
    if request.method != "POST":  # after loading: a refusal must not depend on the method
        return HttpResponseNotAllowed(["POST"])
    try:
        draft = services.duty_list_generate(actor=request.user, post=the_post)
    except services.DutyListError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Draft version %(version)s generated.") % {"version": draft.version})
    return redirect("duties:post", post_code=the_post.code)


@login_required
@require_GET
def post_compare(request: HttpRequest, post_code: str) -> HttpResponse:
    the_post = access.get_post_for_user(request.user, post_code)
    versions = selectors.versions_of(request.user, the_post)
    by_number = {str(v.version): v for v in versions}
    old = by_number.get(request.GET.get("from", ""))
    new = by_number.get(request.GET.get("to", ""))
    if old is None or new is None:
        if len(versions) >= 2:
            new, old = versions[0], versions[1]
        else:
            messages.error(request, _("There is only one version: nothing to compare yet."))
            return redirect("duties:post", post_code=the_post.code)
    comparison = services.duty_lists_compare(old=old, new=new)
    return render(
        request,
        "duties/compare.html",
        {"post": the_post, "versions": versions, "comparison": comparison},
    )


# ── one version ────────────────────────────────────────────────────────────────────────────────


def _list_with_items(request: HttpRequest, list_id: int) -> DutyList:
    duty_list = get_duty_list_for_user(request.user, list_id)
    return selectors.with_items(duty_lists_for(request.user)).get(pk=duty_list.pk)


@login_required
@require_GET
def duty_list(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = _list_with_items(request, list_id)
    return render(
        request,
        "duties/list.html",
        {
            "duty_list": the_list,
            "post": the_list.post,
            "editable": the_list.is_draft and can_edit(request.user, the_list.post.jurisdiction),
        },
    )


@login_required
def list_publish(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = get_duty_list_for_user(request.user, list_id)
    if request.method != "POST":  # after loading: a refusal must not depend on the method
        return HttpResponseNotAllowed(["POST"])
    _require_editor(request, the_list)
    try:
        services.duty_list_publish(actor=request.user, duty_list=the_list)
    except services.DutyListError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version %(version)s published.") % {"version": the_list.version})
    return redirect("duties:post", post_code=the_list.post.code)


@login_required
def list_add_item(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = get_duty_list_for_user(request.user, list_id)
    if request.method != "POST":  # after loading: a refusal must not depend on the method
        return HttpResponseNotAllowed(["POST"])
    _require_editor(request, the_list)
    try:
        services.duty_item_add_local(
            actor=request.user,
            duty_list=the_list,
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
            basis=request.POST.get("basis", ""),
        )
    except services.DutyListError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Local duty added."))
    return redirect("duties:post", post_code=the_list.post.code)


@login_required
@require_GET
def list_docx(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = _list_with_items(request, list_id)
    return _download(exports.duty_list_docx(the_list), DOCX, f"zeren-{the_list.post.code}-v{the_list.version}.docx")


@login_required
@require_GET
def list_xlsx(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = _list_with_items(request, list_id)
    return _download(exports.duty_list_xlsx(the_list), XLSX, f"zeren-{the_list.post.code}-v{the_list.version}.xlsx")


# ── local items ────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_duty_item_for_user(request.user, item_id)
    _require_editor(request, item.duty_list)
    error = ""
    values = {"title": item.title, "text": item.text, "basis": item.basis}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in values}
        try:
            services.duty_item_update(actor=request.user, item=item, **values)
        except services.DutyListError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Local duty saved."))
            return redirect("duties:post", post_code=item.duty_list.post.code)
    return render(
        request,
        "duties/item_edit.html",
        {"item": item, "post": item.duty_list.post, "values": values, "error": error},
        status=400 if error else 200,
    )


@login_required
def item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_duty_item_for_user(request.user, item_id)
    if request.method != "POST":  # after loading: a refusal must not depend on the method
        return HttpResponseNotAllowed(["POST"])
    _require_editor(request, item.duty_list)
    code = item.duty_list.post.code
    try:
        services.duty_item_remove(actor=request.user, item=item)
    except services.DutyListError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Local duty removed."))
    return redirect("duties:post", post_code=code)


# ── 公示: public pages ─────────────────────────────────────────────────────────────────────────


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    places, chosen, groups = selectors.public_index(request.GET.get("j") or None)
    return render(request, "duties/public_index.html", {"places": places, "chosen": chosen, "groups": groups})


def _public_list(list_id: int) -> DutyList:
    found = get_published_duty_list(list_id)
    return selectors.with_items(published_duty_lists()).get(pk=found.pk)


@require_GET
def public_list(request: HttpRequest, list_id: int) -> HttpResponse:
    return render(request, "duties/public_list.html", {"duty_list": _public_list(list_id)})


@require_GET
def public_docx(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = _public_list(list_id)
    return _download(exports.duty_list_docx(the_list), DOCX, f"zeren-{the_list.post.code}-v{the_list.version}.docx")
