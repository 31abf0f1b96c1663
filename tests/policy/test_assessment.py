"""Assessment schemes load like packs (file:line errors) and the computation refuses facts that do not fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zeren.policy.assessment import evaluate_assessment, parse_assessment_facts
from zeren.policy.cli import main
from zeren.policy.facts import FactsError
from zeren.policy.loader import Registry
from zeren.policy.scheme import SCHEMES_DIR, SchemeError, SchemeRegistry, load_scheme

from .conftest import PACKS

DEMO = (SCHEMES_DIR / "changzhou-demo-2025.yaml").read_text(encoding="utf-8")


def _registry() -> SchemeRegistry:
    return SchemeRegistry([SCHEMES_DIR], Registry([PACKS]))


def _broken(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in DEMO
    path = tmp_path / "changzhou-demo-2025.yaml"
    path.write_text(DEMO.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SchemeError) as exc:
        load_scheme(str(path), _registry())
    return exc.value.problems


def test_the_demo_schemes_load_with_a_content_hash_version() -> None:
    registry = _registry()
    assert registry.ids() == [
        "changzhou-demo-2023",
        "changzhou-demo-2024",
        "changzhou-demo-2025",
        "changzhou-sectors-demo-2025",
        "hebei-demo-2025",
    ]
    loaded = registry.get("changzhou-demo-2025")
    assert loaded.version.startswith("2025.1+") and len(loaded.version) == len("2025.1+") + 10


def test_an_unknown_scorer_names_the_line_and_the_allowed_values(tmp_path: Path) -> None:
    problems = _broken(
        tmp_path, "scorer: {by: office}\n    evidence: 常委会会议纪要", "scorer: {by: mayor}\n    evidence: x"
    )
    assert len(problems) == 1
    assert ":27: items[0].children[0].scorer.by: 'mayor' is not one of 'office' or 'department'" in problems[0]


def test_a_citation_outside_the_pack_is_an_error(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "implements: [CZ-13, CZ-14, CZ-19]", "implements: [CZ-13, CZ-99]")
    assert problems == [
        f"{tmp_path / 'changzhou-demo-2025.yaml'}:16: cites CZ-99, which is not an article of "
        "changzhou-2018 or the packs it extends"
    ]


def test_an_unknown_duty_is_an_error(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "duties: [cz-7.3-executive-meeting]", "duties: [cz-7.3-nothing]")
    assert problems[0].endswith("changzhou-2018 has no duty 'cz-7.3-nothing'")


def test_children_that_do_not_add_up_are_an_error(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "  title: 组织领导\n  points: 20", "  title: 组织领导\n  points: 21")
    assert any("its children's points add up to 20, not 21" in p for p in problems)


def test_bands_out_of_order_are_an_error(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "label: 良好, min: 80", "label: 良好, min: 95")
    assert any("list the bands from the highest min: down" in p for p in problems)


def test_zeren_schemes_adds_a_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "other-2025.yaml").write_text(DEMO.replace("id: changzhou-demo-2025", "id: other-2025"), "utf-8")
    monkeypatch.setenv("ZEREN_SCHEMES", str(tmp_path))
    assert "other-2025" in SchemeRegistry.default(Registry([PACKS])).ids()


def _facts(**extra: object) -> dict[str, object]:
    return {"jurisdiction": {"code": "320412", "level": "county"}, "year": 2025, **extra}


def test_marking_an_item_not_applicable_that_the_scheme_does_not_allow_is_refused() -> None:
    loaded = _registry().get("changzhou-demo-2025")
    with pytest.raises(FactsError) as exc:
        parse_assessment_facts(_facts(not_applicable=[{"item": "2.1", "reason": "x"}]), loaded)
    assert exc.value.problems == ["not_applicable[0].item: item 2.1 may not be marked 不涉及 under changzhou-demo-2025"]


def test_a_year_outside_the_scheme_and_a_score_above_the_item_are_refused() -> None:
    loaded = _registry().get("changzhou-demo-2025")
    with pytest.raises(FactsError) as exc:
        parse_assessment_facts({**_facts(scores=[{"item": "3.3", "score": 11, "reason": "x"}]), "year": 2027}, loaded)
    assert exc.value.problems == [
        "year: 2027 is not a year of scheme changzhou-demo-2025 (2025)",
        "scores[0].score: 11 is above item 3.3's 10 points",
    ]


def test_a_manual_deduction_must_name_a_manual_rule_of_its_item() -> None:
    loaded = _registry().get("changzhou-demo-2025")
    with pytest.raises(FactsError) as exc:
        parse_assessment_facts(
            _facts(manual_deductions=[{"item": "2.1", "deduction": "cz-demo-2.1-ordinary", "reason": "x"}]), loaded
        )
    assert "is not a manual deduction of item 2.1 (it has none)" in exc.value.problems[0]


def test_the_verdict_names_the_source_of_every_deduction() -> None:
    loaded = _registry().get("changzhou-demo-2025")
    facts = parse_assessment_facts(
        _facts(findings=[{"id": "F-9", "title": "台账缺失", "found_on": "2025-03-01"}]), loaded
    )
    verdict = evaluate_assessment(loaded, facts).as_dict()
    item = verdict["items"][3]["children"][0]
    assert item["deductions"][0]["events"] == [
        {"source": "finding", "finding": "F-9", "title": "台账缺失", "due": None, "points": 2}
    ]
    assert verdict["score"] == 98
    assert any(t["rule"] == "cz-demo-4.1-finding" and t["articles"][0]["id"] == "CZ-12" for t in verdict["trace"])


def test_zeren_evaluate_assessment_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(_facts()), encoding="utf-8")
    assert main(["evaluate", "assessment", "--scheme", "changzhou-demo-2025", "--facts", str(path), "--json"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert (verdict["score"], verdict["grade"], verdict["grade_label"]) == (100, "excellent", "优秀")


def test_zeren_evaluate_assessment_without_a_scheme_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "assessment", "--facts", "-"]) == 2
    assert "--scheme is required" in capsys.readouterr().err
