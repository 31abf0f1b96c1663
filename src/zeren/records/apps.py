from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "zeren.records"
    verbose_name = _("Duty performance")
    default_auto_field = "django.db.models.BigAutoField"
