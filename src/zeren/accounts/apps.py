from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts, their roles and jurisdictions, login and logout, and the access layer."""

    name = "zeren.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
