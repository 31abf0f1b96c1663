from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "zeren.commendations"
    verbose_name = _("Commendations")
    default_auto_field = "django.db.models.BigAutoField"
