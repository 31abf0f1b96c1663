"""Benchmark: pre-filling a province-wide assessment (``make bench``).

Builds the fictional province of ``bench/duty_performance.py`` (2,785 jurisdictions, ~60,000 posts,
a year of records — one million by default — and the year's compliance verdicts, computed once and
not timed), registers seeded accidents across it, and measures, in the same run:

- the baselines: one raw GROUP BY count over the year's post credits (the duty bench's baseline) and
  one over the year's missed compliance verdicts by jurisdiction and duty;
- the first pre-fill of an assessment of every jurisdiction below the province (2,784 entries, under
  a bench scheme of the 河北 style that assesses every level) — what the background job of a
  province's assessment runs, :func:`zeren.assessments.services.prefill`: the facts from the stored
  verdicts and the accident register in bulk, the core's verdict on each, the entries written;
- the pre-fill run again (every entry refreshed in place), best of 3;
- of which: gathering the facts, and the core alone.

Run: ``.venv/bin/python bench/assessment_prefill.py --db postgres --records 1000000`` (PostgreSQL
database ``zeren_bench_assessment``, dropped and recreated; ``ASSESS_BENCH_PG_URL`` to change it) or
``--db sqlite --records 20000`` for a quick check. ``--write-docs`` replaces the "## Assessment
pre-fill" section of docs/benchmarks.md with the run's figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault(
    "BENCH_PG_URL", os.environ.get("ASSESS_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zeren_bench_assessment")
)
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import duty_performance as duty  # noqa: E402 - after the database URL is set

SECTION = "## Assessment pre-fill"
SCHEME_ID = "bench-province-2025"
ACCIDENTS = 3000
TZ = dt.timezone(dt.timedelta(hours=8))


def bench_scheme() -> Path:
    """The 河北-style demo scheme, assessing every level (a bench copy; the shipped one assesses counties)."""
    source = (ROOT / "src" / "zeren" / "packs" / "schemes" / "hebei-demo-2025.yaml").read_text(encoding="utf-8")
    text = source.replace("id: hebei-demo-2025", f"id: {SCHEME_ID}").replace(
        "assessed: {levels: [county]}", "assessed: {levels: [city, county, township, zone, new_area]}"
    )
    folder = ROOT / "var" / "bench" / "schemes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{SCHEME_ID}.yaml"
    path.write_text(text, encoding="utf-8")
    return folder


def add_accidents(data: dict[str, object], seed: int) -> int:
    """Seeded accidents of the year in the province's townships and counties, of every grade."""
    from zeren.accidents.models import Accident
    from zeren.org.models import Jurisdiction

    rng = random.Random(seed)  # noqa: S311 - seeded data, not a secret
    places = list(Jurisdiction.objects.filter(level__in=["township", "county"]).values_list("pk", flat=True))
    grades = [("ordinary", 1)] * 85 + [("relatively_large", 4)] * 12 + [("major", 12)] * 3
    rows = []
    for i in range(ACCIDENTS):
        grade, deaths = rng.choice(grades)
        day = dt.datetime(duty.YEAR, 1, 1, 8, tzinfo=TZ) + dt.timedelta(hours=rng.randrange(0, 364 * 24))
        rows.append(
            Accident(
                title=f"示例事故{i}",
                jurisdiction_id=rng.choice(places),
                sector="工矿商贸",
                occurred_at=day,
                deaths=deaths,
                graded_deaths=deaths,
                grade=grade,
                policy_id="hebei-2018",
                policy_version="bench",
            )
        )
    Accident.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def build(args: argparse.Namespace) -> dict[str, object]:
    data = duty.build_province(args.seed)
    records, credits = duty.load_records(data, args.records, args.seed, 0)
    print(f"[{args.db}] province: {data['jurisdictions']} jurisdictions, {records} records", flush=True)
    compute_s, computed = duty.recompute(data["province"], cold=True)
    accidents = add_accidents(data, args.seed)
    duty.settle()
    print(f"[{args.db}] verdicts: {computed.rows} (computed in {compute_s:.1f} s, not timed)", flush=True)
    return {**data, "records": records, "credits": credits, "verdicts": computed.rows, "accidents": accidents}


