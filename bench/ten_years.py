"""Benchmark: a province over ten years (issue 15) — the same work with one year stored and with ten.

Builds the province of ``bench/duty_performance.py`` in its own PostgreSQL database ``zeren_bench10``
(dropped and recreated; ``BENCH10_PG_URL`` to change it), with every post's first holder in office
since 2016, loads the year 2025's records (one million by default) and computes its verdicts, then
measures; then adds the nine years before (2016–2024: the year's records again, a year earlier each
time, written in the database by ``INSERT … SELECT``, about 10M records and their credits in all)
with every year's verdicts, registers the decade's accidents and accountability cases through the
services (about two accidents a city a year from 2018-04-08, when the province's pack comes into
force, to 2025; a case for about half of them, most decided with measures; every year one in the
county of the official whose dossier is measured), and measures the same again. Side by side, in
one run on one machine:

- the raw ``GROUP BY post, activity`` over 2025's credits (the baseline of the duty bench);
- 2025's first computation (its verdicts and rollups deleted first), warm recompute, and the
  recompute after a pack update (every verdict of 2025 rewritten);
- one new record (``record_create``: credits, audit, verdicts), median of 20;
- the province and a county dashboard, the records list (first page, a county), and the dossier of
  an official in office since 2016, through Django's test client (bench/pages.py: three rounds);
- the peak memory of the bench process.

Every figure is the median of three runs with the min–max (a single first computation is run three
times, each after deleting the year's verdicts). ``--write-docs`` replaces the "## Ten years"
section of docs/benchmarks.md. Run: ``.venv/bin/python bench/ten_years.py --write-docs``
(``--records 100000`` for a quick check)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ["BENCH_PG_URL"] = os.environ.get("BENCH10_PG_URL", "postgres://postgres@127.0.0.1:5432/zeren_bench10")
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import duty_performance as duty  # noqa: E402 - after the database URL is set
import pages  # noqa: E402

SECTION = "## Ten years"
FIRST_YEAR = 2016
ID_STRIDE = 10_000_000  # the records of year 2025 - k get ids + k × ID_STRIDE


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def three(fn) -> dict[str, float]:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return spread(times)


def in_office_since_2016() -> None:
    """Every post's first holder took office on 1 January 2016, so the earlier years have holders."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE org_appointment SET start = %s WHERE id IN "
            "(SELECT DISTINCT ON (post_id) id FROM org_appointment ORDER BY post_id, start, id)",
            [dt.date(FIRST_YEAR, 1, 1)],
        )


LOADED_TABLES = ("records_performancerecord", "records_recordcredit")


def add_earlier_years() -> float:
    """The year's records and credits again for each of the nine years before, in the database.

    The load is not what the bench measures, so it is made the way a bulk load is: the two tables'
    secondary indexes (those that back no constraint) are dropped first and built again at the end
    with a large ``maintenance_work_mem``, and the session skips the foreign-key triggers
    (``session_replication_role = replica``: every row copied references rows that exist, as its
    original does). Primary keys and unique constraints stay, and take the rows in id order. The
    caller vacuums and analyses (``duty.settle``)."""
    from django.db import connection, transaction

    start = time.perf_counter()
    record_cols = (
        "activity, jurisdiction_id, place, summary, created_by_id, created_at, updated_at, version, "
        "deleted_at, deleted_by_id, deletion_reason"
    )
    credit_cols = "post_id, appointment_id, person_id, capacity, counts, activity, active, confirmation, confirmation_note"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [list(LOADED_TABLES)],
        )
        secondary = cursor.fetchall()
        for name, _definition in secondary:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET LOCAL session_replication_role = replica")
        for k in range(1, duty.YEAR - FIRST_YEAR + 1):
            shift = f"INTERVAL '{k} years'"
            cursor.execute(
                f"INSERT INTO records_performancerecord (id, occurred_on, {record_cols}) "  # noqa: S608
                f"SELECT id + {k * ID_STRIDE}, (occurred_on - {shift})::date, {record_cols} "
                f"FROM records_performancerecord WHERE id < {ID_STRIDE} ORDER BY id"
            )
            cursor.execute(
                f"INSERT INTO records_recordcredit (record_id, occurred_on, {credit_cols}) "  # noqa: S608
                f"SELECT record_id + {k * ID_STRIDE}, (occurred_on - {shift})::date, {credit_cols} "
                f"FROM records_recordcredit WHERE record_id < {ID_STRIDE} ORDER BY id"
            )
            print(f"  year {duty.YEAR - k} added ({time.perf_counter() - start:.0f} s)", flush=True)
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        for name, definition in secondary:
            cursor.execute(definition)
            print(f"  index {name} built ({time.perf_counter() - start:.0f} s)", flush=True)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('records_performancerecord', 'id'), "
            "(SELECT max(id) FROM records_performancerecord))"
        )
    return time.perf_counter() - start


