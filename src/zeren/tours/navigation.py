from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or not (getattr(user, "jurisdiction_id", None) is not None or user.is_superuser):
        return []
    if getattr(user, "role", "") == "official":
        return []
    # One entry: the rectification lists live under /tours/ too (the header marks an entry whose URL
    # the page's path contains), and the tours page links to them.
    return [NavItem(_("Inspection tours"), reverse("tours:index"), order=40)]
