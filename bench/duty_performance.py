"""Benchmark: duty performance at province scale (``make bench``).

Generates (seeded) a fictional province the size of 河北 — 14 city-level units, 170 counties, 2,300
townships and streets, 300 functional zones, ~60,000 posts with tenures (some handed over during the
year) and one million performance records in a year (~1.4 million post credits) — loads it into a
fresh database, and measures:

- one raw GROUP BY count over the year's credits (the baseline), in the same run;
- the full-year recompute of the province's compliance verdicts: cold (no stored verdicts) and warm
  (verdicts stored, nothing changed), through ``compliance_recompute`` (what
  ``zeren recompute_compliance`` runs);
- the same after doubling the records (scaling);
- the incremental update after one record (``record_create``: credits, audit, verdicts), median;
- the province and a county dashboard under waitress (``zeren serve``), p50/p95 over repeated requests;
- peak memory (max RSS) of this process and of the server (its child process).

Run: ``make bench`` (PostgreSQL database ``zeren_bench`` — dropped and recreated — and SQLite with
fewer records), or e.g. ``.venv/bin/python bench/duty_performance.py --db postgres --records 1000000``.
``--write-docs`` replaces the "## Duty performance" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
AS_OF = dt.date(2026, 1, 10)
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zeren_bench")
SECRET = "zeren-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105 - a throwaway database


def configure(db: str) -> str:
    """Point Django at the bench database before it is set up; returns the URL."""
    if db == "postgres":
        url = PG_URL
        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = ROOT / "var" / "bench" / "duty_performance.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ.update(
        DATABASE_URL=url,
        SECRET_KEY=SECRET,
        ZEREN_DEMO="true",
        ZEREN_DATA_DIR=str(ROOT / "var" / "bench"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="console://",
    )
    os.environ.pop("DEBUG", None)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


# The province ------------------------------------------------------------------------------

TOWNSHIP_POSTS = [  # (suffix, title, role, sectors)
    ("PS", "党委书记", "party_secretary", []),
    ("GH", "镇长", "government_head", []),
    ("DS", "副镇长（分管安全生产）", "deputy_for_safety", ["安全生产"]),
    *[(f"GD{i}", f"副镇长{i}", "government_deputy", [s]) for i, s in enumerate(["农业", "住建", "工业", "交通"], 1)],
    *[(f"SM{i}", f"党委委员{i}", "standing_member", []) for i in range(1, 12)],
]
LEADERSHIP = [
    ("PS", "书记", "party_secretary", []),
    ("GH", "长", "government_head", []),
    ("DS", "常务副职（分管安全生产）", "deputy_for_safety", ["安全生产"]),
    *[(f"GD{i}", f"副职{i}", "government_deputy", [f"行业{i}"]) for i in range(1, 7)],
    *[(f"SM{i}", f"常委{i}", "standing_member", []) for i in range(1, 8)],
]
DEPT_KINDS = ["key_regulator"] * 6 + ["regulator"] * 6 + ["industry_authority"] * 8 + ["other"] * 10
DEPT_ROLES = [("P", "局长", "dept_principal"), ("D", "副局长（分管安全生产）", "dept_deputy_for_safety")] + [
    (f"O{i}", f"副局长{i}", "dept_other_leader") for i in range(1, 4)
]


def build_province(seed: int) -> dict[str, object]:
    """Jurisdictions, bodies, posts, people and appointments; returns what the records need."""
    from zeren.accounts.models import User
    from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post

    rng = random.Random(seed)  # noqa: S311 - seeded data, not a secret
    nodes: list[Jurisdiction] = []

    def node(code: str, name: str, level: str, parent: Jurisdiction | None) -> Jurisdiction:
        j = Jurisdiction(
            code=code,
            name=name,
            level=level,
            parent=parent,
            path=(parent.path if parent else "/") + code + "/",
            depth=(parent.depth + 1) if parent else 0,
        )
        j.save()
        nodes.append(j)
        return j

    province = node("910000", "示例省", "province", None)
    counties: list[Jurisdiction] = []
    cities = [node(f"91{c:02d}00", f"第{c}市", "city", province) for c in range(1, 15)]
    for index in range(170):
        city = cities[index % 14]
        n = index // 14 + 1
        counties.append(node(f"{city.code[:4]}{n:02d}", f"{city.name}第{n}县", "county", city))
    townships: list[Jurisdiction] = []
    zones: list[Jurisdiction] = []
    for index in range(2300):
        county = counties[index % 170]
        n = index // 170 + 1
        townships.append(
            Jurisdiction(
                code=f"{county.code}{100 + n:03d}",
                name=f"{county.name}第{n}镇",
                level="township",
                parent=county,
                path=f"{county.path}{county.code}{100 + n:03d}/",
                depth=county.depth + 1,
            )
        )
    for index in range(300):
        county = counties[index % 170]
        n = index // 170 + 1
        zones.append(
            Jurisdiction(
                code=f"Z{county.code}{n:02d}",
                name=f"{county.name}第{n}园区",
                level="zone",
                parent=county,
                path=f"{county.path}Z{county.code}{n:02d}/",
                depth=county.depth + 1,
            )
        )
    Jurisdiction.objects.bulk_create(townships + zones, batch_size=2000)
    PolicyBinding.objects.create(jurisdiction=province, pack_id="hebei-2018", valid_from=dt.date(2018, 4, 8))
    everything = [province, *cities, *counties, *Jurisdiction.objects.filter(level__in=["township", "zone"])]

    bodies: list[Body] = []
    specs: list[tuple[int, str, str, str, list[str]]] = []  # (body index, code, title, role, sectors)
    for j in everything:
        party = len(bodies)
        bodies.append(Body(code=f"{j.code}-DW", name=f"{j.name}党委", jurisdiction=j, kind="party_committee"))
        gov = len(bodies)
        bodies.append(Body(code=f"{j.code}-ZF", name=f"{j.name}政府", jurisdiction=j, kind="government"))
        if j.level in ("township", "zone"):
            leadership = TOWNSHIP_POSTS if j.level == "township" else TOWNSHIP_POSTS[:10]
        else:
            leadership = LEADERSHIP
        for suffix, title, role, sectors in leadership:
            body = party if role in ("party_secretary", "standing_member") else gov
            specs.append((body, f"{j.code}-{suffix}", title, role, sectors))
        departments = {"province": 30, "city": 30, "county": 16}.get(j.level, 0)
        for d in range(departments):
            kind = DEPT_KINDS[d % len(DEPT_KINDS)]
            b = len(bodies)
            bodies.append(
                Body(code=f"{j.code}-B{d:02d}", name=f"{j.name}部门{d}", jurisdiction=j, kind="department",
                     department_kind=kind)
            )
            roles = DEPT_ROLES if j.level != "county" else DEPT_ROLES[:4]
            for suffix, title, role in roles:
                specs.append((b, f"{j.code}-B{d:02d}-{suffix}", title, role, []))
    Body.objects.bulk_create(bodies, batch_size=5000)
    posts = Post.objects.bulk_create(
        [Post(code=c, title=t, body=bodies[b], role=r, sectors=s) for b, c, t, r, s in specs], batch_size=5000
    )
    people = Person.objects.bulk_create(
        [Person(name=f"人员{i}", jurisdiction=p.body.jurisdiction) for i, p in enumerate(posts)]
        + [Person(name=f"前任{i}", jurisdiction=p.body.jurisdiction) for i, p in enumerate(posts)],
        batch_size=5000,
    )
    appointments = []
    handovers: dict[int, dt.date] = {}
    for i, post in enumerate(posts):
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 6 * 365))
        if rng.random() < 0.08:  # handed over during the year
            handover = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(20, 340))
            handovers[post.pk] = handover
            appointments.append(
                Appointment(person=people[len(posts) + i], post=post, start=dt.date(2018, 1, 1),
                            end=handover - dt.timedelta(days=1), end_reason="transferred")
            )
            start = handover
        appointments.append(Appointment(person=people[i], post=post, start=min(start, dt.date(YEAR, 12, 31))))
    appointments = Appointment.objects.bulk_create(appointments, batch_size=5000)
    by_post: dict[int, list[Appointment]] = {}
    for a in appointments:
        by_post.setdefault(a.post_id, []).append(a)
    author = User.objects.create(username="bench-author", role="office", jurisdiction=province)
    return {
        "province": province,
        "counties": counties,
        "posts": posts,
        "appointments": by_post,
        "author": author,
        "jurisdictions": len(everything),
    }


def duty_activities(posts: list[object]) -> dict[int, list[str]]:
    from zeren.org.bindings import registry
    from zeren.policy.duties import duties_for

    policy = registry().get("hebei-2018")
    cache: dict[tuple[str, str, str | None], list[str]] = {}
    out = {}
    for post in posts:
        key = (post.role, post.body.jurisdiction.level, post.body.department_kind or None)
        if key not in cache:
            _scope, duties = duties_for(policy, *key)
            cache[key] = [d.activity for d in duties if d.kind == "periodic" and d.activity]
        out[post.pk] = cache[key]
    return out


# Where and what, as officials write them (by record id, not drawn: the seeded draws stay as they were);
# none says 会议室, which the records list bench searches as a word that matches nothing.
PLACES = ["镇政府三楼", "县应急管理局", "化工园区", "建筑工地", "非煤矿山", "中心小学", "农贸市场", "燃气储配站", ""]
SUMMARIES = [
    "检查消防通道和应急预案落实情况",
    "听取安全生产工作汇报，部署节前检查",
    "督促企业整改重大事故隐患",
    "研究道路交通安全专项整治",
    "",
    "",
]


def load_records(data: dict[str, object], count: int, seed: int, first_id: int) -> tuple[int, int]:
    """Generate ``count`` records in YEAR (with ~40% extra participant credits) and bulk-load them."""
    from django.db import connection

    from zeren.policy.vocabulary import ACTIVITIES

    rng = random.Random(seed)  # noqa: S311
    posts = data["posts"]
    by_post = data["appointments"]
    activities = duty_activities(posts)
    by_jurisdiction: dict[int, list[object]] = {}
    for post in posts:
        by_jurisdiction.setdefault(post.body.jurisdiction_id, []).append(post)
    author = data["author"].pk
    year_start = dt.date(YEAR, 1, 1)
    now = "2026-01-05 08:00:00+00"
    records, credits = io.StringIO(), io.StringIO()
    record_id, n_records, n_credits = first_id, 0, 0
    per_post = count / len(posts)
    chunks: list[tuple[str, str]] = []

    def holder(post_id: int, day: dt.date) -> object | None:
        for a in by_post[post_id]:
            if a.start <= day and (a.end is None or day <= a.end):
                return a
        return None

    for post in posts:
        k = int(per_post) + (1 if rng.random() < per_post - int(per_post) else 0)
        own = activities[post.pk]
        peers = by_jurisdiction[post.body.jurisdiction_id]
        for _ in range(k):
            day = year_start + dt.timedelta(days=rng.randrange(365))
            a = holder(post.pk, day)
            if a is None:
                continue
            activity = rng.choice(own) if own and rng.random() < 0.8 else rng.choice(ACTIVITIES)
            record_id += 1
            n_records += 1
            records.write(
                f"{record_id}\t{activity}\t{day}\t{post.body.jurisdiction_id}\t{PLACES[record_id % len(PLACES)]}\t"
                f"{SUMMARIES[record_id % len(SUMMARIES)]}\t{author}\t{now}\t{now}\t1\t\\N\t\\N\t\n"
            )
            credits.write(f"{record_id}\t{post.pk}\t{a.pk}\t{a.person_id}\tleader\tt\t{activity}\t{day}\tt\t\t\n")
            n_credits += 1
            if rng.random() < 0.4:
                other = peers[rng.randrange(len(peers))]
                b = holder(other.pk, day) if other.pk != post.pk else None
                if b is not None:
                    counts = "f" if activity in ("led_inspection", "research_visit") else "t"
                    credits.write(
                        f"{record_id}\t{other.pk}\t{b.pk}\t{b.person_id}\tparticipant\t{counts}\t{activity}\t{day}\tt\t\t\n"
                    )
                    n_credits += 1
        if records.tell() > 20_000_000:
            chunks.append((records.getvalue(), credits.getvalue()))
            records, credits = io.StringIO(), io.StringIO()
    chunks.append((records.getvalue(), credits.getvalue()))
    record_cols = (
        "id, activity, occurred_on, jurisdiction_id, place, summary, created_by_id, created_at, updated_at, "
        "version, deleted_at, deleted_by_id, deletion_reason"
    )
    # confirmation and its note: empty (the bench's records are entered by the officials themselves)
    credit_cols = (
        "record_id, post_id, appointment_id, person_id, capacity, counts, activity, occurred_on, active, "
        "confirmation, confirmation_note"
    )
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:  # one transaction: SQLite syncs once
        for record_text, credit_text in chunks:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY records_performancerecord ({record_cols}) FROM STDIN") as copy:
                    copy.write(record_text)
                with cursor.cursor.copy(f"COPY records_recordcredit ({credit_cols}) FROM STDIN") as copy:
                    copy.write(credit_text)
            else:
                rows = [line.split("\t") for line in record_text.splitlines()]
                cursor.executemany(
                    f"INSERT INTO records_performancerecord ({record_cols}) VALUES ({', '.join(['%s'] * 13)})",  # noqa: S608
                    [[None if v == "\\N" else v for v in row] for row in rows],
                )
                rows = [line.split("\t") for line in credit_text.splitlines()]
                cursor.executemany(
                    f"INSERT INTO records_recordcredit ({credit_cols}) VALUES ({', '.join(['%s'] * 11)})",  # noqa: S608
                    [[*row[:5], row[5] == "t", row[6], row[7], True, "", ""] for row in rows],
                )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('records_performancerecord', 'id'), "
                "(SELECT max(id) FROM records_performancerecord))"
            )
    settle()
    return n_records, n_credits


def settle() -> None:
    """After a bulk load (PostgreSQL): vacuum and analyse, then checkpoint. A year's records
    accumulate over a year, long vacuumed and checkpointed before anyone recomputes; without this
    the measures would share the two cores with autovacuum and the checkpointer catching up."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")


