from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "zeren.records"
    verbose_name = _("Duty performance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from zeren.org.models import Jurisdiction
        from zeren.org.signals import inputs_changed
        from zeren.records.rollups import follow_jurisdiction_deleted
        from zeren.records.triggers import follow_inputs_changed

        inputs_changed.connect(follow_inputs_changed, dispatch_uid="zeren.records.follow_inputs_changed")
        pre_delete.connect(
            follow_jurisdiction_deleted, sender=Jurisdiction, dispatch_uid="zeren.records.follow_jurisdiction_deleted"
        )
