from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """A realistic fictional organisation for 常州 and 河北, to try zeren out."""

    name = "zeren.demo"
    label = "demo"
    verbose_name = _("Demo data")
