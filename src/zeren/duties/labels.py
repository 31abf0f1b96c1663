"""How a duty's kind and frequency read (pages and exports alike)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeren.duties.models import DutyItem, DutyList
from zeren.org.bindings import policy_name
from zeren.org.levels import LEVEL_NAMES as LEVELS

KINDS = {
    "periodic": gettext_lazy("Periodic"),
    "event": gettext_lazy("On an event"),
    "standing": gettext_lazy("Standing"),
    "one_off": gettext_lazy("One-off"),
}
EVERY = {
    "month": gettext_lazy("every month"),
    "quarter": gettext_lazy("every quarter"),
    "half_year": gettext_lazy("every half-year"),
    "year": gettext_lazy("every year"),
    "two_years": gettext_lazy("every two years"),
}


def kind_label(item: DutyItem) -> str:
    if item.is_local:
        return _("Local")
    return str(KINDS.get(item.kind, item.kind))


def frequency(item: DutyItem) -> str:
    """E.g. "每季度至少1次"; empty for duties that are not counted."""
    if item.every and item.at_least:
        every = EVERY.get(item.every, item.every)
        if item.every.startswith("years:") and "@" in item.every:
            # a pack's every: {years: N, anchor: YYYY}, kept as years:N@YYYY
            years, anchor = item.every.removeprefix("years:").split("@", 1)
            every = _("every %(years)s years (cycles from %(anchor)s)") % {"years": years, "anchor": anchor}
        return _("%(every)s at least %(count)s time(s)") % {"every": every, "count": item.at_least}
    if item.kind == "event" and item.at_least:
        return _("on each event")
    return ""


def citation(item: DutyItem) -> str:
    """The articles an item rests on, e.g. "河北 第五条 第（三）项"; a local item's own basis."""
    if item.is_local:
        return _("Local: %(basis)s") % {"basis": item.basis} if item.basis else _("Local")
    return "、".join(article["label"] for article in item.articles)


def pack_line(duty_list: DutyList) -> str:
    """Which regulation (by title and 文号) and how it applies (直接适用 / 参照执行); the pack's id and
    version are for the technical details, never in this line."""
    how = (
        _("applies by reference (参照), read as %(level)s")
        % {"level": LEVELS.get(duty_list.read_as_level, duty_list.read_as_level)}
        if duty_list.applies == "by_reference"
        else _("applies directly")
    )
    return f"{policy_name(duty_list.pack_id, duty_list.policy_title)}{how}"
