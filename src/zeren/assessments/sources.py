"""The pre-fill's fact sources from the apps below this one (:mod:`zeren.assessments.prefill`):

* ``findings`` — the findings of inspection tours (巡查问题, :mod:`zeren.tours`) of each assessed
  jurisdiction's subtree found by the end of the year and not rectified before it began. A finding
  is rectified on the day its last rectification item is signed off (销号); one with no item, or
  with an item not signed off, is open. ``due`` is the latest deadline of its items.
* ``hazards`` — the major hazards listed for supervision (挂牌督办, :mod:`zeren.supervision`) in the
  subtree, listed by the end of the year and not delisted (摘牌销号) before it began.
* ``supervision`` — the supervision tickets (督办单) whose lead body is in the subtree, due in the
  year, with the day they were closed.

The core decides what counts (open at the year's end, closed after its due date; 河北 第十四条: tour
results are a reference for the assessment). Each source reads all targets at once: one query over
the fewest subtrees that hold them (as the accidents source does), never one per jurisdiction.
Links go to the tour page's finding, the listed hazard's page and the ticket's page.

Registered in :meth:`zeren.assessments.apps.AssessmentsConfig.ready`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from zeren.assessments.prefill import Facts, Needs, Target, register_fact_source
from zeren.supervision.models import ListedHazard, Ticket
from zeren.tours.models import Finding, ItemStatus

_FEW_ROOTS = 20
"""Up to this many subtrees are filtered in SQL one by one; beyond (a province's every county) the
rows under their common ancestor are read once and sorted to their targets in Python."""


def _roots(targets: Sequence[Target]) -> list[str]:
    roots: list[str] = []
    for path in sorted(t.path for t in targets):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def _within(queryset: QuerySet[Any], targets: Sequence[Target], field: str) -> QuerySet[Any]:
    roots = _roots(targets)
    if len(roots) > _FEW_ROOTS:
        common = _common_path(roots)
        return queryset.filter(**{f"{field}__startswith": common}) if common else queryset
    where = Q()
    for path in roots:
        where |= Q(**{f"{field}__startswith": path})
    return queryset.filter(where)


def _common_path(paths: Sequence[str]) -> str:
    """The deepest path (``/a/b/``) above every one of ``paths``; "" when they share none."""
    parts = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for codes in zip(*parts, strict=False):
        if len(set(codes)) != 1:
            break
        common.append(codes[0])
    return "/" + "/".join(common) + "/" if common else ""


def _targets_of(path: str, by_code: dict[str, Target]) -> Iterable[Target]:
    """The targets whose subtree holds ``path`` (the jurisdiction itself and those above it)."""
    for code in path.strip("/").split("/"):
        target = by_code.get(code)
        if target is not None:
            yield target


def _add(out: dict[int, Facts], target: Target, key: str, fact: dict[str, Any], url: str) -> None:
    facts = out.get(target.id)
    if facts is None:
        facts = out[target.id] = {"links": {}}
    facts.setdefault(key, []).append(fact)
    facts["links"].setdefault(_LINK_KIND[key], {})[fact["id"]] = url


_LINK_KIND = {"findings": "finding", "hazards": "hazard", "supervision": "supervision"}


def finding_facts(targets: Sequence[Target], year: int, _needs: Needs | None = None) -> dict[int, Facts]:
    out: dict[int, Facts] = {}
    if not targets:
        return out
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    findings = (
        _within(Finding.objects.filter(found_on__lte=end), targets, "jurisdiction__path")
        .annotate(
            items=Count("rectification_items"),
            open_items=Count("rectification_items", filter=~Q(rectification_items__status=ItemStatus.CLOSED)),
            last_closed=Max("rectification_items__closed_on"),
            due=Max("rectification_items__deadline"),
        )
        .filter(Q(items=0) | Q(open_items__gt=0) | Q(last_closed__gte=start))
        .order_by("found_on", "pk")
        .values_list(
            "pk",
            "tour_id",
            "description",
            "found_on",
            "items",
            "open_items",
            "last_closed",
            "due",
            "jurisdiction__path",
        )
    )
    by_code = {t.code: t for t in targets}
    for pk, tour_id, description, found_on, items, open_items, last_closed, due, path in findings.iterator(
        chunk_size=5000
    ):
        rectified_on = last_closed if items and not open_items else None
        fact = {
            "id": str(pk),
            "title": _short(description),
            "found_on": found_on.isoformat(),
            "due": due.isoformat() if due else None,
            "rectified_on": rectified_on.isoformat() if rectified_on else None,
        }
        url = f"{reverse('tours:tour', kwargs={'tour_id': tour_id})}#finding-{pk}"
        for target in _targets_of(path, by_code):
            _add(out, target, "findings", fact, url)
    return out


def hazard_facts(targets: Sequence[Target], year: int, _needs: Needs | None = None) -> dict[int, Facts]:
    out: dict[int, Facts] = {}
    if not targets:
        return out
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    listings = (
        _within(ListedHazard.objects.filter(listed_on__lte=end), targets, "jurisdiction__path")
        .filter(Q(delisted_on__isnull=True) | Q(delisted_on__gte=start))
        .order_by("listed_on", "pk")
        .values_list("pk", "title", "notice_number", "listed_on", "deadline", "delisted_on", "jurisdiction__path")
    )
    by_code = {t.code: t for t in targets}
    for pk, title, notice, listed_on, deadline, delisted_on, path in listings.iterator(chunk_size=5000):
        fact = {
            "id": str(pk),
            "title": f"{title}（{notice}）" if notice else title,
            "listed": True,
            "found_on": listed_on.isoformat(),
            "due": deadline.isoformat(),
            "rectified_on": delisted_on.isoformat() if delisted_on else None,
        }
        url = reverse("supervision:listing", kwargs={"listing": pk})
        for target in _targets_of(path, by_code):
            _add(out, target, "hazards", fact, url)
    return out


def ticket_facts(targets: Sequence[Target], year: int, _needs: Needs | None = None) -> dict[int, Facts]:
    out: dict[int, Facts] = {}
    if not targets:
        return out
    tickets = (
        _within(Ticket.objects.filter(due_on__year=year), targets, "lead_body__jurisdiction__path")
        .order_by("due_on", "pk")
        .values_list("pk", "number", "title", "due_on", "closed_on", "lead_body__jurisdiction__path")
    )
    by_code = {t.code: t for t in targets}
    for pk, number, title, due_on, closed_on, path in tickets.iterator(chunk_size=5000):
        fact = {
            "id": str(pk),
            "title": f"{title}（{number}）",
            "due": due_on.isoformat(),
            "closed_on": closed_on.isoformat() if closed_on else None,
        }
        url = reverse("supervision:ticket", kwargs={"ticket": pk})
        for target in _targets_of(path, by_code):
            _add(out, target, "supervision", fact, url)
    return out


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def register() -> None:
    register_fact_source("findings", finding_facts)
    register_fact_source("hazards", hazard_facts)
    register_fact_source("supervision", ticket_facts)
