"""The one trigger: the inputs of the verdicts changed, bring the stored verdicts up to date.

Every change the compliance verdicts depend on goes through :func:`inputs_changed`: tenures, posts,
departments, policy bindings and the jurisdiction tree (zeren.org sends
:data:`zeren.org.signals.inputs_changed`, followed here, since zeren.org imports no app above it),
organisation imports, and accidents (zeren.accidents calls it). It decides how:

* a scope of at most ``ZEREN_RECOMPUTE_INLINE_POSTS`` posts (200) is recomputed at once, in the
  caller's transaction: the new holder, the new policy, the new accident show on the next page;
* a larger one (a city bound to another pack, a county's import) becomes a background job, enqueued
  in the same transaction (:class:`~zeren.jobs.models.Job`, task
  :data:`zeren.records.tasks.recompute_compliance`), audited as ``compliance.recompute_queued`` with
  the actor and the reason. The recompute compares with what is stored and writes the difference,
  so it converges: a run killed half-way and run again gives the same verdicts.

The years: the current one, every earlier year from ``since`` on that has verdicts stored for the
scope (every such year when ``since`` is None), and the ``years`` the caller names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from zeren.audit.services import record_event
from zeren.jobs.models import Job
from zeren.jobs.services import Progress, job_create
from zeren.org.models import Jurisdiction, Post
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow


@dataclass(frozen=True)
class Recompute:
    """What the trigger did: ``how`` is ``"now"`` (recomputed in the caller's transaction),
    ``"queued"`` (the background job ``job``) or ``"nothing"`` (no post concerned, no year to judge)."""

    how: str
    posts: int
    years: tuple[int, ...]
    job: Job | None = None


def inputs_changed(
    *,
    posts: Collection[int] = (),
    jurisdictions: Collection[int] = (),
    since: dt.date | None,
    years: Collection[int] = (),
    actor: Any,
    reason: str,
) -> Recompute:
    """The verdicts of ``posts`` and of every post in the subtrees of ``jurisdictions`` (ids) may have
    changed from ``since`` on (None: on every day) because of ``reason`` (the change's audit action),
    made by ``actor``; ``years`` are judged again in any case (an accident's year, which may have no
    verdicts stored yet). Recompute them now, or enqueue it when the scope is large."""
    years_given = set(years)
    roots = _roots(jurisdictions)
    subtree = Q()
    for root in roots:
        subtree |= Q(body__jurisdiction__path__startswith=root.path)
    scope = Post.objects.filter(Q(pk__in=list(posts)) | subtree) if roots else Post.objects.filter(pk__in=list(posts))
    count = scope.count() if posts or roots else 0
    if count == 0:
        return Recompute("nothing", 0, ())
    inline = count <= settings.ZEREN_RECOMPUTE_INLINE_POSTS
    post_ids = list(scope.values_list("id", flat=True)) if inline else sorted(set(posts))
    years = _years(since, post_ids=post_ids if inline else None, roots=roots if not inline else [], posts=posts)
    years = sorted(set(years) | {year for year in years_given if year <= timezone.localdate().year})
    if not years:
        return Recompute("nothing", count, ())
    if inline:
        recompute_scope(post_ids=post_ids, jurisdiction_ids=[], years=years)
        return Recompute("now", count, tuple(years))
    from zeren.records.tasks import recompute_compliance  # the task module imports this one

    anchor = roots[0] if roots else _shallowest(post_ids)
    params = {"post_ids": post_ids, "jurisdiction_ids": [r.pk for r in roots], "years": years, "reason": reason}
    job = job_create(
        kind=Job.Kind.RECOMPUTE, actor=actor, task=recompute_compliance, jurisdiction=anchor, params=params
    )
    record_event(
        actor=actor,
        action="compliance.recompute_queued",
        obj=job,
        data={"reason": reason, "posts": count, "years": years, "jurisdictions": [r.code for r in roots]},
        jurisdiction_path=anchor.path if anchor else "",
    )
    return Recompute("queued", count, tuple(years), job)


def recompute_scope(
    *,
    post_ids: Collection[int],
    jurisdiction_ids: Collection[int],
    years: Collection[int],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Recompute the verdicts of ``post_ids`` and of the subtrees of ``jurisdiction_ids`` for ``years``,
    one year and scope at a time (each in its own transaction when called outside one)."""
    roots = _roots(jurisdiction_ids)
    steps: list[tuple[int, Jurisdiction | None]] = []
    for year in sorted(set(years)):
        steps += [(year, root) for root in roots]
        if post_ids:
            steps.append((year, None))
    written = evaluated = 0
    for done, (year, root) in enumerate(steps):
        if progress is not None:
            progress(f"{year} {root.code if root else ''}".strip(), done, len(steps))
        if root is not None:
            result = compliance_recompute(year=year, jurisdiction=root)
        else:
            result = compliance_recompute(year=year, post_ids=post_ids)
        written += result.inserted_or_updated + result.deleted
        evaluated += result.evaluated
    if progress is not None:
        progress("", len(steps), len(steps))
    return {"years": sorted(set(years)), "steps": len(steps), "evaluated": evaluated, "written": written}


def _roots(jurisdiction_ids: Collection[int]) -> list[Jurisdiction]:
    """The jurisdictions whose subtrees cover the given ones, none inside another's subtree."""
    nodes = sorted(Jurisdiction.objects.filter(pk__in=list(jurisdiction_ids)), key=lambda j: (j.depth, j.code))
    roots: list[Jurisdiction] = []
    for node in nodes:
        if not any(node.path.startswith(root.path) for root in roots):
            roots.append(node)
    return roots


def _shallowest(post_ids: Collection[int]) -> Jurisdiction | None:
    return (
        Jurisdiction.objects.filter(bodies__posts__pk__in=list(post_ids)).order_by("depth", "code").first()
        if post_ids
        else None
    )


def _years(
    since: dt.date | None, *, post_ids: list[int] | None, roots: list[Jurisdiction], posts: Collection[int]
) -> list[int]:
    this_year = timezone.localdate().year
    stored = ComplianceRow.objects.filter(year__lte=this_year)
    if since is not None:
        stored = stored.filter(year__gte=since.year)
    if post_ids is not None:
        stored = stored.filter(post_id__in=post_ids)
    else:
        within = Q(post_id__in=list(posts))
        for root in roots:
            within |= Q(jurisdiction__path__startswith=root.path)
        stored = stored.filter(within)
    years = set(stored.order_by().values_list("year", flat=True).distinct())
    if since is None or since.year <= this_year:
        years.add(this_year)
    return sorted(years)


def follow_inputs_changed(
    sender: object,
    *,
    since: dt.date | None,
    actor: Any,
    reason: str,
    posts: Collection[int] = (),
    jurisdictions: Collection[int] = (),
    **kwargs: Any,
) -> None:
    """Receiver of :data:`zeren.org.signals.inputs_changed`."""
    inputs_changed(posts=posts, jurisdictions=jurisdictions, since=since, actor=actor, reason=reason)
