"""Bearer-token authentication: the token's user becomes ``request.user``.

- :class:`TokenAuth` is the API-wide default: no valid token → 401.
- :data:`TOKEN_OR_PUBLIC` (with ``openapi_extra=PUBLIC``) is for public endpoints such as the
  published duty lists: a valid token scopes the answer to its user; without one, or with a bad
  one, the request is the public's (:class:`~django.contrib.auth.models.AnonymousUser`), never 401.
  The OpenAPI document then lists both requirements, ``[{"TokenAuth": []}, {}]``: a token, or nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from zeren.api.models import ApiToken, token_digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user", "user__jurisdiction")
            .filter(digest=token_digest(token), revoked__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used is None or (now - found.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found.user


def public(request: HttpRequest) -> AnonymousUser:
    """No valid token: the public (a browser's session login does not count in the API either)."""
    request.user = AnonymousUser()
    return request.user


TOKEN_OR_PUBLIC = [TokenAuth(), public]
# django-ninja documents only TokenAuth for TOKEN_OR_PUBLIC; it appends this empty requirement
# (``openapi_extra`` lists are merged into the operation's), which says "or no credentials at all".
PUBLIC: dict[str, Any] = {"security": [{}]}
