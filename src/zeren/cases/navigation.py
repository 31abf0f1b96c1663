from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.accounts.access import sees_everything
from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return [NavItem(_("Published decisions"), reverse("cases:public_list"), order=90)]
    entries = [NavItem(_("Accountability cases"), reverse("cases:list"), order=62)]
    if sees_everything(request.user) or getattr(request.user, "role", "") in ("organisation", "discipline"):
        entries.append(NavItem(_("Dossiers"), reverse("cases:dossier_search"), order=64))
    return entries
