"""Accounts: who signs in, in which role, over which jurisdiction subtree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeren.org.models import Jurisdiction, Person


class Role(models.TextChoices):
    """What an account does in zeren. Superusers have no role; anonymous visitors are the
    public and see published items only."""

    OFFICE = "office", _("Safety committee office")
    ORGANISATION = "organisation", _("Organisation department")
    DISCIPLINE = "discipline", _("Discipline inspection")
    OFFICIAL = "official", _("Official")


class User(AbstractUser):
    """An account scoped to one jurisdiction subtree: it sees its jurisdiction and
    everything below it, never a neighbour or the level above. A superuser sees all."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
        help_text=_("Officials only: the person record this account belongs to."),
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=True)
                | (models.Q(role__in=Role.values) & models.Q(jurisdiction__isnull=False)),
                name="accounts_user_role_and_jurisdiction",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.OFFICIAL) | models.Q(person__isnull=False),
                name="accounts_user_official_has_person",
            ),
            models.CheckConstraint(
                condition=models.Q(role=Role.OFFICIAL) | models.Q(person__isnull=True),
                name="accounts_user_person_only_for_officials",
            ),
        ]

    @property
    def role_label(self) -> str:
        if self.is_superuser:
            return str(_("Administrator"))
        return str(Role(self.role).label) if self.role in Role.values else ""

    @property
    def display_name(self) -> str:
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username
