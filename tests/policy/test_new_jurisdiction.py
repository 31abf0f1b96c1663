"""A third jurisdiction is a new pack file: no code change (ZEREN_PACKS points at its directory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import write

PACK = """\
id: shanhai-2030
version: "2030.1"
title: 山海市党政领导干部安全生产责任制实施办法（虚构，用于测试）
jurisdiction: 山海市
effective: 2030-01-01
extends: cn-national
sources:
- prefix: SH
  title: 山海市党政领导干部安全生产责任制实施办法
  short: 山海
  articles:
  - number: 1
    paragraphs:
    - text: 本办法适用于县（市、区）党委和政府领导班子成员。
  - number: 2
    paragraphs:
    - text: 县（市、区）党委主要负责人每月至少调研2次安全生产工作。
  - number: 3
    paragraphs:
    - text: 有下列情形之一的，可以从轻追究责任：
      items:
      - （一）主动投案并如实说明情况的；
      - （二）事故发生后积极配合调查的。
scope:
- id: sh.scope
  cites: [SH-1]
  applies: direct
  roles: [party_secretary, government_head]
  levels: [county]
duties:
- id: sh.secretary.research
  cites: [SH-2]
  title: 每月至少调研2次
  kind: periodic
  topic: research_visit
  binds: {roles: [party_secretary], levels: [county]}
  activity: research_visit
  every: month
  at_least: 2
accountability:
  grounds:
  - {id: sh.ground.accident, cites: [SH-3], circumstance: accident_responsibility}
  measures:
  - {id: sh.measure.admonishment, cites: [SH-3], measure: admonishment}
  mitigate:
  - id: sh.mitigate.cooperation
    cites: [SH-3.2]
    reason: cooperated_with_investigation
    when: {fact: facts.remedial_measures}
"""

FACTS = {
    "post": {"role": "party_secretary", "level": "county"},
    "from": "2030-01-01",
    "to": "2030-02-28",
    "as_of": "2030-03-05",
    "records": [
        {"activity": "research_visit", "date": "2030-01-05"},
        {"activity": "research_visit", "date": "2030-01-31"},
        {"activity": "research_visit", "date": "2030-02-10"},
    ],
}


def _zeren(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZEREN_PACKS": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", *args], capture_output=True, text=True, env=env, check=False
    )


def test_a_new_pack_is_listed_checked_and_evaluated(tmp_path: Path) -> None:
    write(tmp_path / "shanhai-2030.yaml", PACK)
    facts = write(tmp_path / "facts.json", json.dumps(FACTS))

    listed = _zeren(tmp_path, "policy", "list", "--json")
    assert "shanhai-2030" in [p["id"] for p in json.loads(listed.stdout)]
    assert _zeren(tmp_path, "policy", "check", "shanhai-2030").returncode == 0

    result = _zeren(tmp_path, "evaluate", "compliance", "--policy", "shanhai-2030", "--facts", str(facts), "--json")
    assert result.returncode == 0, result.stderr
    items = {i["period"]: (i["status"], i["done"], i["required"]) for i in json.loads(result.stdout)["items"]}
    assert items == {"2030-01": ("met", 2, 2), "2030-02": ("missed", 1, 2)}


def test_a_new_pack_has_its_own_mitigation_list(tmp_path: Path) -> None:
    write(tmp_path / "shanhai-2030.yaml", PACK)
    facts = write(
        tmp_path / "case.json",
        json.dumps(
            {
                "official": {"role": "party_secretary", "level": "county"},
                "circumstances": ["accident_responsibility"],
                "responsibility": "main",
                "accident": {"occurred_at": "2030-05-03T09:10:00+08:00", "deaths": 3},
                "facts": {"remedial_measures": True, "previous_year_assessment": "excellent"},
                "as_of": "2030-06-01",
            }
        ),
    )
    result = _zeren(tmp_path, "evaluate", "accountability", "--policy", "shanhai-2030", "--facts", str(facts), "--json")
    verdict = json.loads(result.stdout)
    assert verdict["mitigate"] == {
        "applies": True,
        "reasons": ["cooperated_with_investigation"],
        "effect": ["lighten", "reduce"],
        "cites": ["SH-3.2"],
    }
    assert verdict["measures_allowed"] == [{"measure": "admonishment", "cites": ["SH-3"]}]
    assert verdict["accident_grade"] == "relatively_large"  # grades inherited from cn-national


def test_the_diff_against_changzhou_shows_the_new_frequency(tmp_path: Path) -> None:
    write(tmp_path / "shanhai-2030.yaml", PACK)
    result = _zeren(
        tmp_path,
        "policy",
        "diff",
        "hebei-2018",
        "shanhai-2030",
        "--role",
        "party_secretary",
        "--level",
        "county",
        "--json",
    )
    rows = {(r["section"], r["topic"]): r for r in json.loads(result.stdout)["rows"]}
    research = rows[("duties", "research_visit")]
    assert not research["same"]
    assert research["b"] == [{"text": "每月至少2次 调研安全生产工作", "cites": ["SH-2"], "levels": ["county"]}]
