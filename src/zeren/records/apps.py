from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "zeren.records"
    verbose_name = _("Duty performance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zeren.org.signals import inputs_changed
        from zeren.records.triggers import follow_inputs_changed

        inputs_changed.connect(follow_inputs_changed, dispatch_uid="zeren.records.follow_inputs_changed")
