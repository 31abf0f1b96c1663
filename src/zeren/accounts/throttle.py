"""Login throttling: django-axes' database handler with a limit for each lockout parameter.

Five failures for one user name from one address lock that pair out (guessing one password);
twenty failures from one address, whatever the user names, lock the address (password spraying:
one common password tried on many accounts). Both last an hour after the last failure
(``AXES_COOLOFF_TIME``). A successful login resets only its own user name's failures, so an
attacker who holds one account cannot clear the address's count by logging into it.

django-axes compares the largest count of any lockout parameter with one ``AXES_FAILURE_LIMIT``;
here each parameter's count is scaled to that limit by its own, so axes locks out when any
parameter reaches its limit.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

# Failures from one address, over all user names, that lock the address out.
ADDRESS_FAILURE_LIMIT = 20


def _names(parameter: str | list[str]) -> set[str]:
    return {parameter} if isinstance(parameter, str) else set(parameter)


def _limit(parameter: str | list[str]) -> int:
    return int(settings.AXES_FAILURE_LIMIT) if "username" in _names(parameter) else ADDRESS_FAILURE_LIMIT


def _failures(attempts: QuerySet[Any]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LoginThrottle(AxesDatabaseHandler):
    def _pairs(self, request: HttpRequest, credentials: dict[str, Any] | None) -> list[tuple[str | list[str], Any]]:
        parameters = get_lockout_parameters(request, credentials)
        return list(zip(parameters, self.get_user_attempts(request, credentials), strict=True))

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures in units of ``AXES_FAILURE_LIMIT``: it is reached when any parameter's
        count reaches that parameter's own limit."""
        base = int(settings.AXES_FAILURE_LIMIT)
        pairs = self._pairs(request, credentials)
        return max((_failures(attempts) * base // _limit(parameter) for parameter, attempts in pairs), default=0)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """After a successful login: forget the failures of this user name only."""
        count = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.filter_user_attempts(request, credentials), strict=True):
            if "username" in _names(parameter):
                deleted, _ = attempts.delete()
                count += deleted
        return count