def drop_year(year: int) -> None:
    from zeren.records.rollups import OF_A_YEAR

    for model in OF_A_YEAR:
        model.objects.filter(year=year).delete()
    duty.settle()


DECADE_FROM = dt.date(2018, 4, 8)
"""The first day the province's pack (hebei-2018, bound by duty_performance.build_province) is in force:
before it no policy grades an accident, and the register refuses one (as the earlier years' verdicts
start there too)."""
ACCIDENTS_PER_CITY = 2  # a year
TZ = dt.timezone(dt.timedelta(hours=8))
SEVERE_MEASURES = ["admonishment", "suspension", "reassignment", "demotion", "dismissal"]


def dossier_official() -> object:
    """The official whose dossier the bench measures: the first county party secretary (by post code)
    in office since 2016."""
    from zeren.org.models import Appointment

    official = (
        Appointment.objects.filter(start=dt.date(FIRST_YEAR, 1, 1), end__isnull=True, post__role="party_secretary",
                                   post__body__jurisdiction__level="county")
        .select_related("post__body__jurisdiction")
        .order_by("post__code")
        .first()
    )
    assert official is not None  # noqa: S101
    return official


def add_accidents_and_cases(data: dict[str, object], seed: int) -> dict[str, object]:
    """Accidents and accountability cases across the decade, through the services (registered by the
    province's 安委办, decided by its 纪委): about two accidents a city a year in seeded counties, from
    the pack's first day to the end of 2025, and a case for about half of them, most decided with
    measures in the year of the accident or the next; every year one accident in the county of the
    measured dossier's official, whose first case is decided with a measure for them."""
    import random

    from zeren.accidents.models import Accident
    from zeren.accidents.services import AccidentInput, accident_create
    from zeren.accounts.models import User
    from zeren.cases.models import Case
    from zeren.jobs.models import Job

    start = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - seeded data, not a secret
    province, counties = data["province"], data["counties"]
    office, _made = User.objects.get_or_create(
        username="bench10-province", defaults={"role": "office", "jurisdiction": province}
    )
    discipline, _made = User.objects.get_or_create(
        username="bench10-discipline", defaults={"role": "discipline", "jurisdiction": province}
    )
    home = dossier_official().post.body.jurisdiction
    by_city: dict[int, list[object]] = {}
    for county in counties:
        by_city.setdefault(county.parent_id, []).append(county)
    jobs_before = Job.objects.count()
    planned: list[tuple[object, dt.date, int, bool]] = []  # (county, first day, days, the official's own)
    for year in range(DECADE_FROM.year, duty.YEAR + 1):
        first = dt.date(year, 1, 1) if year > DECADE_FROM.year else DECADE_FROM
        days = (dt.date(year, 12, 31) - first).days
        for city in sorted(by_city):
            for _ in range(ACCIDENTS_PER_CITY):
                planned.append((rng.choice(by_city[city]), first, days, False))
        planned.append((home, first, days, True))
    accidents: list[tuple[Accident, bool]] = []
    for n, (county, first, days, own) in enumerate(planned, 1):
        day = first + dt.timedelta(days=rng.randrange(days + 1))
        at = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)), tzinfo=TZ)
        larger = rng.random() < 0.15  # 较大: 3 or more deaths, investigated by the city
        deaths = rng.randint(3, 6) if larger else rng.choice([0, 0, 1, 1, 2])
        kind = rng.choice(["other", "other", "other", "road_traffic", "fire"])
        reports = {"county": at + dt.timedelta(minutes=rng.randint(20, 90))}
        if larger:
            reports["city"] = at + dt.timedelta(minutes=rng.randint(60, 180))
        sector = f"行业{rng.randint(1, 6)}"  # the government deputies' sectors (duty_performance.LEADERSHIP)
        accident = accident_create(
            actor=office,
            data=AccidentInput(
                title=f"{county.name}{day.year}年第{n}起{sector}事故",
                jurisdiction=county,
                sector=sector,
                occurred_at=at,
                kind=kind,
                enterprise=f"某企业{n}有限公司",
                deaths=deaths,
                serious_injuries=rng.randint(0, 9),
                direct_loss_yuan=rng.randint(100_000, 9_000_000),
                reports=reports,
            ),
        )
        accidents.append((accident, own))
    home_decided = False
    for accident, planned_home in accidents:
        if not planned_home and rng.random() >= 0.5:
            continue
        must_decide = planned_home and not home_decided
        stage = "decided" if must_decide else rng.choices(
            ["proposed", "investigating", "determined", "decided", "published"], [1, 1, 2, 3, 3]
        )[0]
        decide_case(accident, stage, office, discipline, rng, principal_measure=must_decide)
        home_decided = home_decided or must_decide
    decided = Case.objects.filter(decided_on__isnull=False)
    out = {
        "accidents": Accident.objects.count(),
        "relatively_large": Accident.objects.filter(grade="relatively_large").count(),
        "cases": Case.objects.count(),
        "decided_cases": decided.count(),
        "decided_years": sorted({d.year for d in decided.values_list("decided_on", flat=True)}),
        "home_county": home.code,
        "home_accidents": Accident.objects.filter(jurisdiction=home).count(),
        "home_decided_cases": decided.filter(jurisdiction=home).count(),
        "recomputes_queued": Job.objects.count() - jobs_before,
        "seconds": time.perf_counter() - start,
    }
    print(f"  accidents and cases: {json.dumps(out)}", flush=True)
    return out


