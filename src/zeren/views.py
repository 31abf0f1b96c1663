"""The front page: what zeren is, and the way in; and the review page of a policy pack."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from zeren.accounts.access import require_role
from zeren.accounts.models import Role
from zeren.org.bindings import registry
from zeren.policy.loader import PackError
from zeren.policy.review import review_html


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("org:tree")
    return render(request, "home.html")


@login_required
@require_GET
def policy_review(request: HttpRequest) -> HttpResponse:
    """For the office: a pack's articles, each with the rules, readings and cases that cite it and
    whether zeren computes it — the page ``zeren policy review ID`` writes; without ``?pack=`` the
    list of packs."""
    require_role(request.user, Role.OFFICE)
    packs = registry()
    pack_id = request.GET.get("pack", "")
    if not pack_id:
        rows = [(p, packs.get(p).title) for p in packs.ids()]
        return render(request, "policy_review_index.html", {"rows": rows})
    try:
        policy = packs.get(pack_id)
    except PackError:
        raise Http404 from None
    return HttpResponse(review_html(policy, registry=packs))
