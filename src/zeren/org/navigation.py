from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [
        NavItem(_("Jurisdictions"), reverse("org:tree"), order=10),
        NavItem(_("Posts"), reverse("org:post_search"), order=11),
        NavItem(_("People"), reverse("org:person_search"), order=12),
        *(
            [NavItem(_("Import"), reverse("org:organisation_import"), order=13)]
            if request.user.is_superuser or getattr(request.user, "role", "") == "office"
            else []
        ),
    ]
