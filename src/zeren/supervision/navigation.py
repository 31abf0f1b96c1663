from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:  # the public sees the published listings
        return [NavItem(_("Listed hazards"), reverse("supervision:public_listings"), order=66)]
    return [NavItem(_("Supervision"), reverse("supervision:tickets"), order=65)]
