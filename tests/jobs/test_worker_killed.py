"""A worker killed with kill -9 in the middle of a task loses nothing, and the task can run again.

A real ``zeren worker`` process, on a database of its own (a file-based SQLite database, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), imports a large organisation workbook. As
soon as the import is writing (SQLite: its rollback journal exists; PostgreSQL: its backend holds a
write lock on the posts' table) the worker gets SIGKILL. Then: not one row was written, the job is
left running; ``zeren rerun_job --force`` enqueues it again, a second worker runs it, and everything
is there, once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

TESTS = Path(__file__).resolve().parent.parent
SETUP = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from org.workbooks import build, organisation
from zeren.accounts.models import User
from zeren.org.tasks import organisation_import_task
from zeren.jobs.models import Job
from zeren.jobs.services import job_create
from zeren.org.services import JurisdictionRow, jurisdictions_upsert
jurisdictions_upsert(rows=[JurisdictionRow("320400", "常州市", "city", ""),
                           JurisdictionRow("320412", "武进区", "county", "320400")], actor=None)
from zeren.org.models import Jurisdiction
office = User.objects.create(username="office", role="office", jurisdiction=Jurisdiction.objects.get(code="320412"))
data = build(*organisation(["320412"], bodies_per=BODIES, posts_per_body=20))
job = job_create(kind="organisation_import", actor=office, task=organisation_import_task,
                 jurisdiction=office.jurisdiction, upload=data, upload_name="big.xlsx")
print(job.pk)
"""
BODIES = 50  # 1,000 posts, 1,500 people and tenures: the import writes for a few seconds


class Database:
    """A database for the worker's processes, read here with the plain driver."""

    def __init__(self, tmp_path: Path) -> None:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            import psycopg

            parts = urlsplit(url)
            self.name = f"{parts.path.lstrip('/') or 'zeren'}_kill9"
            self.admin = urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self.vendor = "postgresql"
        else:
            self.path = tmp_path / "kill9.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.vendor = "sqlite"

    def one(self, sql: str, params: tuple = ()) -> tuple:
        """One row of ``sql`` (placeholders ``?``)."""
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchone()
        import sqlite3

        conn = sqlite3.connect(self.path, timeout=30)
        try:
            return conn.execute(sql, params).fetchone()
        finally:
            conn.close()

    def task_status(self, task_id: str) -> str | None:
        key = task_id if self.vendor == "postgresql" else task_id.replace("-", "")  # SQLite: 32 hex digits
        row = self.one("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", (key,))
        return row[0] if row else None

    def job(self, job_id: int) -> tuple[str, int, str]:
        """The job's state, attempts and task result id."""
        return self.one("SELECT state, attempts, task_id FROM jobs_job WHERE id = ?", (job_id,))

    def count(self, table: str) -> int:
        assert table.isidentifier()
        return self.one(f"SELECT count(*) FROM {table}")[0]  # noqa: S608 - a table name of this test

    def writing(self) -> bool:
        """The worker's import has begun writing and not yet committed."""
        if self.vendor == "postgresql":
            return bool(
                self.one(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE c.relname = 'org_post' AND l.mode = 'RowExclusiveLock' AND l.granted"
                )[0]
            )
        return Path(f"{self.path}-journal").exists() or Path(f"{self.path}-wal").exists()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def database(tmp_path) -> Iterator[Database]:
    made = Database(tmp_path)
    yield made
    made.drop()


def zeren(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zeren", *args], env=env, capture_output=True, text=True, check=True, **kwargs
    )


def worker(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "zeren", "worker", "--no-startup-delay", "--interval", "0.1", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_a_worker_killed_mid_import_writes_nothing_and_the_import_runs_again(database, tmp_path):
    env = os.environ | {"DATABASE_URL": database.url, "ZEREN_DATA_DIR": str(tmp_path / "data"), "DEBUG": "false"}
    zeren(env, "migrate", "--no-input", "-v", "0")
    job_id = int(zeren(env, "shell", "-c", SETUP.replace("BODIES", str(BODIES))).stdout.split()[-1])
    assert database.job(job_id)[0] == "queued"

    first = worker(env)
    try:
        # The job's own progress rows are written outside the import's transaction; once its stage
        # says "importing", the next write in the database is the import's.
        wait_for(
            lambda: (
                database.one("SELECT state, stage FROM jobs_job WHERE id = ?", (job_id,)) == ("running", "importing")
            ),
            timeout=60,
            what="the worker to start the import",
        )
        wait_for(database.writing, timeout=120, what="the import to start writing")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == -signal.SIGKILL

    # Nothing partial: the import's transaction died with the worker.
    for table in ("org_body", "org_post", "org_person", "org_appointment"):
        assert database.count(table) == 0, table
    state, attempts, task_id = database.job(job_id)
    assert (state, attempts) == ("running", 1)
    assert database.task_status(task_id) == "RUNNING"

    # Not yet taken for lost: without --force it is refused.
    refused = subprocess.run(
        [sys.executable, "-m", "zeren", "rerun_job", str(job_id)], env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0
    zeren(env, "rerun_job", str(job_id), "--force")
    second = worker(env, "--batch")
    output, _ = second.communicate(timeout=600)
    assert second.returncode == 0, output

    state, attempts, new_task = database.job(job_id)
    assert (state, attempts) == ("succeeded", 2)
    assert (database.count("org_body"), database.count("org_post")) == (BODIES, BODIES * 20)
    assert database.one("SELECT count(DISTINCT code) FROM org_post") == (BODIES * 20,)
    assert new_task != task_id
    assert database.task_status(new_task) == "SUCCESSFUL"
