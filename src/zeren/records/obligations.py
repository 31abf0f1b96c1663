"""The texts behind a stored verdict: an obligation's title and the articles it cites, read from the
pack that produced it, and the kind of a period from its id."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from zeren.org.bindings import registry
from zeren.policy.schema import Duty


@cache
def _duties(policy_version: str, policy_id: str) -> dict[str, Duty]:
    return {d.id: d for d in registry().get(policy_id).duties}


@dataclass(frozen=True)
class Citation:
    id: str
    label: str
    text: str


def obligation_info(policy_id: str, policy_version: str, obligation: str) -> tuple[str, list[Citation]]:
    """The duty's title and its citations (article label and text) in the policy."""
    try:
        policy = registry().get(policy_id)
    except Exception:  # a pack removed since the verdict was stored
        return obligation, []
    duty = _duties(policy.version, policy_id).get(obligation)
    if duty is None:
        return obligation, []
    cites = []
    for cite in duty.cites:
        citable = policy.cite(cite)
        cites.append(Citation(cite, citable.label, citable.text))
    return duty.title, cites


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def period_kind(period: str) -> str:
    if period.startswith("event:"):
        return "event"
    if _MONTH.match(period):
        return "month"
    if "-Q" in period:
        return "quarter"
    if "-H" in period:
        return "half_year"
    if re.fullmatch(r"\d{4}", period):
        return "year"
    if re.fullmatch(r"\d{4}/\d{4}", period):
        return "two_years"
    return "range"


def period_label(period: str, events: Mapping[str, str] | None = None) -> str:
    """A period as people name it: 2026年3月, 2026年第一季度, 2026年上半年, 2026年, 2025—2026年; an event's
    period by its accident (``events``: accident id → title, see :func:`event_names`)."""
    if period.startswith("event:"):
        key = period.removeprefix("event:")
        name = (events or {}).get(key)
        return _("after the accident “%(name)s”") % {"name": name} if name else _("after an accident")
    if _MONTH.match(period):
        return _("%(year)s, month %(month)s") % {"year": period[:4], "month": int(period[5:])}
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        quarter = {
            "1": _("first quarter of %(year)s"),
            "2": _("second quarter of %(year)s"),
            "3": _("third quarter of %(year)s"),
            "4": _("fourth quarter of %(year)s"),
        }[match.group(2)]
        return quarter % {"year": match.group(1)}
    if match := re.fullmatch(r"(\d{4})-H([12])", period):
        half = _("first half of %(year)s") if match.group(2) == "1" else _("second half of %(year)s")
        return half % {"year": match.group(1)}
    if re.fullmatch(r"\d{4}", period):
        return _("the year %(year)s") % {"year": period}
    if match := re.fullmatch(r"(\d{4})/(\d{4})", period):
        return _("the years %(first)s to %(last)s") % {"first": match.group(1), "last": match.group(2)}
    return _("another period")


def event_names(periods: Iterable[str]) -> dict[str, str]:
    """The titles of the accidents behind event periods (``event:<accident id>``), read at once."""
    from zeren.accidents.models import Accident

    ids = {p.removeprefix("event:") for p in periods if p.startswith("event:")}
    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(pk): title for pk, title in Accident.objects.filter(pk__in=numeric).values_list("pk", "title")}
