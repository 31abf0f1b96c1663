"""Benchmark: the records list (/records/all/) on the database ``bench/duty_performance.py`` left.

Run ``bench/duty_performance.py --db sqlite --records 200000 --no-server`` (or ``--db postgres``)
first, then ``.venv/bin/python bench/records_list.py --db sqlite`` (``BENCH_PG_URL`` for PostgreSQL).
It requests the list as the province office (the whole province in scope) through Django's test
client — the view, its queries and the template, without the network — and prints p50/p95 over
repeated requests for: the first page, page 20 (following the ``after`` cursors), a jurisdiction
filter (a county), an activity + date range filter, and the place search."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zeren_bench")
SECRET = "zeren-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105 - a throwaway database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = PG_URL if args.db == "postgres" else f"sqlite:///{ROOT / 'var' / 'bench' / 'duty_performance.sqlite3'}"
    os.environ.update(
        DATABASE_URL=url, SECRET_KEY=SECRET, ZEREN_DATA_DIR=str(ROOT / "var" / "bench"),
        ALLOWED_HOSTS="testserver", EMAIL_URL="console://",
    )
    os.environ.pop("DEBUG", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from zeren.accounts.models import User
    from zeren.org.models import Jurisdiction
    from zeren.records.models import PerformanceRecord

    call_command("migrate", verbosity=0)
    province = Jurisdiction.objects.get(code="910000")
    user, _made = User.objects.get_or_create(
        username="bench-province", defaults={"role": "office", "jurisdiction": province}
    )
    county = Jurisdiction.objects.filter(level="county").order_by("code").first()
    assert county is not None  # noqa: S101
    client = Client()
    client.force_login(user)
    print(f"[{args.db}] records: {PerformanceRecord.objects.count()}")

    def timed(name: str, params: dict[str, str]) -> None:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get("/records/all/", params, secure=True)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code  # noqa: S101
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(f"  {name:<40} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")

    timed("first page", {})
    cursor = ""
    for _ in range(19):
        page = client.get("/records/all/", {"after": cursor} if cursor else {}, secure=True).content.decode()
        found = re.search(r"after=([0-9-]+\.[0-9]+)", page)
        assert found is not None  # noqa: S101
        cursor = found.group(1)
    timed("page 20 (seek)", {"after": cursor})
    timed("a county", {"jurisdiction": county.code})
    timed("activity + a quarter", {"activity": "led_inspection", "date_from": "2025-04-01", "date_to": "2025-06-30"})
    timed("a county + activity + a quarter", {
        "jurisdiction": county.code, "activity": "led_inspection", "date_from": "2025-04-01", "date_to": "2025-06-30",
    })
    timed("search the place", {"q": "会议室"})


if __name__ == "__main__":
    main()
