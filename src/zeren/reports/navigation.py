from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.accounts.access import sees_everything
from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if request.user.is_authenticated and (
        sees_everything(request.user) or getattr(request.user, "role", "") == "office"
    ):
        return [NavItem(_("Yearly report"), reverse("reports:annual"), order=68)]
    return []
