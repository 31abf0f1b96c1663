from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zeren.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return [NavItem(_("Assessment results"), reverse("assessments:public_list"), order=75)]
    return [NavItem(_("Assessments"), reverse("assessments:list"), order=65)]
