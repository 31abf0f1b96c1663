"""`zeren policy diff` compares every section by content (the veto's conditions and period,
provisions with their cycles and targets, summons triggers); `zeren policy coverage` says of each
article whether zeren computes it, only describes it, or it is declarative."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import TEXTS, write

HERE = Path(__file__).resolve().parent / "packs"
SHANHAI = (HERE / "shanhai-2026.yaml").read_text(encoding="utf-8")


def zeren(*args: str, packs: list[Path] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZEREN_PACKS": os.pathsep.join(str(p) for p in [HERE, *(packs or [])])}
    return subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", *args], capture_output=True, text=True, env=env, check=False
    )


def variant(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SHANHAI
    text = SHANHAI.replace("id: shanhai-2026", "id: shanhai-2027", 1).replace(old, new, 1)
    write(tmp_path / "shanhai-2027.yaml", text)
    return tmp_path


def test_two_packs_whose_vetoes_differ_only_in_period_show_the_difference(tmp_path: Path) -> None:
    packs = variant(tmp_path, "veto_period: {cites: [SHP-6], months: 12}", "veto_period: {cites: [SHP-6], months: 24}")
    result = zeren("policy", "diff", "shanhai-2026", "shanhai-2027", packs=[packs])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "shanhai-2026 ↔ shanhai-2027: 1 differences"
    assert "== one_vote_veto ==\n≠ period\n" in result.stdout
    assert "自决定之日起12个月 [SHP-6]" in result.stdout and "自决定之日起24个月 [SHP-6]" in result.stdout


def test_an_open_veto_and_a_veto_with_a_period_differ(tmp_path: Path) -> None:
    result = zeren("policy", "diff", "hebei-2018", "shanhai-2026", "--json")
    rows = {(r["section"], r["topic"]): r for r in json.loads(result.stdout)["rows"]}
    period = rows[("one_vote_veto", "period")]
    assert not period["same"]
    assert period["a"][0]["text"].startswith("未规定（一票否决“在相关规定时限内”")
    assert rows[("one_vote_veto", "restrictions")]["same"]


def test_a_veto_with_another_condition_differs(tmp_path: Path) -> None:
    packs = variant(
        tmp_path,
        "    when: {fact: grounds, contains: accident_responsibility}",
        "    when: {all: [{fact: grounds, contains: accident_responsibility}, {fact: responsibility, equals: main}]}",
    )
    rows = json.loads(zeren("policy", "diff", "shanhai-2026", "shanhai-2027", "--json", packs=[packs]).stdout)["rows"]
    changed = [(r["section"], r["topic"], r["b"][0]["text"]) for r in rows if not r["same"]]
    assert changed == [
        ("one_vote_veto", "one_vote_veto", "all(grounds ∋ accident_responsibility, responsibility = main)")
    ]


def test_provision_cycles_and_targets_and_summons_triggers_are_compared(tmp_path: Path) -> None:
    packs = variant(tmp_path, "  every: {years: 3, anchor: 2018}\n  by:", "  every: {years: 3, anchor: 2019}\n  by:")
    rows = json.loads(zeren("policy", "diff", "shanhai-2026", "shanhai-2027", "--json", packs=[packs]).stdout)["rows"]
    assert [(r["section"], r["topic"]) for r in rows if not r["same"]] == [("provisions", "inspection_tour")]
    packs = variant(
        tmp_path,
        "{count: 2, min_grade: relatively_large, months: 3}",
        "{count: 2, min_grade: relatively_large, months: 6}",
    )
    rows = json.loads(zeren("policy", "diff", "shanhai-2026", "shanhai-2027", "--json", packs=[packs]).stdout)["rows"]
    changed = [r for r in rows if not r["same"]]
    assert [(r["section"], r["topic"]) for r in changed] == [("summons", "city")]
    assert "2起较大事故及以上（6个月内）" in changed[0]["b"][0]["text"]


def test_a_pack_diffed_with_itself_has_no_difference() -> None:
    result = zeren("policy", "diff", "changzhou-2018", "changzhou-2018")
    assert result.stdout.splitlines()[0] == "changzhou-2018 ↔ changzhou-2018: 0 differences"


def test_coverage_tells_computed_from_described_only_and_prints_the_described_ones() -> None:
    result = zeren("policy", "coverage", "changzhou-2018", "--text", str(TEXTS / "changzhou-2018.txt"))
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert any(line.startswith("CZ-30    computed") for line in lines)
    assert any(line.startswith("CZ-12    described   cz-12-inspection-tour") for line in lines)
    assert any(line.startswith("CZ-3     declarative") for line in lines)
    described = lines[
        lines.index("described only — zeren holds and shows these articles but computes nothing from them:") :
    ]
    assert "  CZ-12    常州 第十二条  (cz-12-inspection-tour)" in described
    data = json.loads(
        zeren("policy", "coverage", "changzhou-2018", "--text", str(TEXTS / "changzhou-2018.txt"), "--json").stdout
    )
    statuses = {a["id"]: a["status"] for a in data["articles"]}
    assert statuses["CZ-12"] == "described" and statuses["CZ-22"] == "computed"
    assert "CZ-12" in data["described_only"] and data["missing"] == []


def test_coverage_fails_only_for_a_missing_article(tmp_path: Path) -> None:
    text = (TEXTS / "changzhou-2018.txt").read_text(encoding="utf-8") + "\n第三十二条 本办法由市应急管理局负责解释。\n"
    result = zeren("policy", "coverage", "changzhou-2018", "--text", str(write(tmp_path / "cz.txt", text)))
    assert result.returncode == 1
    assert "CZ-32    missing" in result.stdout
