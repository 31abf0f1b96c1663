from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    out = []
    if getattr(user, "person_id", None) is not None:
        out.append(NavItem(_("My duties"), reverse("records:mine"), order=20))
    if getattr(user, "jurisdiction_id", None) is not None or user.is_superuser:
        out.append(NavItem(_("Compliance"), reverse("records:dashboard_home"), order=30))
    out.append(NavItem(_("Records"), reverse("records:list"), order=31))
    return out
