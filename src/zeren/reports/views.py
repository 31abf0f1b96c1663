"""The yearly report upward (常州 第十一条第二款; 河北 第九条(六)): a page to choose the year and the
.docx drafted from the data, for the office of the jurisdiction."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.reports.annual import annual_report, annual_report_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def annual_index(request: HttpRequest) -> HttpResponse:
    """The office's own jurisdiction (a superuser: the top of each tree) and the years to draft."""
    access.require_role(request.user, Role.OFFICE)
    own = getattr(request.user, "jurisdiction", None)
    places = [own] if own is not None else list(access.jurisdictions_for(request.user).filter(parent__isnull=True))
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 5, -1))
    return render(request, "reports/annual.html", {"places": places, "years": years})


@login_required
@require_GET
def annual_document(request: HttpRequest, code: str, year: int) -> HttpResponse:
    access.require_role(request.user, Role.OFFICE)
    jurisdiction = access.get_jurisdiction_for_user(request.user, code)
    today = timezone.localdate()
    if not 1990 <= year <= today.year:
        return HttpResponse(status=404)
    body = annual_report_docx(annual_report(jurisdiction, year), today=today)
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{jurisdiction.code}-{year}.docx"'
    return response
