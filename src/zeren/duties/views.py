"""Pages of duty lists (责任清单): a jurisdiction's overview, a post's versions, one version, the
comparison of two versions, the exports, and the public 公示 pages. Objects are loaded through
zeren.duties.access / zeren.accounts.access only; changes go through zeren.duties.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zeren.accounts import access
from zeren.actions import flash, post_action, saved
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
from zeren.problems import Problems

T = TypeVar("T")

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


def _post(
    request: HttpRequest, *, act: Callable[[], T], done: Callable[[T], str], to: tuple[str, dict[str, Any]]
) -> HttpResponse:
    """A button of a duty-list page (no fields but the CSRF token): the service, then its message or
    its problems on the page ``to`` names."""
    name, kwargs = to
    return post_action(
        request,
        form=forms.Form,
        act=lambda _form: act(),
        done=lambda result: saved(request, done(result), name, **kwargs),
        show=lambda _form, problems: flash(request, problems, name, **kwargs),
    )


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
    _require_editor(request, node)
    return _post(
        request,
        act=lambda: services.duty_lists_generate_missing(actor=request.user, jurisdiction=node),
        done=lambda result: _("Drafts generated: %(count)s.") % {"count": len(result.generated)},
        to=("duties:jurisdiction", {"code": node.code}),
    )


@login_required
def jurisdiction_publish(request: HttpRequest, code: str) -> HttpResponse:
    node = access.get_jurisdiction_for_user(request.user, code)
    _require_editor(request, node)
    return _post(
        request,
        act=lambda: services.duty_lists_publish_drafts(actor=request.user, jurisdiction=node),
        done=lambda published: _("Duty lists published: %(count)s.") % {"count": len(published)},
        to=("duties:jurisdiction", {"code": node.code}),
    )


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
    return _post(
        request,
        act=lambda: services.duty_list_generate(actor=request.user, post=the_post),
        done=lambda draft: _("Draft version %(version)s generated.") % {"version": draft.version},
        to=("duties:post", {"post_code": the_post.code}),
    )


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
    _require_editor(request, the_list)
    return _post(
        request,
        act=lambda: services.duty_list_publish(actor=request.user, duty_list=the_list),
        done=lambda _result: _("Version %(version)s published.") % {"version": the_list.version},
        to=("duties:post", {"post_code": the_list.post.code}),
    )


@login_required
def list_add_item(request: HttpRequest, list_id: int) -> HttpResponse:
    the_list = get_duty_list_for_user(request.user, list_id)
    _require_editor(request, the_list)
    return _post(
        request,
        act=lambda: services.duty_item_add_local(
            actor=request.user,
            duty_list=the_list,
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
            basis=request.POST.get("basis", ""),
        ),
        done=lambda _result: _("Local duty added."),
        to=("duties:post", {"post_code": the_list.post.code}),
    )


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
    stored = {"title": item.title, "text": item.text, "basis": item.basis}

    def show(_form: forms.Form, problems: Problems | None) -> HttpResponse:
        values = {name: request.POST.get(name, "") for name in stored} if request.method == "POST" else stored
        error = problems.message if problems else ""
        context = {"item": item, "post": item.duty_list.post, "values": values, "error": error}
        return render(request, "duties/item_edit.html", context, status=problems.status if problems else 200)

    return post_action(
        request,
        form=forms.Form,
        act=lambda _form: services.duty_item_update(
            actor=request.user, item=item, **{name: request.POST.get(name, "") for name in stored}
        ),
        done=lambda _result: saved(
            request, _("Local duty saved."), "duties:post", post_code=item.duty_list.post.code
        ),
        show=show,
        form_on_get=True,
    )


@login_required
def item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_duty_item_for_user(request.user, item_id)
    _require_editor(request, item.duty_list)
    code = item.duty_list.post.code
    return _post(
        request,
        act=lambda: services.duty_item_remove(actor=request.user, item=item),
        done=lambda _result: _("Local duty removed."),
        to=("duties:post", {"post_code": code}),
    )


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
