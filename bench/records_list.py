"""Benchmark: the records list (/records/all/) on the database ``bench/duty_performance.py`` left.

Run by ``make bench`` after the PostgreSQL duty-performance run (1M records in ``zeren_bench``). By
hand: ``bench/duty_performance.py --db postgres --records 1000000 --no-server`` (or ``--db sqlite
--records 200000``) first, then ``.venv/bin/python bench/records_list.py --db postgres --write-docs``
(``BENCH_PG_URL`` for another database). It requests the list as the province office (the whole
province in scope) through Django's test client — the view, its queries and the template, without the
network — and prints p50/p95 (three rounds of ``--repeat`` requests, bench/pages.py) for: the first
page, page 20 (following the ``after`` cursors), a jurisdiction filter (a county), an activity + date
range filter, both, and the place search (a word no record has, one a record in nine has, the latter
within a county). Target (issues 12 and 13): p95 ≤ 300 ms for every one."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import pages  # noqa: E402 - the bench's own helpers

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zeren_bench")
SECRET = "zeren-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105 - a throwaway database
SECTION = "## Records list"
TARGET_MS = 300
SEARCH = "search in place or summary (`q=`, no match)"
SEARCH_HIT = "search: a place one record in nine has"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--write-docs", action="store_true", help="replace the section in docs/benchmarks.md")
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
    import duty_performance as duty
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
    figures: dict[str, object] = {
        "db": args.db, "machine": duty.machine(), "database": duty.database_version(),
        "records": PerformanceRecord.objects.count(), "repeat": args.repeat,
    }
    print(f"[{args.db}] records: {figures['records']:,}", flush=True)
    timings: dict[str, dict[str, float]] = {}

    def timed(name: str, params: dict[str, str]) -> None:
        timings[name] = pages.measure(lambda: client.get("/records/all/", params, secure=True).status_code, args.repeat)
        print(pages.line(name, timings[name]), flush=True)

    timed("first page", {})
    cursor = ""
    for _ in range(19):
        page = client.get("/records/all/", {"after": cursor} if cursor else {}, secure=True).content.decode()
        found = re.search(r"after=([0-9-]+\.[0-9]+)", page)
        assert found is not None  # noqa: S101
        cursor = found.group(1)
    timed("page 20 (following the `after` cursors)", {"after": cursor})
    timed("a county (`jurisdiction=`)", {"jurisdiction": county.code})
    timed("activity + a quarter", {"activity": "led_inspection", "date_from": "2025-04-01", "date_to": "2025-06-30"})
    timed("a county + activity + a quarter", {
        "jurisdiction": county.code, "activity": "led_inspection", "date_from": "2025-04-01", "date_to": "2025-06-30",
    })
    timed(SEARCH, {"q": "会议室"})
    timed(SEARCH_HIT, {"q": "燃气储配站"})
    timed("search + a county", {"q": "燃气储配站", "jurisdiction": county.code})
    figures["timings"] = timings
    pages.report(figures, SECTION, docs_section(figures), json_path=args.json, write_docs=args.write_docs)


def docs_section(f: dict[str, object]) -> str:
    timings: dict[str, dict[str, float]] = f["timings"]  # type: ignore[assignment]
    met = all(v["p95_ms"] <= TARGET_MS for v in timings.values())
    return "\n".join([
        SECTION,
        "",
        "`/records/all/` as the province office (the whole province in scope), measured by",
        "`bench/records_list.py` (run by `make bench` on the database the PostgreSQL duty-performance run",
        "leaves) through Django's test client: the view, its queries and the template. Seek paging on",
        "(date, id) with the index `records_rec_date_id`; counts bounded at 1,000 (docs/lists.md). Each",
        f"figure: the median of three rounds of {f['repeat']} requests, the p95's min–max across the rounds.",
        "",
        f"### {f['database']} — {int(f['records']):,} records",  # type: ignore[call-overload]
        "",
        f"Machine: {f['machine']}.",
        "",
        *pages.rows(timings, TARGET_MS),
        "",
        f"Target p95 ≤ {TARGET_MS} ms for paging, filtering and searching: {'met' if met else '**missed**'}. The",
        "bench's records carry places and summaries as officials write them; on PostgreSQL the search is",
        "served by trigram indexes (pg_trgm, records migration 0009), on SQLite it reads the scope's records.",
    ])


if __name__ == "__main__":
    main()
