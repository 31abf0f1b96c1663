"""The pack format says what a third province needs (issue 12): N-year cycles anchored on a start
year, a one-vote veto period set by the pack, targets on provisions that set cycles, the part-year
reading for yearly counts, several readings per rule and summonses triggered by accident patterns.
The fictional 山海 pack (tests/policy/packs/shanhai-2026.yaml) uses every one, loaded through
ZEREN_PACKS; a construct written wrong is refused with ``file:line`` and the allowed values."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zeren.policy.loader import PackError, Registry
from zeren.policy.periods import parse_period, period_of, periods_between

from .conftest import PACKS, write

HERE = Path(__file__).resolve().parent / "packs"
SHANHAI = (HERE / "shanhai-2026.yaml").read_text(encoding="utf-8")


def zeren(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZEREN_PACKS": str(HERE)}
    return subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", *args], capture_output=True, text=True, env=env, check=False
    )


def test_the_fictional_pack_loads_through_zeren_packs_and_its_cases_pass() -> None:
    check = zeren("policy", "check", "shanhai-2026")
    assert check.returncode == 0, check.stdout + check.stderr
    cases = zeren("policy", "test", str(HERE / "cases"))
    assert cases.returncode == 0, cases.stdout
    assert "15 passed, 0 failed" in cases.stdout


def test_evaluate_summons_answers_cited_and_traced(tmp_path: Path) -> None:
    facts = {
        "jurisdiction": {"code": "9901", "level": "city"},
        "as_of": "2026-12-31",
        "accidents": [
            {"occurred_at": "2026-05-10T08:00:00+08:00", "deaths": 3},
            {"occurred_at": "2026-06-01T08:00:00+08:00", "deaths": 12},
        ],
    }
    path = write(tmp_path / "facts.json", json.dumps(facts))
    result = zeren("evaluate", "summons", "--policy", "shanhai-2026", "--facts", str(path), "--json")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert [(s["pattern"], s["because"], s["due_on"]) for s in verdict["summonses"]] == [
        (0, [1], "2026-06-01"),
        (1, [0, 1], "2026-06-01"),
    ]
    assert verdict["summonses"][0]["with"] == ["supervision_commission", "organisation_department"]
    traced = {t["rule"]: t for t in verdict["trace"]}
    assert traced["shp.5.2.city#0"]["articles"][0]["label"] == "山海 第五条 第（二）项"
    assert traced["shp.5.1.county"]["result"] is False
    text = zeren("evaluate", "summons", "--policy", "shanhai-2026", "--facts", str(path))
    assert "province safety_committee summons city party_secretary, government_head" in text.stdout


def test_summons_facts_that_do_not_fit_name_the_path(tmp_path: Path) -> None:
    path = write(tmp_path / "facts.json", json.dumps({"jurisdiction": {"level": "parish"}, "as_of": "x"}))
    result = zeren("evaluate", "summons", "--policy", "shanhai-2026", "--facts", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert "jurisdiction.level: 'parish' is not one of" in result.stderr
    assert "as_of: not a date" in result.stderr


def test_the_shipped_packs_have_no_summons_rule() -> None:
    registry = Registry([PACKS])
    assert [r.id for p in ("changzhou-2018", "hebei-2018", "cn-national") for r in registry.get(p).summons] == []


def test_n_year_cycles_are_anchored_on_their_start_year_and_two_years_still_works() -> None:
    kind = "years:3@2018"
    assert [p.id for p in periods_between(kind, dt.date(2017, 6, 1), dt.date(2024, 1, 1))] == [
        "2015/2017",
        "2018/2020",
        "2021/2023",
        "2024/2026",
    ]
    assert period_of(kind, dt.date(2020, 12, 31)).end == dt.date(2020, 12, 31)
    assert period_of("two_years", dt.date(2026, 3, 1)).id == "2025/2026"
    with pytest.raises(ValueError, match="two-year"):
        parse_period("2024/2025")


def _problems(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in SHANHAI, old
    path = write(tmp_path / "shanhai-2026.yaml", SHANHAI.replace(old, new, 1))
    with pytest.raises(PackError) as info:
        Registry([tmp_path, PACKS]).load_path(path)
    return info.value.problems


def _line(text: str) -> int:
    return SHANHAI.splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  every: {years: 3, anchor: 2018}\n  at_least: 1",
            "  every: {years: 3}\n  at_least: 1",
            "as a mapping, every: is {years: N, anchor: YYYY} (N whole years, cycles from YYYY)",
        ),
        (
            "  every: {years: 3, anchor: 2018}\n  at_least: 1",
            "  every: {years: 0, anchor: 2018}\n  at_least: 1",
            "years: 0 is not a whole number of years (1 or more)",
        ),
        (
            "  every: {years: 3, anchor: 2018}\n  at_least: 1",
            "  every: triennial\n  at_least: 1",
            "'triennial' is not one of month, quarter, half_year, year, two_years, or {years: N, anchor: YYYY}",
        ),
    ],
)
def test_a_bad_cycle_is_refused_with_its_line_and_the_allowed_forms(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    problems = _problems(tmp_path, old, new)
    assert len(problems) == 1
    assert problems[0].endswith(message), problems
    assert f"shanhai-2026.yaml:{_line('  every: {years: 3, anchor: 2018}')}: duties[0].every: " in problems[0]


def test_a_veto_period_with_both_months_and_open_is_refused(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, "veto_period: {cites: [SHP-6], months: 12}", "veto_period: {cites: [SHP-6], months: 12, open: 未定}"
    )
    assert problems == [
        f"{tmp_path / 'shanhai-2026.yaml'}:{_line('  veto_period: {cites: [SHP-6], months: 12}')}: "
        "accountability.veto_period: veto_period: has exactly one of months: (from the decision) or open: <note>"
    ]


def test_a_veto_without_a_period_is_refused_the_engine_writes_no_note_of_its_own(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "  veto_period: {cites: [SHP-6], months: 12}\n", "")
    assert len(problems) == 1 and "needs veto_period:" in problems[0]


def test_a_veto_period_citing_a_missing_article_is_refused(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, "veto_period: {cites: [SHP-6], months: 12}", "veto_period: {cites: [SHP-60], months: 12}"
    )
    assert problems == [
        f"{tmp_path / 'shanhai-2026.yaml'}:{_line('  veto_period: {cites: [SHP-6], months: 12}')}: "
        "cites SHP-60, which is not an article of this pack or the packs it extends"
    ]


def test_a_cycle_provision_without_targets_is_refused(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        "  targets:\n  - {body: departments, level: same, note: 省级有关工作部门}\n"
        "  - {body: party_committee, level: below}\n  - {body: government, level: below}\n",
        "",
    )
    assert len(problems) == 1 and "names its targets" in problems[0]
    assert ":" + str(_line("- id: shp.4.inspection-tour")) + ": provisions[0]: " in problems[0]


def test_a_target_with_an_unknown_body_lists_the_allowed_ones(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "{body: departments, level: same", "{body: ministries, level: same")
    assert len(problems) == 1
    assert "'ministries' is not one of 'party_committee', 'government', 'departments'" in problems[0]


def test_part_year_needs_its_reading_and_a_known_one(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "  part_year_reading: shp-part-year\n", "")
    assert len(problems) == 1 and "part_year: is a reading" in problems[0]
    problems = _problems(tmp_path, "part_year_reading: shp-part-year", "part_year_reading: shp-nothing")
    assert problems == [
        f"{tmp_path / 'shanhai-2026.yaml'}:{_line('  part_year_reading: shp-part-year')}: "
        "no reading 'shp-nothing' in readings:"
    ]
    problems = _problems(tmp_path, "part_year: pro_rata_up", "part_year: half")
    assert "'half' is not one of 'pro_rata_up', 'whole_count' or 'not_judged'" in problems[0]


def test_an_unknown_reading_among_several_is_refused_at_its_line(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, "readings: [shp-inspection-count, shp-part-year]", "readings: [shp-inspection-count, shp-typo]"
    )
    assert problems == [
        f"{tmp_path / 'shanhai-2026.yaml'}:{_line('  readings: [shp-inspection-count, shp-part-year]')}: "
        "no reading 'shp-typo' in readings:"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{count: 2, min_grade: relatively_large, months: 3}",
            "{count: 2, min_grade: relatively_large, months: 3, window: calendar_year}",
            "a pattern has exactly one window: window: calendar_year, or months: N (rolling)",
        ),
        (
            "{count: 2, min_grade: relatively_large, months: 3}",
            "{count: 2, min_grade: large, months: 3}",
            "'large' is not one of 'ordinary', 'relatively_large', 'major' or 'extraordinarily_serious'",
        ),
        ("  by: {level: province, body: safety_committee}", "  by: {level: province, body: mayor}", "'mayor'"),
        ("  with: [supervision_commission, organisation_department]", "  with: [press]", "'press' is not one of"),
        ("  summoned: [party_secretary, government_head]\n  with:", "  summoned: []\n  with:", "must not be empty"),
    ],
)
def test_a_bad_summons_rule_is_refused_with_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    problems = _problems(tmp_path, old, new)
    assert len(problems) == 1 and message in problems[0], problems
    assert problems[0].split(": ", 2)[1].startswith("summons[1]")