# Measurements --------------------------------------------------------------------------------


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def raw_group_by() -> float:
    """One raw GROUP BY count over the year's credits, fetched: the baseline."""
    from django.db import connection

    def run() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT post_id, activity, COUNT(*) FROM records_recordcredit "
                "WHERE occurred_on >= %s AND occurred_on <= %s GROUP BY post_id, activity",
                [dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)],
            )
            return len(cursor.fetchall())

    seconds, _ = timed(run, repeat=3)
    return seconds


def recompute(province: object, *, cold: bool, repeat: int = 3) -> tuple[float, object]:
    from zeren.records.compliance import compliance_recompute

    if cold:  # no stored verdicts, no rollups
        from django.db import connection

        from zeren.records.rollups import OF_A_YEAR as models

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in models)}")
            settle()
        else:
            for model in models:
                model.objects.all().delete()
    return timed(
        lambda: compliance_recompute(year=YEAR, jurisdiction=province, as_of=AS_OF), repeat=1 if cold else repeat
    )


def after_pack_update(province: object) -> tuple[float, object]:
    """The recompute after a pack update: every stored verdict carries another policy version, so
    every one is rewritten."""
    from zeren.records.models import ComplianceRow

    ComplianceRow.objects.update(policy_version="bench-previous")
    settle()
    return recompute(province, cold=False, repeat=1)


