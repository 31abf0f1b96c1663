from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zeren.cases"
    verbose_name = _("Accountability cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zeren.cases import assessment_facts

        assessment_facts.register()
