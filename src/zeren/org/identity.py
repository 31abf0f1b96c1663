"""Identity numbers (居民身份证号码) are never stored in clear: a keyed hash recognises the same
person on re-import. The key is ``ZEREN_IDENTITY_KEY`` when set, else the SECRET_KEY; changing
it makes old digests unrecognisable (re-import then creates new people), so set it once."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

_ID = re.compile(r"^[1-9]\d{16}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def identity_number_valid(number: str) -> bool:
    """GB 11643: 18 characters with a mod 11-2 check character."""
    number = number.strip().upper()
    if not _ID.match(number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17]


def identity_digest(number: str) -> str:
    key = (getattr(settings, "ZEREN_IDENTITY_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(key, number.strip().upper().encode(), hashlib.sha256).hexdigest()
