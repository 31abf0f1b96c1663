"""Pages of the jurisdiction tree. Objects are loaded through zeren.accounts.access only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from zeren.accounts import access
from zeren.org.levels import Level
from zeren.org.models import Jurisdiction
from zeren.org.spreadsheet import template_workbook

LEVEL_ORDER = [Level.PROVINCE, Level.CITY, Level.NEW_AREA, Level.COUNTY, Level.ZONE, Level.TOWNSHIP]


@dataclass
class Branch:
    """A node shown in the tree, with counts of what lies below it."""

    node: Jurisdiction
    below: list[tuple[str, int]] = field(default_factory=list)
    children: list[Branch] = field(default_factory=list)


def _level_counts(levels: Counter[str]) -> list[tuple[str, int]]:
    return [(str(Level(level).label), levels[level]) for level in LEVEL_ORDER if levels[level]]


def _branches(root: Jurisdiction, subtree: list[Jurisdiction], *, show_depth: int) -> list[Branch]:
    """The children of ``root`` (and theirs, down to ``show_depth`` levels), each with the
    per-level counts of its whole subtree."""
    by_parent: dict[int | None, list[Jurisdiction]] = {}
    below: dict[int, Counter[str]] = {}
    for node in subtree:
        by_parent.setdefault(node.parent_id, []).append(node)
    by_path = {node.path: node for node in subtree}
    for node in subtree:
        # Count the node in every ancestor's subtree (depth ≤ 5, so this stays linear).
        prefix = node.path
        while True:
            prefix = prefix[: prefix.rstrip("/").rfind("/") + 1]
            ancestor = by_path.get(prefix)
            if ancestor is None or len(prefix) < len(root.path):
                break
            below.setdefault(ancestor.pk, Counter())[node.level] += 1

    def build(node: Jurisdiction, remaining: int) -> Branch:
        kids = by_parent.get(node.pk, []) if remaining > 0 else []
        return Branch(
            node=node,
            below=_level_counts(below.get(node.pk, Counter())),
            children=[build(kid, remaining - 1) for kid in kids],
        )

    return [build(child, show_depth - 1) for child in by_parent.get(root.pk, [])]


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    """The user's own part of the tree: a scoped account goes to its jurisdiction, the
    superuser sees the top-level jurisdictions."""
    if not access.sees_everything(request.user):
        own = getattr(request.user, "jurisdiction", None)
        if own is None:
            return render(request, "org/no_jurisdiction.html", status=403)
        return redirect("org:jurisdiction", code=own.code)
    visible = list(access.jurisdictions_for(request.user).only("code", "name", "level", "path", "parent_id"))
    roots = [node for node in visible if node.parent_id is None]
    branches = []
    for root in roots:
        subtree = [node for node in visible if node.path.startswith(root.path)]
        counts = Counter(node.level for node in subtree if node.pk != root.pk)
        branches.append(Branch(node=root, below=_level_counts(counts), children=[]))
    return render(request, "org/tree.html", {"branches": branches})


@login_required
@require_GET
def jurisdiction(request: HttpRequest, code: str) -> HttpResponse:
    """One jurisdiction with the two levels below it and the counts of its whole subtree."""
    node = access.get_jurisdiction_for_user(request.user, code)
    subtree = list(
        access.jurisdictions_for(request.user)
        .filter(path__startswith=node.path)
        .only("code", "name", "level", "path", "depth", "parent_id")
    )
    ancestor_codes = [part for part in node.path.strip("/").split("/")[:-1]]
    breadcrumbs = list(access.jurisdictions_for(request.user).filter(code__in=ancestor_codes))
    totals = Counter(item.level for item in subtree if item.pk != node.pk)
    return render(
        request,
        "org/jurisdiction.html",
        {
            "node": node,
            "breadcrumbs": breadcrumbs,
            "totals": _level_counts(totals),
            "branches": _branches(node, subtree, show_depth=2),
            "local_code": not node.has_national_code,
        },
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The .xlsx template for ``zeren import_jurisdictions``."""
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="zeren-jurisdictions.xlsx"'
    return response
