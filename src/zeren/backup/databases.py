"""Copying the configured database out and in, one way per vendor.

* PostgreSQL: ``pg_dump -Fc`` and ``pg_restore``, found on PATH, connected with the settings'
  NAME/USER/PASSWORD/HOST/PORT through libpq's environment variables (never on the command line).
  The dump runs in a snapshot exported from a REPEATABLE READ transaction, so the manifest's counts
  are those of the dump. The tools must be at least the server's major version (``pg_dump`` refuses
  an older one; a dump read back needs ``pg_restore`` at least as new as the ``pg_dump`` that wrote it).
  The restore runs in one transaction and stops at the first error: all or nothing.
* SQLite: the online backup API of :mod:`sqlite3` on Django's own connection, both ways; the copy
  is a consistent snapshot even while the server writes, and a restore replaces the whole database.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.utils.translation import gettext as _

from zeren.problems import Problems

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise Problems(_("Backups are made of PostgreSQL and SQLite databases only."))
    return connection.vendor


def is_empty() -> bool:
    """Whether the configured database holds no tables at all."""
    return not connection.introspection.table_names()


# PostgreSQL -------------------------------------------------------------------------------------


def _libpq_environment() -> dict[str, str]:
    config = connection.settings_dict
    environ = dict(os.environ)
    for variable, key in (("PGDATABASE", "NAME"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                          ("PGHOST", "HOST"), ("PGPORT", "PORT")):
        if config.get(key):
            environ[variable] = str(config[key])
    sslmode = (config.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        environ["PGSSLMODE"] = str(sslmode)
    return environ


def _tool(name: str) -> tuple[str, int, str]:
    """The program's path, major version and version line; Problems if it is missing."""
    path = shutil.which(name)
    if path is None:
        raise Problems(
            _("%(tool)s is not installed; install the PostgreSQL client of the server's version "
              "(on Debian: apt-get install postgresql-client-%(major)s).")
            % {"tool": name, "major": server_major()}
        )
    line = subprocess.run(  # noqa: S603 - a fixed program found on PATH, no shell
        [path, "--version"], capture_output=True, text=True, check=True, timeout=30
    ).stdout.strip()
    match = re.search(r"\)\s+(\d+)", line) or re.search(r"(\d+)", line)
    return path, int(match.group(1)) if match else 0, line


def server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _run(command: list[str], tool: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments from our own settings
        command, env=_libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()
        raise Problems(
            _("%(tool)s failed: %(detail)s") % {"tool": tool, "detail": detail[-1] if detail else result.returncode}
        )


@contextlib.contextmanager
def _postgres_snapshot() -> Iterator[tuple[str, Any]]:
    """A REPEATABLE READ transaction on Django's connection, open while the block runs: its snapshot
    id (for ``pg_dump --snapshot``) and a cursor reading in it."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            yield str(cursor.fetchone()[0]), cursor
        finally:
            cursor.execute("ROLLBACK")


def _postgres_dump(target: Path, count: Callable[[Any], dict[str, Any]]) -> tuple[dict[str, str], dict[str, Any]]:
    major = server_major()
    pg_dump, tool_major, line = _tool("pg_dump")
    if tool_major < major:
        raise Problems(
            _("%(tool)s is version %(tool_major)s but the server is PostgreSQL %(major)s; install "
              "postgresql-client-%(major)s.") % {"tool": "pg_dump", "tool_major": tool_major, "major": major}
        )
    with _postgres_snapshot() as (snapshot, cursor):
        counts = count(cursor)  # in the snapshot the dump sees
        _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"], "pg_dump")
    return {"pg_dump": line, "server": f"PostgreSQL {connection.pg_version}"}, counts  # type: ignore[attr-defined]


def _postgres_restore(source: Path, *, replace: bool, dumped_with: str, no_owner: bool) -> None:
    pg_restore, tool_major, _line = _tool("pg_restore")
    wanted = re.search(r"\)\s+(\d+)", dumped_with)
    if wanted and tool_major < int(wanted.group(1)):
        raise Problems(
            _("%(tool)s is version %(tool_major)s but the backup was written by pg_dump %(major)s; install "
              "postgresql-client-%(major)s.")
            % {"tool": "pg_restore", "tool_major": tool_major, "major": wanted.group(1)}
        )
    command = [pg_restore, "--no-password", "--exit-on-error", "--single-transaction",
               f"--dbname={connection.settings_dict['NAME']}"]
    if replace:
        command += ["--clean", "--if-exists"]
    if no_owner:
        command.append("--no-owner")
    connections.close_all()
    _run([*command, str(source)], "pg_restore")


# SQLite -----------------------------------------------------------------------------------------


def _sqlite_connection() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError(f"expected Django's sqlite3 connection, got {type(raw)!r}")
    return raw


def _sqlite_dump(target: Path, count: Callable[[Any], dict[str, Any]]) -> tuple[dict[str, str], dict[str, Any]]:
    copy = sqlite3.connect(target)
    try:
        _sqlite_connection().backup(copy)
        counts = count(copy.cursor())  # the figures of the copy itself
    finally:
        copy.close()
    return {"sqlite": sqlite3.sqlite_version}, counts


def _sqlite_restore(source: Path) -> None:
    copy = sqlite3.connect(source)
    try:
        copy.backup(_sqlite_connection())
    finally:
        copy.close()
    connections.close_all()


# Both -------------------------------------------------------------------------------------------


def dump(target: Path, count: Callable[[Any], dict[str, Any]]) -> tuple[dict[str, str], dict[str, Any]]:
    """Write the configured database to ``target``; return the tool versions and ``count(cursor)``,
    run on a DB-API cursor that reads the same snapshot as the copy."""
    if vendor() == "postgresql":
        return _postgres_dump(target, count)
    return _sqlite_dump(target, count)


def require_vendor(backup_vendor: str) -> None:
    """Refuse a backup of the other database vendor."""
    if vendor() != backup_vendor:
        raise Problems(
            _("This backup is of a %(backup)s database; the configured database is %(configured)s.")
            % {"backup": VENDOR_NAMES.get(backup_vendor, backup_vendor), "configured": VENDOR_NAMES[vendor()]}
        )


def restore(source: Path, *, manifest_vendor: str, replace: bool, dumped_with: str, no_owner: bool) -> None:
    """Replace the configured database's contents with the copy in ``source``."""
    require_vendor(manifest_vendor)
    if vendor() == "postgresql":
        _postgres_restore(source, replace=replace, dumped_with=dumped_with, no_owner=no_owner)
    else:
        _sqlite_restore(source)
