"""API tokens: a random secret shown once; only its SHA-256 digest is stored."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeren.tokens import token_digest

__all__ = ["PREFIX_LENGTH", "ApiToken", "token_digest"]

PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """A bearer token for one user. The token is ``zr_`` + 40 random URL-safe characters; the
    first characters after ``zr_`` (``prefix``) identify it for listing and revoking."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: models.Model, name: str = "") -> tuple[ApiToken, str]:
        """Create a token; returns the row and the clear token (never stored)."""
        body = secrets.token_urlsafe(30)
        while body.startswith("-"):  # a prefix "-…" would read as an option to `api_token revoke`
            body = secrets.token_urlsafe(30)
        secret = "zr_" + body
        token = cls.objects.create(
            user=user, name=name, prefix=secret[3 : 3 + PREFIX_LENGTH], digest=token_digest(secret)
        )
        return token, secret
