"""The commendation list for the office (表扬奖励: 常州 第十九条, 河北 第十九条、第二十条): the officials
of the regions the account's jurisdiction assesses who are eligible for 记功/嘉奖, and those who are
not though their region's results would allow it, with the reasons and articles.

The list is the eligibility service's (:mod:`zeren.commendations.eligibility`); the restrictions come
from the accountability app through its selector, handed to the service as its lookup."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.cases.selectors import reward_restrictions
from zeren.commendations.eligibility import commendation_list
from zeren.org.models import Jurisdiction

ROLES = (Role.OFFICE, Role.ORGANISATION)


def _int(raw: str, default: int, problems: list[str], what: str) -> int:
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1990 <= value <= 2100:
        problems.append(_("“%(value)s” is not a year; showing %(default)s.") % {"value": raw, "default": default})
        return default
    return value


@login_required
@require_GET
def commendations(request: HttpRequest) -> HttpResponse:
    access.require_role(request.user, *ROLES)
    problems: list[str] = []
    today = timezone.localdate()
    code = request.GET.get("code", "")
    jurisdiction: Jurisdiction | None
    if code:
        jurisdiction = access.get_jurisdiction_for_user(request.user, code)
    else:
        jurisdiction = (
            getattr(request.user, "jurisdiction", None)
            or access.jurisdictions_for(request.user).filter(parent__isnull=True).order_by("path").first()
        )
    year = _int(request.GET.get("year", ""), today.year - 1, problems, "year")
    on = today
    if request.GET.get("on"):
        try:
            on = datetime.date.fromisoformat(request.GET["on"])
        except ValueError:
            problems.append(
                _("“%(value)s” is not a date (use YYYY-MM-DD); showing today.") % {"value": request.GET["on"]}
            )
    listing = (
        commendation_list(jurisdiction, as_of_year=year, on=on, restrictions=reward_restrictions)
        if jurisdiction is not None
        else None
    )
    return render(request, "commendations/list.html", {"l": listing, "problems": problems, "year": year, "on": on})
