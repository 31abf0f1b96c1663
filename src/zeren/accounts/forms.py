"""The login form: Django's, refusing a user name longer than any account's before it is checked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LoginForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        """Django's form sets the field's max_length for the browser only; a longer name would reach
        the authentication backends (and django-axes' 255-character columns). Refuse it first."""
        username = self.cleaned_data.get("username") or ""
        limit = self.username_field.max_length or 150
        if len(username) > limit:
            raise ValidationError(
                _("A user name has at most %(limit)d characters; this one has %(length)d.")
                % {"limit": limit, "length": len(username)},
                code="username_too_long",
            )
        return super().clean()
