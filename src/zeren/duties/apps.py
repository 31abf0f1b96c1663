from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "zeren.duties"
    verbose_name = _("Duty lists")
    default_auto_field = "django.db.models.BigAutoField"