def decide_case(accident: object, stage: str, office: object, discipline: object, rng: object,
                *, principal_measure: bool) -> None:
    """Take one accident's case as far as ``stage``, in the order of zeren.cases.demo: open (the
    leaders the register names become its officials), investigate (a lead department), determine
    (the sector deputy's grounds), decide (measures; the others a measure or the exemption's reason)
    and publish."""
    from zeren.cases import services
    from zeren.cases.models import Case
    from zeren.org.models import Body

    def version(case: Case) -> int:
        case.refresh_from_db()  # the step checks what the case holds now (its lead department)
        return case.version

    county = accident.jurisdiction
    case = services.case_open(
        actor=office, jurisdiction=county, title=f"{accident.title}责任追究", opened_by="office",
        proposal="提请对属地和分管领导履职情况开展调查。", accident=accident, facts_date=None,
    )
    if stage == "proposed":
        return
    lead = Body.objects.get(code=f"{county.code}-B00")
    services.case_update(
        actor=office, case=case, expected_version=version(case), title=case.title, proposal=case.proposal,
        investigation_notes="调查组调取企业安全管理台账和行业部门检查记录。", lead_body=lead,
    )
    services.case_step(actor=office, case=case, expected_version=version(case), step="investigate")
    if stage == "investigating":
        return
    subjects = list(case.subjects.select_related("post", "person"))
    for subject in subjects:
        if subject.post.role == "government_deputy":
            services.subject_update(
                actor=office, case=case, expected_version=version(case), subject=subject, status=subject.status,
                responsibility="direct", circumstances=["accident_responsibility", "duty_not_performed"],
                facts={}, grounds_text="分管行业安全监管不到位。",
            )
    services.case_step(actor=office, case=case, expected_version=version(case), step="determine")
    if stage == "determined":
        return
    choices: dict[int, list[tuple[str, str]]] = {}
    for subject in subjects:
        role = subject.post.role
        if role == "government_deputy":
            choices[subject.pk] = [(rng.choice(SEVERE_MEASURES), "")]
        elif role == "deputy_for_safety" and rng.random() < 0.7:
            choices[subject.pk] = [(rng.choice(["circulated_criticism", "admonishment"]), "")]
        elif (principal_measure and role == "party_secretary") or rng.random() < 0.3:
            choices[subject.pk] = [("circulated_criticism", "")]
    facts = accident.occurred_on
    decided_on = max(facts, min(facts + dt.timedelta(days=rng.randint(60, 420)), dt.date(duty.YEAR, 12, 31)))
    services.case_decide(
        actor=discipline, case=case, expected_version=version(case), decided_on=decided_on,
        deciding_body=f"中共{county.name}纪律检查委员会", decision_number=f"纪〔{decided_on.year}〕{case.pk}号",
        decision_text="经调查，依据《河北省党政领导干部安全生产责任制实施细则》，作出如下处理。",
        choices=choices,
        reasons={s.pk: ("经查实已全面履行职责，不予追究领导责任。", "河北 第二十六条")
                 for s in subjects if s.pk not in choices},
    )
    if stage == "published":
        services.case_step(actor=discipline, case=case, expected_version=version(case), step="publish",
                           on=decided_on + dt.timedelta(days=5))