def incremental(data: dict[str, object], samples: int = 20) -> tuple[float, float]:
    """Median seconds of record_create (credits, audit, verdicts of the post) and of the verdict update alone."""
    from zeren.records.compliance import compliance_update_for_posts
    from zeren.records.services import RecordInput, record_create

    rng = random.Random(7)  # noqa: S311
    candidates = [p for p in data["posts"] if p.role == "party_secretary" and p.body.jurisdiction.level == "township"]
    creates, updates = [], []
    for _ in range(samples):
        post = candidates[rng.randrange(len(candidates))]
        day = dt.date(YEAR, 12, 1) + dt.timedelta(days=rng.randrange(28))
        holders = data["appointments"][post.pk]
        if not any(a.start <= day and (a.end is None or day <= a.end) for a in holders):
            continue
        start = time.perf_counter()
        record_create(
            actor=data["author"],
            data=RecordInput(activity="led_inspection", occurred_on=day, leader_post=post, place="bench"),
        )
        creates.append(time.perf_counter() - start)
        start = time.perf_counter()
        compliance_update_for_posts(post_ids=[post.pk], years=[YEAR])
        updates.append(time.perf_counter() - start)
    return statistics.median(creates), statistics.median(updates)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie(user: object) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def dashboards(data: dict[str, object], url: str, requests: int = 40) -> dict[str, object]:
    """p50/p95 of the province and one county dashboard under waitress, and the server's peak memory."""
    from zeren.accounts.models import User

    province = data["province"]
    county = data["counties"][17]
    users = {
        "province": User.objects.create(username="bench-province", role="office", jurisdiction=province),
        "county": User.objects.create(username="bench-county", role="office", jurisdiction=county),
    }
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "zeren", "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, object] = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        for name, path in (("province", province.code), ("county", county.code)):
            cookie = session_cookie(users[name])
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/records/dashboard/{path}/?year={YEAR}", headers={"Cookie": cookie}
            )
            timings = []
            for i in range(requests + 3):
                start = time.perf_counter()
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http to itself
                    body = response.read()
                    assert response.status == 200, response.status  # noqa: S101
                if i >= 3:  # the first requests warm the server's caches
                    timings.append(time.perf_counter() - start)
            assert b'data-testid="rate"' in body  # noqa: S101
            timings.sort()
            out[name] = {
                "p50": statistics.median(timings),
                "p95": timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)],
                "requests": len(timings),
                "jurisdiction": path,
            }
        status = Path(f"/proc/{server.pid}/status").read_text()
        out["server_peak_mb"] = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) / 1024
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1048576:.1f} GiB"
    except (OSError, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


SECTION = "## Duty performance"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def docs_section(runs: list[dict[str, object]]) -> str:
    """The "## Duty performance" section of docs/benchmarks.md from the runs' JSON figures."""
    lines = [
        SECTION,
        "",
        "`bench/duty_performance.py`, run by `make bench` (drops and recreates the PostgreSQL database",
        "`zeren_bench`; SQLite in `var/bench/`). A seeded fictional province at 河北 scale under hebei-2018;",
        f"year {YEAR} judged as of {AS_OF}. Reproduce: `make bench` (or one run:",
        "`.venv/bin/python bench/duty_performance.py --db postgres --records 1000000 --double`).",
        "The targets are set for PostgreSQL, the production database; the embedded SQLite run (a fifth",
        "of the records) is held to the same marks only for comparison.",
        "",
    ]
    for run in runs:
        rec, prov = run["recompute"], run["province"]
        records = run["records"]
        lines += [
            f"### {run['database']} — {records['records']:,} records",
            "",
            f"Machine: {run['machine']}. Province: {prov['jurisdictions']:,} jurisdictions, {prov['posts']:,} posts, "
            f"{prov['appointments']:,} appointments (8% handed over during the year); {records['records']:,} "
            f"records with {records['credits']:,} post credits; {rec['verdicts']:,} verdicts "
            "(appointment × obligation × period).",
            "",
            "| measure | figure | target |",
            "|---|---|---|",
            f"| raw `GROUP BY post, activity` count over the year's credits (baseline, best of 3) | "
            f"{_s(rec['group_by_s'])} | |",
            f"| first computation of the year, cold (no stored verdicts: every verdict written) | "
            f"{_s(rec['cold_s'])} = {rec['cold_ratio']:.1f}× baseline | ≤ 10 s |",
            f"| full-year province recompute, warm (stored, nothing changed; best of 3) | {_s(rec['warm_s'])} = "
            f"{rec['warm_ratio']:.1f}× baseline | ≤ 10 s, ≤ 3× |",
        ]
        if "pack_update_s" in rec:
            lines.append(
                f"| recompute after a pack update (every verdict rewritten: {rec['pack_update_rewritten']:,}) | "
                f"{_s(rec['pack_update_s'])} = {rec['pack_update_s'] / rec['group_by_s']:.1f}× baseline | |"
            )
        warm = rec["warm_timings"]
        lines.append(
            f"| of which (warm): load appointments / count the credits and judge each appointment as its "
            f"counts come in / write | {_s(warm['load'])} / {_s(warm['judge'])} / {_s(warm['write'])} | |"
        )
        if "recompute_2x" in run:
            two = run["recompute_2x"]
            lines.append(
                f"| with 2× the records ({two['records']:,}): baseline / cold / warm | {_s(two['group_by_s'])} / "
                f"{_s(two['cold_s'])} ({two['cold_s'] / rec['cold_s']:.2f}× the 1× time) / {_s(two['warm_s'])} "
                f"({two['warm_s'] / rec['warm_s']:.2f}×) | ≤ 2.2× |"
            )
        inc = run["incremental"]
        lines.append(
            f"| one new record: `record_create` (credits, audit, verdicts) / verdict update alone, median of 20 | "
            f"{_ms(inc['record_create_s'])} / {_ms(inc['update_s'])} | ≤ 50 ms |"
        )
        if "dashboards" in run:
            d = run["dashboards"]
            for name, target in (("province", "≤ 300 ms"), ("county", "≤ 100 ms")):
                lines.append(
                    f"| {name} dashboard under waitress (4 threads), p50 / p95 of {d[name]['requests']} requests | "
                    f"{_ms(d[name]['p50'])} / {_ms(d[name]['p95'])} | p95 {target} |"
                )
            lines.append(f"| peak memory: server | {d['server_peak_mb']:.0f} MB | ≤ 1 GB |")
        lines.append(f"| peak memory: bench process (generator, loader, recompute) | {run['peak_rss_mb']:.0f} MB | ≤ 1 GB |")
        lines.append("")
        lines.append("Targets: " + "; ".join(_verdicts(run)) + ".")
        lines.append("")
    return "\n".join(lines)


def _verdicts(run: dict[str, object]) -> list[str]:
    """Each target, met or missed, with the figure (so a miss is never hidden)."""
    rec = run["recompute"]
    out = []

    def check(name: str, ok: bool, figure: str) -> None:
        out.append(f"{name} {'met' if ok else '**missed**'} ({figure})")

    check("recompute ≤ 10 s (warm)", rec["warm_s"] <= 10, _s(rec["warm_s"]))
    check("first computation ≤ 10 s (cold)", rec["cold_s"] <= 10, _s(rec["cold_s"]))
    check("recompute ≤ 3× the GROUP BY", rec["warm_ratio"] <= 3, f"{rec['warm_ratio']:.1f}× warm")
    out.append(
        f"not held to 3×: the cold first computation ({rec['cold_ratio']:.1f}×), which writes every verdict "
        "and its indexes rather than counting"
    )
    if "recompute_2x" in run:
        factor = run["recompute_2x"]["warm_s"] / rec["warm_s"]
        check("2× records ≤ 2.2× time", factor <= 2.2, f"{factor:.2f}× warm")
    check("incremental ≤ 50 ms", run["incremental"]["record_create_s"] <= 0.05, _ms(run["incremental"]["record_create_s"]))
    if "dashboards" in run:
        d = run["dashboards"]
        check("province dashboard p95 ≤ 300 ms", d["province"]["p95"] <= 0.3, _ms(d["province"]["p95"]))
        check("county dashboard p95 ≤ 100 ms", d["county"]["p95"] <= 0.1, _ms(d["county"]["p95"]))
    peak = max(run["peak_rss_mb"], run.get("dashboards", {}).get("server_peak_mb", 0))
    check("peak memory ≤ 1 GB", peak <= 1024, f"{peak:.0f} MB")
    return out


def write_docs(paths: list[Path]) -> None:
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in paths if p.exists()]
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = docs_section(runs)
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {doc.relative_to(ROOT)} ({SECTION})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--double", action="store_true", help="also measure with twice the records")
    parser.add_argument("--no-server", action="store_true", help="skip the dashboards under waitress")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--write-docs", nargs="+", type=Path, metavar="JSON", help="only write docs/benchmarks.md")
    args = parser.parse_args()
    if args.write_docs:
        write_docs(args.write_docs)
        return
    sys.path.insert(0, str(ROOT / "src"))
    url = configure(args.db)
    figures: dict[str, object] = {"db": args.db, "machine": machine(), "database": database_version()}
    t, data = timed(lambda: build_province(args.seed))
    from zeren.org.models import Appointment, Post

    figures["province"] = {
        "jurisdictions": data["jurisdictions"],
        "posts": Post.objects.count(),
        "appointments": Appointment.objects.count(),
        "build_s": t,
    }
    print(f"[{args.db}] province: {figures['province']}", flush=True)
    t, (records, credits) = timed(lambda: load_records(data, args.records, args.seed, 0))
    figures["records"] = {"records": records, "credits": credits, "load_s": t}
    print(f"[{args.db}] records: {figures['records']}", flush=True)

    def measure(label: str) -> dict[str, object]:
        base = raw_group_by()
        cold, result = recompute(data["province"], cold=True)
        warm, warm_result = recompute(data["province"], cold=False)
        updated, updated_result = after_pack_update(data["province"])
        entry = {
            "group_by_s": base,
            "cold_s": cold,
            "warm_s": warm,
            "cold_ratio": cold / base,
            "warm_ratio": warm / base,
            "verdicts": result.rows,
            "appointments": result.appointments,
            "cold_timings": result.timings,
            "warm_timings": warm_result.timings,
            "pack_update_s": updated,
            "pack_update_rewritten": updated_result.inserted_or_updated,
        }
        print(f"[{args.db}] {label}: {json.dumps(entry, default=str)}", flush=True)
        return entry

    figures["recompute"] = measure("recompute")
    create, update = incremental(data)
    figures["incremental"] = {"record_create_s": create, "update_s": update}
    print(f"[{args.db}] incremental: {figures['incremental']}", flush=True)
    if not args.no_server:
        figures["dashboards"] = dashboards(data, url)
        print(f"[{args.db}] dashboards: {figures['dashboards']}", flush=True)
    if args.double:
        t, (records2, credits2) = timed(lambda: load_records(data, args.records, args.seed + 1, 10_000_000))
        figures["recompute_2x"] = measure("recompute 2x")
        figures["recompute_2x"]["records"] = records + records2
        figures["recompute_2x"]["credits"] = credits + credits2
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{args.db}] peak RSS of the bench process: {figures['peak_rss_mb']:.0f} MB", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
