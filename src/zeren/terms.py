"""The names of the core's vocabulary on the pages: one place (zeren.policy.vocabulary).

A role or an activity is named by the texts (常州 第四条: 党委（党工委）主要负责人…); the pages show the
core's Chinese name as it is in Chinese, and its English name in the English interface. These names are
not msgids: django.po never holds a second translation of them that could drift from the law's words.

    ROLE_LABELS = {role: term(ROLE_NAMES_ZH[role], ROLE_NAMES_EN[role]) for role in ROLES}

Everything else a page says is an English msgid translated in django.po (CONTRIBUTING.md).
"""

from __future__ import annotations

from typing import cast

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language

from zeren.policy.vocabulary import (
    ACTIVITIES,
    ACTIVITY_NAMES_EN,
    ACTIVITY_NAMES_ZH,
    ROLE_NAMES_EN,
    ROLE_NAMES_ZH,
    ROLES,
)


def _pick(chinese: str, english: str) -> str:
    language = get_language() or ""
    return chinese if language.lower().startswith("zh") else english


_lazy_pick = lazy(_pick, str)


def term(chinese: str, english: str) -> Promise:
    """The core's name of a term, lazily: Chinese on a Chinese page, English otherwise (and in migrations,
    which run without a language)."""
    return cast(Promise, _lazy_pick(chinese, english))


ROLE_LABELS: dict[str, Promise] = {role: term(ROLE_NAMES_ZH[role], ROLE_NAMES_EN[role]) for role in ROLES}
ACTIVITY_LABELS: dict[str, Promise] = {a: term(ACTIVITY_NAMES_ZH[a], ACTIVITY_NAMES_EN[a]) for a in ACTIVITIES}
