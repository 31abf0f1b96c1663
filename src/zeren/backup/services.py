"""``backup_create`` and ``backup_restore``: the database and the files under MEDIA_ROOT, together.

The order matters for a backup taken while zeren runs: the database snapshot first, the files
after. Evidence files are stored by checksum before the row that names them commits and are never
deleted, so every file the snapshot refers to is already on disk when the files are copied.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

import zeren
from zeren.backup import archive, databases
from zeren.backup.verify import Check, audit_counts, audit_verify, evidence_verify
from zeren.problems import Problems


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT as (archive name, path), in a stable order."""
    root = _media_root()
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                yield archive.MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def _scratch() -> tempfile.TemporaryDirectory[str]:
    """A scratch directory in the data directory (backups can be larger than /tmp), private to us."""
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=".zeren-backup-", dir=data_dir)


def backup_create(*, out: Path) -> archive.Manifest:
    """Write one archive with the database, every file under MEDIA_ROOT and the manifest."""
    if out.exists():
        raise Problems(_("%(path)s already exists; choose another name") % {"path": out})
    if not out.parent.is_dir():
        raise Problems(_("The directory %(path)s does not exist.") % {"path": out.parent})
    vendor = databases.vendor()
    with _scratch() as scratch:
        dump = Path(scratch, databases.DUMP_NAMES[vendor])
        tools, counts = databases.dump(dump, audit_counts)
        members = [(dump.name, dump), *_media_files()]
        manifest = archive.Manifest(
            zeren_version=zeren.__version__,
            created_at=timezone.now().isoformat(timespec="seconds"),
            vendor=vendor,
            database=dump.name,
            tools=tools,
            files=archive.entries_for(members),
            **counts,
        )
        archive.write(out, manifest, members)
    return manifest


@dataclass
class Restored:
    manifest: archive.Manifest
    files_written: int
    checks: list[Check]
    schema_current: bool

    @property
    def ok(self) -> bool:
        return self.schema_current and all(check.ok for check in self.checks)


def _pending_migrations() -> bool:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _media_conflicts(manifest: archive.Manifest) -> list[str]:
    """Files already under MEDIA_ROOT with other content than the backup's (never silently replaced)."""
    root, problems = _media_root(), []
    for entry in manifest.media:
        target = root / entry.path.removeprefix(archive.MEDIA_PREFIX)
        if target.exists() and archive.sha256_of(target) != entry.sha256:
            problems.append(_("%(path)s already exists with other content.") % {"path": target})
    return problems


def _put_back_media(manifest: archive.Manifest, unpacked: Path) -> int:
    root, written = _media_root(), 0
    for entry in manifest.media:
        target = root / entry.path.removeprefix(archive.MEDIA_PREFIX)
        if target.exists() and archive.sha256_of(target) == entry.sha256:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(unpacked / entry.path, partial)
        os.replace(partial, target)
        written += 1
    return written


def _trail_matches(manifest: archive.Manifest) -> Check:
    """The restored trail is as long as the backed-up one and ends in the same event."""
    with connections["default"].cursor() as cursor:
        counts = audit_counts(cursor)
    check = Check(checked=counts["audit_events"])
    if (counts["audit_events"], counts["audit_head"]) != (manifest.audit_events, manifest.audit_head):
        check.problems.append(
            _("The restored audit trail has %(found)s events; the backup had %(expected)s ending in %(head)s.")
            % {"found": counts["audit_events"], "expected": manifest.audit_events, "head": manifest.audit_head[:12]}
        )
    check.summary = (
        _("Audit trail: %(count)s events, as in the backup.") % {"count": counts["audit_events"]}
        if check.ok
        else check.problems[0]
    )
    return check


def backup_restore(*, source: Path, force: bool = False, no_owner: bool = False) -> Restored:
    """Restore an archive into the configured database and MEDIA_ROOT, then verify the result.

    Every member is checked against the manifest before anything changes. A database that holds
    tables, or evidence files with other content, are refused unless ``force``."""
    if not source.is_file():
        raise Problems(_("%(path)s does not exist.") % {"path": source})
    with _scratch() as scratch:
        unpacked = Path(scratch)
        manifest = archive.unpack(source, unpacked)
        databases.require_vendor(manifest.vendor)
        if not force:
            problems = []
            if not databases.is_empty():
                problems.append(
                    _("The configured database already holds tables; restore into an empty database, "
                      "or pass --force to replace its contents.")
                )
            problems.extend(_media_conflicts(manifest))
            if problems:
                raise Problems(problems)
        databases.restore(
            unpacked / manifest.database,
            manifest_vendor=manifest.vendor,
            replace=force,
            dumped_with=manifest.tools.get("pg_dump", ""),
            no_owner=no_owner,
        )
        written = _put_back_media(manifest, unpacked)
    connections.close_all()
    if _pending_migrations():
        return Restored(manifest, written, [], schema_current=False)
    checks = [_trail_matches(manifest), audit_verify(), evidence_verify()]
    return Restored(manifest, written, checks, schema_current=True)