def measure(data: dict[str, object], label: str) -> dict[str, object]:
    from django.test import Client
    from django.utils import timezone

    from zeren.accidents.models import Accident
    from zeren.accounts.models import User
    from zeren.cases.dossier import dossier_for
    from zeren.cases.models import Case
    from zeren.records.compliance import compliance_recompute
    from zeren.records.models import ComplianceRow, PerformanceRecord, RecordCredit

    province = data["province"]
    year = duty.YEAR

    def recompute() -> object:
        return compliance_recompute(year=year, jurisdiction=province, as_of=duty.AS_OF)

    out: dict[str, object] = {
        "load_before": os.getloadavg()[0],
        "records": PerformanceRecord.objects.count(),
        "credits": RecordCredit.objects.count(),
        "verdicts": ComplianceRow.objects.count(),
        "accidents": Accident.objects.count(),
        "cases": Case.objects.count(),
        "decided_cases": Case.objects.filter(decided_on__isnull=False).count(),
    }
    base = [duty.raw_group_by() for _ in range(3)]
    out["group_by"] = spread(base)
    colds = []
    for _ in range(3):
        drop_year(year)
        start = time.perf_counter()
        recompute()
        colds.append(time.perf_counter() - start)
    out["cold"] = spread(colds)
    duty.settle()
    out["warm"] = three(recompute)
    updates = []
    for _ in range(3):
        ComplianceRow.objects.filter(year=year).update(policy_version="bench-previous")
        duty.settle()
        start = time.perf_counter()
        recompute()
        updates.append(time.perf_counter() - start)
    out["pack_update"] = spread(updates)
    creates = [duty.incremental(data, samples=20)[0] for _ in range(3)]
    out["record_create"] = spread(creates)

    county = data["counties"][17]
    office, _made = User.objects.get_or_create(
        username="bench10-province", defaults={"role": "office", "jurisdiction": province}
    )
    client = Client(HTTP_HOST="localhost")  # the host duty_performance.configure allows
    client.force_login(office)
    organisation, _made = User.objects.get_or_create(  # the dossiers are the organisation department's
        username="bench10-organisation", defaults={"role": "organisation", "jurisdiction": province}
    )
    dossiers = Client(HTTP_HOST="localhost")
    dossiers.force_login(organisation)
    official = dossier_official()
    requests = {
        "province dashboard": (client, f"/records/dashboard/{province.code}/", {"year": str(year)}),
        "county dashboard": (client, f"/records/dashboard/{county.code}/", {"year": str(year)}),
        "records list: first page": (client, "/records/all/", {}),
        "records list: a county": (client, "/records/all/", {"jurisdiction": county.code}),
        "dossier of an official in office since 2016": (dossiers, f"/cases/dossier/{official.person_id}/", {}),
    }
    timings = {}
    for name, (who, path, params) in requests.items():
        who.get(path, params, secure=True)  # warm
        timings[name] = pages.measure(lambda: who.get(path, params, secure=True).status_code, 20)  # noqa: B023
        print(pages.line(name, timings[name]), flush=True)
    out["pages"] = timings
    today = dossier_for(official.person, timezone.localdate())
    page = dossiers.get(f"/cases/dossier/{official.person_id}/", secure=True)
    html = page.content.decode()
    out["dossier"] = {
        "status": page.status_code,
        "accidents": len(today.accidents),
        "cases": len(today.subjects),
        "decided": sum(1 for s in today.subjects if s.case.decided_on),
        "years": sorted({r.accident.occurred_on.year for r in today.accidents}),
        "cases_on_page": sum(1 for s in today.subjects if s.case.number in html),
    }
    print(f"  dossier of {official.post.code}: {json.dumps(out['dossier'])}", flush=True)
    out["load_after"] = os.getloadavg()[0]
    print(f"[{label}] {json.dumps({k: v for k, v in out.items() if k != 'pages'}, default=str)}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "ten_years.json")
    parser.add_argument("--write-docs", action="store_true", help="replace the section in docs/benchmarks.md")
    parser.add_argument("--from-json", type=Path, help="only write the section from the figures a run saved")
    parser.add_argument(
        "--again", action="store_true",
        help="measure the ten years again on the database a run left (its one-year figures kept from --json)",
    )
    args = parser.parse_args()
    if args.from_json:
        pages.write_section(SECTION, docs_section(json.loads(args.from_json.read_text(encoding="utf-8"))))
        return
    if args.again:
        again(args)
        return
    started = time.perf_counter()
    duty.configure("postgres")
    figures: dict[str, object] = {"machine": duty.machine(), "database": duty.database_version()}
    data = duty.build_province(args.seed)
    in_office_since_2016()
    duty.load_records(data, args.records, args.seed, 0)
    duty.settle()
    duty.recompute(data["province"], cold=True)
    figures["one_year"] = measure(data, "one year")
    figures["load_earlier_s"] = add_earlier_years()
    duty.settle()
    from zeren.records.compliance import compliance_recompute

    start = time.perf_counter()
    for year in range(FIRST_YEAR, duty.YEAR):
        compliance_recompute(year=year, jurisdiction=data["province"], as_of=dt.date(year + 1, 1, 10))
    figures["earlier_verdicts_s"] = time.perf_counter() - start
    decade = add_accidents_and_cases(data, args.seed)
    figures["accidents_cases"] = decade
    figures["accidents_cases_s"] = decade["seconds"]
    duty.settle()
    figures["ten_years"] = measure(data, "ten years")
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["took_s"] = time.perf_counter() - started
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, default=str, indent=1), encoding="utf-8")
    section = docs_section(figures)
    print(section)
    if args.write_docs:
        pages.write_section(SECTION, section)


