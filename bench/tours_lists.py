"""Benchmark: the tours' lists (/tours/items/, /tours/findings/) at province scale.

Run ``bench/duty_performance.py --db postgres --no-server`` first (it leaves the province 示例省
910000 in ``zeren_bench``), then ``.venv/bin/python bench/tours_lists.py --db postgres`` (``BENCH_PG_URL``
for another database; ``--db sqlite`` for the SQLite file). It adds ``--findings`` findings (default
100,000) and as many rectification items to the province: the cities tour their counties' party
committees and governments over 2023–2026, each tour with its findings and a rectification plan whose
items follow them (a mix of open, reported, signed-off and escalated), written with ``bulk_create`` in
batches. It then requests the lists as the province office (the whole province in scope) through
Django's test client — the view, its queries and the template, without the network — and prints
p50/p95 over repeated requests (target: a filtered list page p95 ≤ 200 ms, docs/benchmarks.md).

The rows are added once: a second run finds them (``--regenerate`` drops and writes them again). Without
the province (no duty_performance run), ``--small`` builds a small one (3 cities, 12 counties) so
the script can be checked quickly: ``.venv/bin/python bench/tours_lists.py --db sqlite --small
--findings 5000 --repeat 10``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import pages  # noqa: E402 - the bench's own helpers

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zeren_bench")
SECRET = "zeren-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105 - a throwaway database
BATCH = 5_000
TITLE = "基准巡查"
SECTION = "## Tours lists"
TARGET_MS = 200


def configure(db: str, small: bool) -> None:
    if db == "postgres":
        url = PG_URL
    else:
        name = "tours_small.sqlite3" if small else "duty_performance.sqlite3"
        path = ROOT / "var" / "bench" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    os.environ.update(
        DATABASE_URL=url,
        SECRET_KEY=SECRET,
        ZEREN_DATA_DIR=str(ROOT / "var" / "bench"),
        ALLOWED_HOSTS="testserver",
        EMAIL_URL="console://",
    )
    os.environ.pop("DEBUG", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    django.setup()


def small_province() -> None:
    """A province of 3 cities with 4 counties each, their party committees, governments and one
    department each, and a person per body (only for ``--small``)."""
    from zeren.org.models import Body, Person
    from zeren.org.services import JurisdictionRow, jurisdictions_upsert

    rows = [JurisdictionRow(code="910000", name="示例省", level="province", parent_code="")]
    for c in range(1, 4):
        city = f"91{c:02d}00"
        rows.append(JurisdictionRow(code=city, name=f"示例{c}市", level="city", parent_code="910000"))
        for k in range(1, 5):
            rows.append(
                JurisdictionRow(code=f"91{c:02d}{k:02d}", name=f"示例{c}市{k}县", level="county", parent_code=city)
            )
    jurisdictions_upsert(rows=rows, actor=None)
    from zeren.org.models import Jurisdiction

    for j in Jurisdiction.objects.filter(path__startswith="/910000/"):
        Body.objects.get_or_create(
            code=f"{j.code}-DW", defaults={"name": f"{j.name}党委", "jurisdiction": j, "kind": "party_committee"}
        )
        Body.objects.get_or_create(
            code=f"{j.code}-ZF", defaults={"name": f"{j.name}政府", "jurisdiction": j, "kind": "government"}
        )
        Body.objects.get_or_create(
            code=f"{j.code}-B01",
            defaults={
                "name": f"{j.name}应急管理局",
                "jurisdiction": j,
                "kind": "department",
                "department_kind": "key_regulator",
            },
        )
        Person.objects.get_or_create(name=f"{j.name}负责人", jurisdiction=j)


def generate(n: int, seed: int) -> dict[str, float]:
    """``n`` findings and ``n`` rectification items over the province's tours (see the module)."""
    from django.db import transaction

    from zeren.accounts.models import User
    from zeren.org.models import Body, Jurisdiction, Person
    from zeren.tours.models import Finding, RectificationItem, RectificationPlan, Tour, TourPlan

    rng = random.Random(seed)  # noqa: S311 - fictional test data
    started = time.perf_counter()
    author, _ = User.objects.get_or_create(
        username="bench-tours", defaults={"role": "office", "jurisdiction": Jurisdiction.objects.get(code="910000")}
    )
    cities = list(Jurisdiction.objects.filter(path__startswith="/910000/", level="city").order_by("path"))
    targets = list(
        Body.objects.filter(jurisdiction__parent__in=cities, kind__in=["party_committee", "government"])
        .select_related("jurisdiction")
        .order_by("code")
    )
    units = {}
    for body in Body.objects.filter(jurisdiction__parent__in=cities, kind="department").order_by("code"):
        units.setdefault(body.jurisdiction_id, body)
    people = {}
    for person in Person.objects.filter(jurisdiction__parent__in=cities).order_by("id"):
        people.setdefault(person.jurisdiction_id, person)
    years = [2023, 2024, 2025, 2026]
    with transaction.atomic():
        plans = {}
        for city in cities:
            for year in years:
                plans[(city.pk, year)] = TourPlan(
                    organiser=city,
                    year=year,
                    round=1,
                    kind="regular",
                    title=f"{TITLE}{year}",
                    start=dt.date(year, 3, 1),
                    end=dt.date(year, 11, 30),
                    created_by=author,
                )
        TourPlan.objects.bulk_create(plans.values(), batch_size=BATCH)
        tours = []
        for body in targets:
            for year in years:
                start = dt.date(year, rng.randint(3, 10), rng.randint(1, 20))
                tours.append(
                    Tour(
                        plan=plans[(body.jurisdiction.parent_id, year)],
                        target=body,
                        jurisdiction=body.jurisdiction,
                        start=start,
                        end=start + dt.timedelta(days=5),
                        methods=["briefing", "records"],
                        status="feedback",
                        feedback_on=start + dt.timedelta(days=20),
                    )
                )
        Tour.objects.bulk_create(tours, batch_size=BATCH)
        rects = [
            RectificationPlan(
                jurisdiction=t.jurisdiction,
                tour=t,
                title=f"{t.target.name}整改方案",
                submitted_on=t.end + dt.timedelta(days=30),
                submitted_by=author,
            )
            for t in tours
        ]
        RectificationPlan.objects.bulk_create(rects, batch_size=BATCH)
    rect_of = {r.tour_id: r.pk for r in rects}
    number: dict[int, int] = {}
    texts = [
        "隐患排查台账不全",
        "未按要求召开安全生产专题会议",
        "企业动火作业未审批",
        "应急预案未演练",
        "执法检查记录缺失",
    ]
    for first in range(0, n, BATCH):
        with transaction.atomic():
            batch = []
            for i in range(first, min(n, first + BATCH)):
                tour = tours[i % len(tours)]
                k = number[tour.pk] = number.get(tour.pk, 0) + 1
                level = "government" if rng.random() < 0.4 else "enterprise"
                batch.append(
                    Finding(
                        tour=tour,
                        jurisdiction=tour.jurisdiction,
                        number=k,
                        description=f"{rng.choice(texts)}（{k}）",
                        criterion="安全生产责任制有关规定",
                        level=level,
                        responsible_body=tour.target if level == "government" else None,
                        responsible_enterprise="" if level == "government" else f"某企业{k}",
                        found_on=tour.start + dt.timedelta(days=rng.randint(0, 5)),
                        created_by=author,
                    )
                )
            Finding.objects.bulk_create(batch)
            items = []
            for finding in batch:
                tour = finding.tour
                deadline = finding.found_on + dt.timedelta(days=rng.randint(60, 240))
                state = rng.random()
                status = "closed" if state < 0.5 else "reported" if state < 0.6 else "open"
                escalated = status != "closed" and deadline < dt.date(2026, 1, 1) and rng.random() < 0.7
                items.append(
                    RectificationItem(
                        plan_id=rect_of[tour.pk],
                        jurisdiction=tour.jurisdiction,
                        finding=finding,
                        number=finding.number,
                        measure=f"整改：{finding.description}",
                        standard="问题清零",
                        responsible_unit=units.get(tour.jurisdiction_id, tour.target),
                        leader=people[tour.jurisdiction_id],
                        deadline=deadline,
                        status=status,
                        closed_by=author if status == "closed" else None,
                        closed_on=deadline if status == "closed" else None,
                        escalated_to_id=tour.jurisdiction.parent_id if escalated else None,
                        escalated_on=deadline + dt.timedelta(days=1) if escalated else None,
                    )
                )
            RectificationItem.objects.bulk_create(items)
        print(f"  {min(n, first + BATCH):,} findings and items", flush=True)
    return {"generate_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--small", action="store_true", help="build a small province if there is none")
    parser.add_argument("--regenerate", action="store_true", help="drop the tours rows and write them again")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--write-docs", action="store_true", help="replace the section in docs/benchmarks.md")
    args = parser.parse_args()
    configure(args.db, args.small)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zeren.accounts.models import User
    from zeren.org.models import Jurisdiction
    from zeren.tours.models import Finding, RectificationItem, RectificationPlan, Tour, TourPlan

    call_command("migrate", verbosity=0)
    if not Jurisdiction.objects.filter(code="910000").exists():
        if not args.small:
            sys.exit("no province 910000: run bench/duty_performance.py first, or pass --small")
        small_province()
    import duty_performance as duty

    figures: dict[str, object] = {
        "db": args.db, "vendor": connection.vendor, "machine": duty.machine(), "database": duty.database_version(),
        "repeat": args.repeat,
    }
    if args.regenerate:
        for model in (RectificationItem, RectificationPlan, Finding, Tour, TourPlan):
            model.objects.filter(**({"title__startswith": TITLE} if model is TourPlan else {})).delete()
    if not TourPlan.objects.filter(title__startswith=TITLE).exists():
        figures.update(generate(args.findings, args.seed))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    figures["findings"] = Finding.objects.count()
    figures["items"] = RectificationItem.objects.count()
    print(f"[{args.db}] findings: {figures['findings']:,}  items: {figures['items']:,}", flush=True)

    province = Jurisdiction.objects.get(code="910000")
    user, _made = User.objects.get_or_create(
        username="bench-province", defaults={"role": "office", "jurisdiction": province}
    )
    county = Jurisdiction.objects.filter(path__startswith="/910000/", level="county").order_by("code").first()
    assert county is not None  # noqa: S101
    city = county.parent
    assert city is not None  # noqa: S101
    client = Client()
    client.force_login(user)
    city_client = Client()
    city_user, _made = User.objects.get_or_create(
        username="bench-city", defaults={"role": "office", "jurisdiction": city}
    )
    city_client.force_login(city_user)
    timings: dict[str, dict[str, float]] = {}

    def timed(name: str, path: str, params: dict[str, str], who: Client = client) -> None:
        timings[name] = pages.measure(lambda: who.get(path, params, secure=True).status_code, args.repeat)
        print(pages.line(name, timings[name]), flush=True)

    items, findings = "/tours/items/", "/tours/findings/"
    timed("items: first page", items, {})
    cursor = ""
    for _ in range(19):
        page = client.get(items, {"after": cursor} if cursor else {}, secure=True).content.decode()
        found = re.search(r"after=([0-9-]+\.[0-9]+)", page)
        assert found is not None  # noqa: S101
        cursor = found.group(1)
    timed("items: page 20 (seek)", items, {"after": cursor})
    timed("items: not signed off", items, {"status": "not_closed"})
    timed("items: overdue", items, {"status": "not_closed", "overdue": "true"})
    timed("items: a county, not signed off", items, {"jurisdiction": county.code, "status": "not_closed"})
    timed(
        "items: a deadline quarter + search", items, {"date_from": "2025-04-01", "date_to": "2025-06-30", "q": "台账"}
    )
    timed(
        "items: escalated to the city (city office)", items, {"escalated": "true", "status": "not_closed"}, city_client
    )
    timed("findings: first page", findings, {})
    timed("findings: a county, enterprise level", findings, {"jurisdiction": county.code, "level": "enterprise"})
    timed("findings: a quarter", findings, {"date_from": "2025-04-01", "date_to": "2025-06-30"})
    figures["timings"] = timings
    pages.report(figures, SECTION, docs_section(figures), json_path=args.json, write_docs=args.write_docs)


