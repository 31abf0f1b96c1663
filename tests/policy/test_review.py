"""`zeren policy review ID` writes an HTML page a lawyer can read: each article's text, then the
rules, readings and YAML cases that cite it, and whether zeren computes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from zeren.policy.loader import Registry
from zeren.policy.review import review_html

from .conftest import PACKS

HERE = Path(__file__).resolve().parent / "packs"


def test_the_review_page_shows_each_article_with_its_rules_readings_cases_and_status(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    env = {**os.environ, "ZEREN_PACKS": str(HERE)}
    result = subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", "policy", "review", "shanhai-2026", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<article ") == 8
    article = page[page.index('<article id="SHP-5">') : page.index('<article id="SHP-6">')]
    assert "由设区的市安全生产委员会约谈该县（市、区）党委和政府主要负责人" in article
    assert "<code>shp.5.2.city</code>" in article and "本系统计算" in article
    assert "shp-summons-window" in article
    assert "设区的市3个月内发生2起较大事故的，约谈" in article and "通过" in article
    tour = page[page.index('<article id="SHP-4">') : page.index('<article id="SHP-5">')]
    assert "仅作描述" in tour and "每3年（自2018年起算）" in tour


def test_a_failing_case_and_a_declarative_article_say_so(tmp_path: Path) -> None:
    cases = tmp_path / "cases" / "changzhou-2018"
    cases.mkdir(parents=True)
    (cases / "bad.yaml").write_text(
        "- name: 故意写错的案例\n  cites: [CZ-30]\n  evaluate: accountability\n"
        "  facts: {official: {role: government_deputy, level: county}, circumstances: [duty_not_performed],\n"
        "          decided: [{measure: demotion, date: 2025-02-01}], as_of: 2025-03-01}\n"
        "  expect: {may_be_promoted_on_as_of: true}\n",
        encoding="utf-8",
    )
    policy = Registry([PACKS]).get("changzhou-2018")
    page = review_html(policy, [cases])
    article = page[page.index('<article id="CZ-30">') : page.index('<article id="CZ-31">')]
    assert "故意写错的案例" in article and "未通过" in article
    assert 'id="CZ-3"><h3>常州 第三条 <span class="status declarative">' in page
    assert "<strong>共 31 条" in page