def reuse(db: str) -> dict[str, object]:
    """Point Django at the database an earlier run left (no rebuild); its assessment is dropped."""
    sqlite = ROOT / "var" / "bench" / "duty_performance.sqlite3"
    url = duty.PG_URL if db == "postgres" else f"sqlite:///{sqlite}"
    os.environ.update(
        DATABASE_URL=url,
        SECRET_KEY=duty.SECRET,
        ZEREN_DATA_DIR=str(ROOT / "var" / "bench"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="console://",
    )
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    import django

    django.setup()
    from zeren.accidents.models import Accident
    from zeren.assessments.models import Assessment
    from zeren.org.models import Jurisdiction
    from zeren.records.models import ComplianceRow, PerformanceRecord, RecordCredit

    Assessment.objects.all().delete()
    return {
        "province": Jurisdiction.objects.get(depth=0, code="910000"),
        "jurisdictions": Jurisdiction.objects.count(),
        "records": PerformanceRecord.objects.count(),
        "credits": RecordCredit.objects.count(),
        "verdicts": ComplianceRow.objects.filter(year=duty.YEAR).count(),
        "accidents": Accident.objects.count(),
    }


def missed_group_by() -> float:
    """One raw GROUP BY count over the year's missed verdicts by jurisdiction and duty, fetched."""
    from django.db import connection

    def run() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT jurisdiction_id, obligation, COUNT(*) FROM records_compliancerow "
                "WHERE year = %s AND status = 'missed' GROUP BY jurisdiction_id, obligation",
                [duty.YEAR],
            )
            return len(cursor.fetchall())

    seconds, _ = duty.timed(run, repeat=3)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--write-docs", action="store_true", help="write the figures into docs/benchmarks.md")
    parser.add_argument("--reuse", action="store_true", help="measure again on the database a run left")
    args = parser.parse_args()
    os.environ["ZEREN_SCHEMES"] = str(bench_scheme())
    if args.reuse:
        data = reuse(args.db)
    else:
        duty.configure(args.db)
        data = build(args)
    figures: dict[str, object] = {"db": args.db, "machine": duty.machine(), "database": duty.database_version()}
    figures.update({k: data[k] for k in ("records", "credits", "jurisdictions", "verdicts", "accidents")})

    from zeren.assessments import services, workflow
    from zeren.assessments.models import Assessment, AssessmentEntry
    from zeren.assessments.prefill import prefilled_facts, targets_of
    from zeren.policy.assessment import evaluate_assessment, parse_assessment_facts

    figures["group_by_s"] = duty.raw_group_by()
    figures["missed_group_by_s"] = missed_group_by()
    province = data["province"]
    loaded = workflow.schemes().get(SCHEME_ID)

    def new_assessment() -> Assessment:
        Assessment.objects.all().delete()
        return Assessment.objects.create(
            jurisdiction=province,
            year=duty.YEAR,
            title="示例省年度考核（基准）",
            scheme_id=SCHEME_ID,
            scheme_version=loaded.version,
            scheme_digest=loaded.digest,
            policy_id=loaded.policy.id,
            policy_version=loaded.policy.version,
        )

    firsts = []
    for _ in range(3):  # three first pre-fills, each of a new assessment
        assessment = new_assessment()
        duty.settle()
        first_s, first = duty.timed(lambda: services.prefill(assessment))  # noqa: B023 - called at once
        firsts.append(first_s)
    figures["first_s"], figures["entries"] = statistics.median(firsts), first["entries"]
    figures["first_min_s"], figures["first_max_s"] = min(firsts), max(firsts)
    duty.settle()
    again_s, _ = duty.timed(lambda: services.prefill(assessment), repeat=3)
    figures["again_s"] = again_s
    targets = targets_of(workflow.assessed_jurisdictions(province, loaded))
    facts_s, facts = duty.timed(lambda: prefilled_facts(targets, duty.YEAR, loaded))

    def core() -> int:
        for item, _links in facts.values():
            verdict = evaluate_assessment(loaded, parse_assessment_facts(item, loaded))
            dataclasses.replace(verdict, trace=()).as_dict()  # as the pre-fill stores it
        return len(facts)

    figures["facts_s"] = facts_s
    figures["core_s"], _ = duty.timed(core)
    figures["deducted_entries"] = AssessmentEntry.objects.filter(assessment=assessment, score__lt=100).count()
    figures["vetoed_entries"] = AssessmentEntry.objects.filter(assessment=assessment, vetoed=True).count()
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for key in ("first", "again"):
        figures[f"{key}_ratio"] = figures[f"{key}_s"] / figures["group_by_s"]  # type: ignore[operator]
    print(f"[{args.db}] {figures}", flush=True)
    section = docs_section(figures)
    print(section)
    if args.write_docs:
        write_docs(section)


