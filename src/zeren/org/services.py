"""Writes to the jurisdiction tree. Every change to the tree goes through here so the
materialised ``path`` and ``depth`` stay right."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from zeren.org.levels import Level, code_fits_level, parent_allowed
from zeren.org.models import Jurisdiction
from zeren.problems import Problems


@dataclass(frozen=True)
class JurisdictionRow:
    """One wanted node: its code, name, level and the code of its parent ('' for a root)."""

    code: str
    name: str
    level: str
    parent_code: str
    row: int = 0  # where it came from, for error messages (0: not from a file)


@dataclass
class TreeChange:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def check_tree_rows(rows: list[JurisdictionRow]) -> list[str]:
    """Problems that span rows (unknown parents, levels that cannot nest, cycles).
    Row-local checks (empty cells, code forms) are the reader's job."""
    problems: list[str] = []
    wanted = {row.code: row for row in rows}
    existing = {
        j.code: j.level
        for j in Jurisdiction.objects.filter(code__in={r.parent_code for r in rows if r.parent_code})
    }
    for row in rows:
        if not row.parent_code:
            parent_level = None
        elif row.parent_code in wanted:
            parent_level = wanted[row.parent_code].level
        elif row.parent_code in existing:
            parent_level = existing[row.parent_code]
        else:
            problems.append(
                _("Row %(row)s, column D (parent_code): no jurisdiction has the code %(code)s")
                % {"row": row.row, "code": row.parent_code}
            )
            continue
        if not parent_allowed(row.level, parent_level):
            problems.append(
                _("Row %(row)s, column D (parent_code): a %(level)s cannot sit under a %(parent)s")
                % {
                    "row": row.row,
                    "level": Level(row.level).label,
                    "parent": Level(parent_level).label if parent_level else _("nothing (top of the tree)"),
                }
            )
    for child in Jurisdiction.objects.filter(parent__code__in=wanted).exclude(code__in=wanted).select_related(
        "parent"
    ):
        assert child.parent is not None  # noqa: S101 - filtered on parent
        new_parent_level = wanted[child.parent.code].level
        if not parent_allowed(child.level, new_parent_level):
            row = wanted[child.parent.code]
            problems.append(
                _("Row %(row)s, column C (level): %(child)s, already under it, cannot sit under a %(level)s")
                % {"row": row.row, "child": str(child), "level": Level(new_parent_level).label}
            )
    for row in rows:
        seen = {row.code}
        current = row
        while current.parent_code in wanted:
            current = wanted[current.parent_code]
            if current.code in seen:
                problems.append(
                    _(
                        "Row %(row)s, column D (parent_code): the parent codes go round in a circle "
                        "through %(code)s"
                    )
                    % {"row": row.row, "code": current.code}
                )
                break
            seen.add(current.code)
    return problems


def _topological(rows: list[JurisdictionRow]) -> list[JurisdictionRow]:
    wanted = {row.code: row for row in rows}

    def depth(row: JurisdictionRow) -> int:
        steps = 0
        while row.parent_code in wanted:
            row = wanted[row.parent_code]
            steps += 1
        return steps

    return sorted(rows, key=depth)


@transaction.atomic
def jurisdictions_upsert(*, rows: list[JurisdictionRow]) -> TreeChange:
    """Create or update the given nodes (matched by code), all or nothing. Nodes not named
    are left as they are, so importing the same rows twice changes nothing."""
    for row in rows:
        if not code_fits_level(row.code, row.level):
            raise Problems(
                [_("%(code)s is not a code for a %(level)s") % {"code": row.code, "level": row.level}]
            )
    problems = check_tree_rows(rows)
    if problems:
        raise Problems(problems)
    change = TreeChange()
    by_code = {j.code: j for j in Jurisdiction.objects.filter(code__in=[r.code for r in rows])}
    for row in _topological(rows):
        parent = Jurisdiction.objects.get(code=row.parent_code) if row.parent_code else None
        node = by_code.get(row.code)
        path = (parent.path if parent else "/") + row.code + "/"
        depth = parent.depth + 1 if parent else 0
        if node is None:
            node = Jurisdiction.objects.create(
                code=row.code, name=row.name, level=row.level, parent=parent, path=path, depth=depth
            )
            by_code[row.code] = node
            change.created.append(row.code)
            continue
        if (node.name, node.level, node.parent_id) == (row.name, row.level, parent.pk if parent else None):
            change.unchanged.append(row.code)
            continue
        node.name, node.level, node.parent = row.name, row.level, parent
        node.save(update_fields=["name", "level", "parent"])
        change.updated.append(row.code)
    if change.updated:
        rebuild_paths()
    return change


def rebuild_paths() -> int:
    """Recompute ``path`` and ``depth`` of every node from the parent links; returns how
    many nodes changed. Cheap enough for a province (~3,000 nodes) after a move."""
    nodes = list(Jurisdiction.objects.only("id", "code", "parent_id", "path", "depth"))
    children: dict[int | None, list[Jurisdiction]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    changed: list[Jurisdiction] = []
    stack: list[tuple[Jurisdiction, str, int]] = [(n, "/", 0) for n in children.get(None, [])]
    while stack:
        node, prefix, depth = stack.pop()
        path = f"{prefix}{node.code}/"
        if (node.path, node.depth) != (path, depth):
            node.path, node.depth = path, depth
            changed.append(node)
        stack.extend((child, path, depth + 1) for child in children.get(node.pk, []))
    # Two passes so the unique index on path never sees a transient duplicate.
    for node in changed:
        Jurisdiction.objects.filter(pk=node.pk).update(path=f"~moving/{node.pk}/")
    Jurisdiction.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)