def again(args: argparse.Namespace) -> None:
    """The ten-year half once more, on the database an earlier run left (e.g. on a quieter machine)."""
    figures = json.loads(args.json.read_text(encoding="utf-8"))
    os.environ.update(
        DATABASE_URL=duty.PG_URL, SECRET_KEY=duty.SECRET, ZEREN_DATA_DIR=str(ROOT / "var" / "bench"),
        ALLOWED_HOSTS="127.0.0.1,localhost", EMAIL_URL="console://",
    )
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    import django

    django.setup()
    from zeren.accounts.models import User
    from zeren.org.models import Appointment, Jurisdiction, Post

    by_post: dict[int, list[Appointment]] = {}
    for a in Appointment.objects.all():
        by_post.setdefault(a.post_id, []).append(a)
    data = {
        "province": Jurisdiction.objects.get(depth=0, code="910000"),
        "counties": list(Jurisdiction.objects.filter(level="county").order_by("pk")),
        "posts": list(Post.objects.select_related("body__jurisdiction")),
        "appointments": by_post,
        "author": User.objects.get(username="bench-author"),
    }
    figures["ten_years"] = measure(data, "ten years, again")
    figures["ten_years_again"] = True
    args.json.write_text(json.dumps(figures, default=str, indent=1), encoding="utf-8")
    section = docs_section(figures)
    print(section)
    if args.write_docs:
        pages.write_section(SECTION, section)