def docs_section(f: dict[str, object]) -> str:
    s = duty._s  # the duty bench's formatting
    first, again = float(f["first_s"]), float(f["again_s"])  # type: ignore[arg-type]
    base = float(f["group_by_s"])  # type: ignore[arg-type]
    met = "met" if first <= 5 and first <= 3 * base else "**missed**"
    return "\n".join(
        [
            SECTION,
            "",
            "`bench/assessment_prefill.py` (run by `make bench`; its own PostgreSQL database",
            "`zeren_bench_assessment`, dropped and recreated). The province of the duty bench under hebei-2018,",
            f"year {duty.YEAR}; {f['accidents']:,} seeded accidents of every grade; an assessment of every",
            f"jurisdiction below the province ({f['entries']:,} entries) under a bench copy of the 河北-style demo",
            "scheme that assesses every level. The pre-fill is `zeren.assessments.services.prefill`, the work",
            "of the background job a province's assessment starts.",
            "",
            f"### {f['database']} — {int(f['records']):,} records",  # type: ignore[call-overload]
            "",
            f"Machine: {f['machine']}. {int(f['verdicts']):,} compliance verdicts in the year.",  # type: ignore[call-overload]
            "",
            "| measure | figure | target |",
            "|---|---|---|",
            f"| raw `GROUP BY post, activity` count over the year's credits (baseline, best of 3) | {s(base)} | |",
            f"| raw `GROUP BY jurisdiction, duty` count over the year's missed verdicts (best of 3) | "
            f"{s(float(f['missed_group_by_s']))} | |",  # type: ignore[arg-type]
            f"| first pre-fill of {f['entries']:,} entries (facts, core, entries written; median of 3 new "
            f"assessments, min–max) | {s(first)} ({s(float(f['first_min_s']))}–{s(float(f['first_max_s']))}) = "  # type: ignore[arg-type]
            f"{first / base:.1f}× baseline | ≤ 5 s, ≤ 3× |",
            f"| pre-fill again (every entry refreshed; best of 3) | {s(again)} = {again / base:.1f}× baseline | |",
            f"| of which: the facts (verdicts and accidents, in bulk) / the core alone | "
            f"{s(float(f['facts_s']))} / {s(float(f['core_s']))} | |",  # type: ignore[arg-type]
            f"| entries with a deduction / vetoed | {f['deducted_entries']:,} / {f['vetoed_entries']:,} | |",
            f"| peak memory of the bench process | {float(f['peak_rss_mb']):.0f} MB | ≤ 1 GB |",  # type: ignore[arg-type]
            "",
            f"Target: first pre-fill ≤ 5 s and ≤ 3× the GROUP BY: {met} ({s(first)}, {first / base:.1f}×).",
        ]
    )


def write_docs(section: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n\n" + text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {doc.relative_to(ROOT)} ({SECTION})")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"bench took {time.perf_counter() - started:.0f} s")
