from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccidentsConfig(AppConfig):
    name = "zeren.accidents"
    verbose_name = _("Accidents")
    default_auto_field = "django.db.models.BigAutoField"
