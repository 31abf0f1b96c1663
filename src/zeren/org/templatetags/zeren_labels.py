"""Template filters that name what the pages would otherwise show as ids: a policy pack by its
regulation (《常州市…实施办法》（常办〔2018〕30号）), an article by its label (常州 第六条 第（四）项), a level
by its Chinese name. The ids themselves go into the technical details (templates/zeren/_technical.html)."""

from __future__ import annotations

from django import template

from zeren.org.bindings import article_label, policy_name
from zeren.org.levels import LEVEL_NAMES

register = template.Library()


@register.filter(name="policy_name")
def policy_name_filter(pack_id: str) -> str:
    return policy_name(pack_id)


@register.filter(name="article_labels")
def article_labels_filter(cites: list[str], pack_id: str) -> str:
    return "、".join(article_label(c, pack_id) for c in cites)


@register.filter(name="level_label")
def level_label_filter(level: str) -> str:
    """县级, 市级 …: a level as it qualifies a reading."""
    return str(LEVEL_NAMES[level]) if level in LEVEL_NAMES else "—"