def docs_section(f: dict[str, object]) -> str:
    timings: dict[str, dict[str, float]] = f["timings"]  # type: ignore[assignment]
    met = all(v["p95_ms"] <= TARGET_MS for v in timings.values())
    return "\n".join([
        SECTION,
        "",
        "`bench/tours_lists.py` (run by `make bench` after the PostgreSQL duty-performance run, on the",
        f"province it leaves): adds {int(f['findings']):,} findings and {int(f['items']):,} rectification items"  # type: ignore[call-overload]
        " to 示例省",
        "(the cities tour their counties' party committees and governments over 2023–2026; half the items",
        "signed off, some reported, the overdue ones mostly escalated), then requests `/tours/items/` and",
        "`/tours/findings/` as the province office (and \"escalated to us\" as a city office) through",
        "Django's test client: the view, its queries and the template. Each figure: the median of three",
        f"rounds of {f['repeat']} requests, the p95's min–max across the rounds. Target (issue 11): a filtered",
        f"list page p95 ≤ {TARGET_MS} ms.",
        "",
        "```sh",
        ".venv/bin/python bench/duty_performance.py --db postgres --records 1000000 --no-server   # the province",
        ".venv/bin/python bench/tours_lists.py --db postgres --write-docs                        # --findings 100000",
        ".venv/bin/python bench/tours_lists.py --db sqlite --small --findings 5000 --repeat 10    # a quick check",
        "```",
        "",
        f"### {f['database']} — {int(f['findings']):,} findings, {int(f['items']):,} items",  # type: ignore[call-overload]
        "",
        f"Machine: {f['machine']}.",
        "",
        *pages.rows(timings, TARGET_MS),
        "",
        f"Target p95 ≤ {TARGET_MS} ms for every list: {'met' if met else '**missed**'}.",
    ])


if __name__ == "__main__":
    main()
