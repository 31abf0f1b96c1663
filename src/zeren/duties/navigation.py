from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    """Duty lists for accounts; the 公示 page for everyone."""
    entries = [NavItem(_("Public notice"), reverse("duties:public_index"), order=90)]
    own = getattr(request.user, "jurisdiction", None)
    if request.user.is_authenticated and own is not None:
        entries.append(NavItem(_("Duty lists"), reverse("duties:jurisdiction", kwargs={"code": own.code}), order=20))
    return entries
