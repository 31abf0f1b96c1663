"""The jurisdiction tree (辖区) and the people who hold posts in it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeren.org.levels import Level


class Jurisdiction(models.Model):
    """A node of the administrative tree: province, city, county, township or street,
    functional zone or new area.

    ``path`` is a materialised path of codes (``/130000/130100/130123/``) kept by
    :mod:`zeren.org.services`; a subtree is one indexed prefix query
    (``path__startswith``), which on PostgreSQL uses the ``varchar_pattern_ops`` index
    Django adds beside the unique index of a text field.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values), name="org_jurisdiction_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def has_national_code(self) -> bool:
        """Functional zones carry a locally assigned code, everything else the national one."""
        return self.level != Level.ZONE

    def is_within(self, other: Jurisdiction) -> bool:
        """True when this node is ``other`` or lies in its subtree."""
        return self.path.startswith(other.path)


class Person(models.Model):
    """A person who holds (or held) posts: an official's identity across appointments.

    An official's account is bound to one person; posts and appointments over time will
    hang off this record.
    """

    name = models.CharField(_("name"), max_length=100)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="people"
    )

    class Meta:
        ordering = ["jurisdiction__path", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name
