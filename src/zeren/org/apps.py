from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """The organisation: the jurisdiction tree and the people who hold posts in it."""

    name = "zeren.org"
    label = "org"
    verbose_name = _("Organisation")
