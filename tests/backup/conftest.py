"""Backup and restore as an operator runs them: the real `zeren` command in fresh processes, each
"side" (the installation backed up, the one restored into) with its own database and data directory.

The database vendor is the test run's: SQLite files under tmp, or, when the suite runs on
PostgreSQL, scratch databases named after the test database's server database
(``<name>_backup_src``, ``<name>_backup_dst1``, …), created and dropped here.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

KEY = "backup-tests-" + "k7Qx2Lm9Vb4Nz8Rt1Yw6Hc3Jd5Fg0Sa" * 2
OUR_VARIABLES = (
    "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL", "ZEREN_DEMO", "ZEREN_DATA_DIR",
    "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "TRUST_X_FORWARDED_PROTO", "TRUSTED_PROXY",
)
POSTGRES_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""

# A 1×1 PNG and a minimal PDF: real content for the evidence check.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Two performance records with evidence (a PNG, a PDF, and the PNG again: stored once), written through
# the service, so audit events and evidence rows come as they do in use.
SEED = textwrap.dedent(
    f"""
    import datetime as dt
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from zeren.accounts.models import User
    from zeren.org.models import Appointment
    from zeren.records.services import RecordInput, record_create
    office = User.objects.get(username="wujin-office")
    holding = (
        Appointment.objects.filter(post__body__jurisdiction__code="320412", post__role="government_head",
                                   end__isnull=True).select_related("post").get()
    )
    for day, files in ((dt.date.today(), [("现场.png", {PNG!r}), ("通知.pdf", {PDF!r})]),
                       (dt.date.today() - dt.timedelta(days=1), [("复查.png", {PNG!r})])):
        record_create(
            actor=office,
            data=RecordInput(activity="led_inspection", occurred_on=day, leader_post=holding.post, place="湖塘镇"),
            files=[SimpleUploadedFile(name, content) for name, content in files],
        )
    """
)

# What must survive a round trip, printed as one line per fact.
FINGERPRINT = textwrap.dedent(
    """
    import hashlib
    import django
    django.setup()
    from django.apps import apps
    from zeren.audit.models import AuditEvent
    from zeren.records.models import Evidence
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.app_label in {"sessions", "axes"}:
            continue
        print(model._meta.label, model.objects.count())
    trail = hashlib.sha256()
    for at, event_hash in AuditEvent.objects.order_by("id").values_list("at", "hash"):
        trail.update(f"{at.isoformat()} {event_hash}".encode())
    print("audit", trail.hexdigest())
    for evidence in Evidence.objects.order_by("id"):
        print("evidence", evidence.file.name, evidence.sha256, evidence.size)
    """
)


@dataclass
class Side:
    """One installation: its DATABASE_URL and data directory (MEDIA_ROOT is its media/)."""

    root: Path
    database_url: str
    postgres_name: str = ""
    environ: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.environ = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
        self.environ.update(
            DEBUG="true", SECRET_KEY=KEY, DATABASE_URL=self.database_url, ZEREN_DATA_DIR=str(self.data_dir),
            DJANGO_SETTINGS_MODULE="zeren.settings",
        )

    @property
    def data_dir(self) -> Path:
        return self.root / "var"

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    def run(self, *argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        self.root.mkdir(parents=True, exist_ok=True)
        return subprocess.run(
            argv, env=self.environ, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False
        )

    def zeren(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "zeren", *args, timeout=timeout)

    def python(self, script: str) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-c", script)

    def ok(self, *args: str) -> str:
        result = self.zeren(*args)
        assert result.returncode == 0, f"zeren {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def fingerprint(self) -> list[str]:
        result = self.python(FINGERPRINT)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    def media_files(self) -> dict[str, bytes]:
        if not self.media.exists():
            return {}
        return {p.relative_to(self.media).as_posix(): p.read_bytes() for p in self.media.rglob("*") if p.is_file()}

    def has_tables(self) -> bool:
        script = "import django; django.setup(); from django.db import connection; "
        script += "print(len(connection.introspection.table_names()))"
        result = self.python(script)
        assert result.returncode == 0, result.stderr
        return int(result.stdout) > 0


def _admin_sql(statement: str) -> None:
    import psycopg

    parts = urlsplit(POSTGRES_URL)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(statement)


class Sides:
    """Makes sides; drops their PostgreSQL databases at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.counter = itertools.count(1)
        self.databases: list[str] = []

    def new(self, label: str) -> Side:
        root = self.root / f"{label}{next(self.counter)}"
        if not POSTGRES_URL:
            return Side(root, f"sqlite:///{root / 'zeren.sqlite3'}")
        parts = urlsplit(POSTGRES_URL)
        name = f"{parts.path.strip('/')}_backup_{label}{len(self.databases) + 1}"
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin_sql(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return Side(root, urlunsplit(parts._replace(path=f"/{name}")), postgres_name=name)

    def close(self) -> None:
        for name in self.databases:
            _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sides(tmp_path_factory) -> Iterator[Sides]:
    made = Sides(tmp_path_factory.mktemp("backup"))
    yield made
    made.close()


@dataclass
class BackedUp:
    source: Side
    archive: Path
    fingerprint: list[str]
    media: dict[str, bytes]


@pytest.fixture(scope="session")
def backed_up(sides) -> BackedUp:
    """The demo installation with two records of evidence, and its backup archive."""
    source = sides.new("src")
    source.ok("migrate", "--no-input", "-v0")
    source.ok("load_demo")
    seeded = source.python(SEED)
    assert seeded.returncode == 0, seeded.stderr
    archive = source.root / "backup.tar"
    source.ok("backup", str(archive))
    return BackedUp(source, archive, source.fingerprint(), source.media_files())
