from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "zeren.tours"
    verbose_name = _("Inspection tours")
    default_auto_field = "django.db.models.BigAutoField"
