"""Jurisdiction levels (docs/contracts.md "Levels") and the codes each level carries.

National administrative division codes (GB/T 2260) have 6 digits for provinces, cities,
counties and new areas; townships and streets carry the 9-digit code of the statistical
division code (统计用区划代码, first 9 digits). Functional zones (开发区、园区、港区、风景区) have no
national code: zeren gives them a locally assigned code ``Z`` + the 6-digit code of the
jurisdiction that set the zone up + a 2-digit sequence, e.g. ``Z32040001`` for 常州经济开发区.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township or street")
    ZONE = "zone", _("Functional zone")
    NEW_AREA = "new_area", _("New area")


LEVEL_NAMES = {
    "province": _("province"),
    "city": _("city"),
    "county": _("county"),
    "township": _("township or street"),
    "zone": _("functional zone"),
    "new_area": _("new area"),
}
"""A level as it qualifies a reading or a rank: 县级, 市级 (the nouns are Level's labels: 县（市、区）)."""

CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    Level.PROVINCE: re.compile(r"^[1-9][0-9]0000$"),
    Level.CITY: re.compile(r"^[1-9][0-9]{5}$"),
    Level.COUNTY: re.compile(r"^[1-9][0-9]{5}$"),
    Level.NEW_AREA: re.compile(r"^[1-9][0-9]{5}$"),
    Level.TOWNSHIP: re.compile(r"^[1-9][0-9]{8}$"),
    Level.ZONE: re.compile(r"^Z[1-9][0-9]{7}$"),
}

CODE_FORMS: dict[str, Promise] = {
    Level.PROVINCE: _("6 digits ending in 0000, e.g. 130000"),
    Level.CITY: _("6 digits, e.g. 320400"),
    Level.COUNTY: _("6 digits, e.g. 320412"),
    Level.NEW_AREA: _("6 digits, e.g. 133100"),
    Level.TOWNSHIP: _("9 digits, e.g. 320412100"),
    Level.ZONE: _("Z and 8 digits (a local code), e.g. Z32040001"),
}

# Which level may sit directly above which. ``None`` marks a level that may be a root.
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    Level.PROVINCE: frozenset({None}),
    Level.CITY: frozenset({None, Level.PROVINCE}),
    Level.NEW_AREA: frozenset({Level.PROVINCE}),
    Level.COUNTY: frozenset({Level.PROVINCE, Level.CITY, Level.NEW_AREA}),
    Level.ZONE: frozenset({Level.PROVINCE, Level.CITY, Level.COUNTY, Level.NEW_AREA}),
    Level.TOWNSHIP: frozenset({Level.CITY, Level.COUNTY, Level.ZONE, Level.NEW_AREA}),
}

# Any code of any level, for URL patterns.
ANY_CODE_REGEX = r"[1-9][0-9]{5}|[1-9][0-9]{8}|Z[1-9][0-9]{7}"


def code_fits_level(code: str, level: str) -> bool:
    pattern = CODE_PATTERNS.get(level)
    return pattern is not None and pattern.match(code) is not None


def parent_allowed(level: str, parent_level: str | None) -> bool:
    return parent_level in ALLOWED_PARENTS.get(level, frozenset())