def _s(f: dict[str, float]) -> str:
    return f"{f['median']:.2f} s ({f['min']:.2f}–{f['max']:.2f})"


def _ms(f: dict[str, float]) -> str:
    return f"{f['median'] * 1000:.0f} ms ({f['min'] * 1000:.0f}–{f['max'] * 1000:.0f})"


PAGE_TARGETS_MS = {
    "province dashboard": 150,
    "county dashboard": 50,
    "records list: first page": 300,
    "records list: a county": 300,
    "dossier of an official in office since 2016": 300,
}
"""Issue 15's p95 targets of the pages, with one year stored and with ten."""
SAME_COST = ("cold", "warm", "pack_update", "record_create")
"""What must cost the same with ten years as with one (≤ 1.2×), with the pages but the dossier (which
shows ten years of history: held to its 300 ms only)."""
WRITE_TARGETS = {"cold": 3.0, "warm": 2.0, "pack_update": 5.0}
"""The write path's targets: the multiple of the same run's GROUP BY (and the cold one ≤ 6 s)."""


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def targets(f: dict[str, object]) -> list[str]:
    """Which of issue 15's targets the figures meet, and which they miss."""
    one, ten = f["one_year"], f["ten_years"]  # type: ignore[index]
    same = []
    for key in SAME_COST:
        r = ten[key]["median"] / one[key]["median"]  # type: ignore[index]
        same.append(f"{key.replace('_', ' ')} {r:.2f}× ({_verdict(r <= 1.2)})")
    for name in one["pages"]:  # type: ignore[index]
        if name.startswith("dossier"):
            continue
        r = ten["pages"][name]["p95_ms"] / one["pages"][name]["p95_ms"]  # type: ignore[index]
        same.append(f"{name} {r:.2f}× ({_verdict(r <= 1.2)})")
    write, pages_ = [], []
    for label, run in (("one year", one), ("ten years", ten)):
        base = run["group_by"]["median"]  # type: ignore[index]
        parts = []
        for key, limit in WRITE_TARGETS.items():
            r = run[key]["median"] / base  # type: ignore[index]
            ok = r <= limit and (key != "cold" or run[key]["median"] <= 6.0)  # type: ignore[index]
            parts.append(f"{key.replace('_', ' ')} {r:.1f}× (≤ {limit:.0f}×{', ≤ 6 s' if key == 'cold' else ''}: {_verdict(ok)})")
        write.append(f"{label}: " + ", ".join(parts))
        pages_.append(
            f"{label}: "
            + ", ".join(
                f"{name} {run['pages'][name]['p95_ms']:.0f} ms (≤ {limit} ms: {_verdict(run['pages'][name]['p95_ms'] <= limit)})"  # type: ignore[index]
                for name, limit in PAGE_TARGETS_MS.items()
                if name in run["pages"]  # type: ignore[index]
            )
        )
    peak = float(f["peak_rss_mb"])  # type: ignore[arg-type]
    return [
        "Targets (issue 15):",
        "",
        "- the same cost with ten years stored as with one (≤ 1.2×): " + "; ".join(same) + ".",
        "- the write path (the ratio to the same run's GROUP BY): " + "; ".join(write) + ".",
        "- pages, p95: " + "; ".join(pages_) + ".",
        f"- peak memory of the bench process (its test client serves the pages) ≤ 1 GB: {peak:.0f} MB ({_verdict(peak <= 1024)}).",
    ]


def _decade_note(f: dict[str, object]) -> str:
    """The decade's accidents and cases, and what they took, for the machine line."""
    d = f.get("accidents_cases")
    if not isinstance(d, dict):
        return ""
    first = f"{DECADE_FROM:%Y-%m-%d}"
    return (
        f"; their accidents and accountability cases ({d['accidents']:,} accidents from {first}, the first day"
        f" of the province's pack, to 2025, {d['relatively_large']} of them 较大; {d['cases']:,} cases,"
        f" {d['decided_cases']:,} decided with measures in {d['decided_years'][0]}–{d['decided_years'][-1]};"
        f" registered, investigated and decided through the services) took {float(f['accidents_cases_s']):.0f} s"
    )


