"""The front page: what zeren is, and the way in; and the review page of a policy pack."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from zeren.accounts.access import AnyUser, require_role
from zeren.accounts.models import Role
from zeren.org.bindings import registry
from zeren.policy.loader import PackError
from zeren.policy.review import review_html

# Where each role starts its day (the one place: LOGIN_REDIRECT_URL is the front page, which sends a
# signed-in user here): an official to 我的职责, the office to its compliance dashboard, the
# organisation department to the dossiers (履职档案, for promotions and appraisals), discipline
# inspection to the accountability cases; the administrator to the dashboard.
LANDING: dict[str, str] = {
    Role.OFFICIAL: "records:mine",
    Role.OFFICE: "records:dashboard_home",
    Role.ORGANISATION: "cases:dossier_search",
    Role.DISCIPLINE: "cases:list",
}


def landing_url(user: AnyUser) -> str:
    """The page a signed-in user lands on, by role."""
    if user.is_superuser:
        return reverse("records:dashboard_home")
    role: str = getattr(user, "role", "")
    return reverse(LANDING.get(role, "org:tree"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
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
