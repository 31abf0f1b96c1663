from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.accounts.access import sees_everything
from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    if sees_everything(request.user) or getattr(request.user, "role", "") in ("office", "organisation"):
        return [NavItem(_("Commendations"), reverse("commendations:list"), order=66)]
    return []
