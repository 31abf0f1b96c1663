from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "zeren.records"
    verbose_name = _("Duty performance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zeren.org.signals import posts_changed
        from zeren.records.compliance import follow_posts_changed

        posts_changed.connect(follow_posts_changed, dispatch_uid="zeren.records.follow_posts_changed")