def docs_section(f: dict[str, object]) -> str:
    one, ten = f["one_year"], f["ten_years"]  # type: ignore[index]

    def ratio(key: str) -> str:
        return f"{ten[key]['median'] / one[key]['median']:.2f}×"  # type: ignore[index]

    def vs_base(run: dict, key: str) -> str:  # type: ignore[type-arg]
        return f"{run[key]['median'] / run['group_by']['median']:.1f}×"

    rows = [
        ("raw `GROUP BY post, activity` over 2025's credits (baseline)", "group_by", _s, False),
        ("2025's first computation (its verdicts deleted)", "cold", _s, True),
        ("warm recompute of 2025", "warm", _s, True),
        ("recompute after a pack update (2025's verdicts rewritten)", "pack_update", _s, True),
        ("one new record (`record_create`, median of 20)", "record_create", _ms, False),
    ]
    lines = [
        SECTION,
        "",
        "`bench/ten_years.py` (run by `make bench`; its own PostgreSQL database `zeren_bench10`): the duty",
        "bench's province with every post's first holder in office since 2016, measured first with the",
        "year 2025 alone, then with the nine years before it added (the year's records again, a year",
        "earlier each time) and every year's verdicts. Median of three runs, min–max in brackets; the",
        "ratio to the GROUP BY is that of the same run.",
        "",
        f"Machine: {f['machine']}; {f['database']}. The nine earlier years took {float(f['load_earlier_s']):.0f} s"  # type: ignore[arg-type]
        f" to write and {float(f['earlier_verdicts_s']):.0f} s to judge"
        + _decade_note(f)
        + " (not measured work). Load average"
        f" (1 min) while measuring: one year {one['load_before']:.1f} → {one['load_after']:.1f}, ten years"  # type: ignore[index]
        f" {ten['load_before']:.1f} → {ten['load_after']:.1f} (other work on the machine shows there)."  # type: ignore[index]
        + (" The ten-year half was measured again by `--again` on the database the run left." if f.get("ten_years_again") else ""),
        "",
        "| measure | one year | ten years | ten ÷ one |",
        "|---|---|---|---|",
        f"| records / credits / verdicts stored | {one['records']:,} / {one['credits']:,} / {one['verdicts']:,} | "  # type: ignore[index]
        f"{ten['records']:,} / {ten['credits']:,} / {ten['verdicts']:,} | |",  # type: ignore[index]
    ]
    if "accidents" in ten:  # type: ignore[operator]
        lines.append(
            "| accidents / cases (decided) stored | "
            f"{one['accidents']:,} / {one['cases']:,} ({one['decided_cases']:,}) | "  # type: ignore[index]
            f"{ten['accidents']:,} / {ten['cases']:,} ({ten['decided_cases']:,}) | |"  # type: ignore[index]
        )
    for label, key, fmt, with_base in rows:
        a, b = fmt(one[key]), fmt(ten[key])  # type: ignore[index]
        if with_base:
            a, b = f"{a} = {vs_base(one, key)}", f"{b} = {vs_base(ten, key)}"  # type: ignore[arg-type]
        lines.append(f"| {label} | {a} | {b} | {ratio(key)} |")
    for name in one["pages"]:  # type: ignore[index]
        p1, p10 = one["pages"][name], ten["pages"][name]  # type: ignore[index]
        lines.append(
            f"| {name}: p95 | {p1['p95_ms']:.0f} ms ({p1['p95_min_ms']:.0f}–{p1['p95_max_ms']:.0f}) | "
            f"{p10['p95_ms']:.0f} ms ({p10['p95_min_ms']:.0f}–{p10['p95_max_ms']:.0f}) | "
            f"{p10['p95_ms'] / p1['p95_ms']:.2f}× |"
        )
    lines.append(f"| peak memory of the bench process | | {float(f['peak_rss_mb']):.0f} MB | |")  # type: ignore[arg-type]
    lines += ["", *targets(f)]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
