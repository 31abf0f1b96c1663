"""Benchmark: importing 60,000 posts (with bodies, people and appointments) from one workbook.

Run on PostgreSQL (the production database; use your own database name, it is dropped and
recreated)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zeren_orgbench DEBUG=true \\
        .venv/bin/python bench/import_organisation.py [--posts 60000]

It builds a 河北-sized tree (1 province, 11 cities, 170 counties, 1,700 townships), writes a
workbook with 机构/岗位/人员/任职 sheets (not timed), then times ``organisation_import`` on it
(first import) and again (re-import: must change nothing). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import sys
import time
from urllib.parse import urlparse

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
DEPARTMENTS = [
    ("YJ", "应急管理局", "重点监管部门"),
    ("GA", "公安局", "重点监管部门"),
    ("JT", "交通运输局", "重点监管部门"),
    ("GX", "工业和信息化局", "行业主管部门"),
    ("JY", "教育局", "行业主管部门"),
    ("SJ", "市场监督管理局", "负有安全监管职责的部门"),
]


def identity_number(serial: int) -> str:
    born = datetime.date(1955, 1, 1) + datetime.timedelta(days=serial // 1000)
    body = f"130100{born:%Y%m%d}{serial % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def reset_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def tree() -> list[tuple[str, str, str, str]]:
    rows = [("130000", "河北省", "province", "")]
    counties = 0
    for c in range(11):
        city = f"13{c + 1:02d}00"
        rows.append((city, f"第{c + 1}市", "city", "130000"))
        for k in range(16 if c < 5 else 15):
            if counties == 170:
                break
            county = f"13{c + 1:02d}{k + 21:02d}"
            rows.append((county, f"{c + 1}市第{k + 1}县", "county", city))
            counties += 1
            for t in range(10):
                rows.append((f"{county}{t + 100:03d}", f"{county}第{t + 1}镇", "township", county))
    return rows


def workbook(codes: list[str], posts_wanted: int) -> tuple[bytes, dict[str, int]]:
    from openpyxl import Workbook

    from zeren.org.organisation_import import APPOINTMENT_HEADERS, BODY_HEADERS, PERSON_HEADERS, POST_HEADERS

    bodies, posts, people, appointments = [], [], [], []
    per_jurisdiction = -(-posts_wanted // len(codes))
    serial = 0
    for code in codes:
        made = 0
        specs = [
            ("DW", "党委", "party_committee", "", ["党委主要负责人", "党委常委"]),
            (
                "ZF",
                "政府",
                "government",
                "",
                ["政府主要负责人", "分管安全生产的负责人", "政府其他领导干部", "政府其他领导干部"],
            ),
        ]
        specs += [
            (d, n, "部门", k, ["部门主要负责人", "部门分管安全生产的负责人", "部门其他负责人"])
            for d, n, k in DEPARTMENTS
        ]
        while made < per_jurisdiction and len(posts) < posts_wanted:
            for suffix, name, kind, dkind, roles in specs:
                body = f"{code}-{suffix}"
                if not any(b[1] == body for b in bodies[-len(specs) :]):
                    bodies.append(
                        [
                            code,
                            body,
                            f"{code}{name}",
                            {"party_committee": "党委", "government": "政府"}.get(kind, kind),
                            dkind,
                        ]
                    )
                for index, role in enumerate(roles):
                    if made >= per_jurisdiction or len(posts) >= posts_wanted:
                        break
                    post = f"{body}-{made:03d}"
                    posts.append([post, body, f"{name}岗位{index}", role, "安全生产", "否", "是"])
                    made += 1
                    serial += 1
                    holder = identity_number(serial)
                    people.append([holder, f"人员{serial}", code])
                    appointments.append([holder, post, "2022-01-01", "", "任命", ""])
                    if made % 2:  # every other post has a recorded predecessor
                        serial += 1
                        former = identity_number(serial)
                        people.append([former, f"人员{serial}", code])
                        appointments.append([former, post, "2017-01-01", "2021-12-31", "任命", "调任"])
    used = {post[1] for post in posts}
    bodies = [body for body in bodies if body[1] in used]
    # Not write-only: like a workbook saved by Excel, each sheet then records its dimensions, which
    # lets the read-only reader skip a full pass over every sheet when it opens the file.
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in (
        ("机构", BODY_HEADERS, bodies),
        ("岗位", POST_HEADERS, posts),
        ("人员", PERSON_HEADERS, people),
        ("任职", APPOINTMENT_HEADERS, appointments),
    ):
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    sizes = {"bodies": len(bodies), "posts": len(posts), "people": len(people), "appointments": len(appointments)}
    return buffer.getvalue(), sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=60_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("bench/import_organisation.py: set DATABASE_URL=postgres://…/<your own db> (it is recreated)")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    reset_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zeren.org.organisation_import import organisation_import
    from zeren.org.services import JurisdictionRow, jurisdictions_upsert

    nodes = tree()
    jurisdictions_upsert(
        rows=[JurisdictionRow(code=c, name=n, level=lv, parent_code=p) for c, n, lv, p in nodes], actor=None
    )
    started = time.perf_counter()
    data, sizes = workbook([c for c, *_ in nodes], args.posts)
    built = time.perf_counter() - started
    rows = sum(sizes.values())
    print(f"python {platform.python_version()} · {platform.machine()} · {os.cpu_count()} cores · PostgreSQL")
    print(
        f"tree: {len(nodes)} jurisdictions; workbook: {sizes} = {rows:,} rows, {len(data) / 1e6:.1f} MB "
        f"(built in {built:.1f} s, not timed)"
    )
    started = time.perf_counter()
    first = organisation_import(data=data)
    first_time = time.perf_counter() - started
    print(f"first import: {first_time:.1f} s ({rows / first_time:,.0f} rows/s) — {first.summary()}")
    started = time.perf_counter()
    again = organisation_import(data=data)
    again_time = time.perf_counter() - started
    print(f"re-import:    {again_time:.1f} s — changed: {again.changed} — {again.summary()}")
    return 0 if not again.changed else 1


if __name__ == "__main__":
    sys.exit(main())
