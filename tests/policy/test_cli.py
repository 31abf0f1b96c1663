"""The policy commands as a user runs them: `zeren policy …`, `zeren duties`, `zeren evaluate`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import TEXTS, write


def zeren(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", *args], capture_output=True, text=True, input=stdin, check=False
    )


def test_list_shows_the_three_packs() -> None:
    out = zeren("policy", "list").stdout
    assert "changzhou-2018" in out and "hebei-2018" in out and "cn-national" in out


def test_check_passes_the_built_in_packs() -> None:
    result = zeren("policy", "check", "cn-national", "changzhou-2018", "hebei-2018")
    assert result.returncode == 0, result.stderr


def test_check_of_a_broken_file_exits_1_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.yaml", "id: broken\nversion: 1\ntitle: x\n")
    result = zeren("policy", "check", str(path))
    assert result.returncode == 1
    assert f"{path}:1: jurisdiction: required" in result.stderr


def test_coverage_passes_for_both_regulations() -> None:
    for pack, text in (("changzhou-2018", "changzhou-2018.txt"), ("hebei-2018", "hebei-2018.txt")):
        result = zeren("policy", "coverage", pack, "--text", str(TEXTS / text), "--json")
        assert result.returncode == 0, result.stdout
        articles = json.loads(result.stdout)["articles"]
        assert len(articles) == 31
        assert all(a["status"] in ("computed", "described", "declarative") for a in articles)


def test_coverage_fails_when_the_text_has_an_article_the_pack_lacks(tmp_path: Path) -> None:
    text = (TEXTS / "hebei-2018.txt").read_text(encoding="utf-8") + "\n第三十二条 本细则另有补充规定。\n"
    result = zeren("policy", "coverage", "hebei-2018", "--text", str(write(tmp_path / "hb.txt", text)))
    assert result.returncode == 1
    assert "HB-32    missing" in result.stdout


def test_duties_json_lists_every_item_of_hebei_article_5_for_a_county_secretary() -> None:
    result = zeren("duties", "--policy", "hebei-2018", "--role", "party_secretary", "--level", "county", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    cited = {c for item in data["items"] for c in item["cites"]}
    assert {f"HB-5.{i}" for i in range(1, 10)} <= cited
    assert all(item["articles"][0]["text"] for item in data["items"])


def test_evaluate_refuses_bad_facts_with_json_paths_and_exit_2(tmp_path: Path) -> None:
    facts = write(
        tmp_path / "bad.json",
        json.dumps(
            {
                "post": {"role": "party_secretary", "level": "county"},
                "from": "2025-01-01",
                "to": "2025-12-31",
                "as_of": "2026-01-10",
                "records": [
                    {"activity": "research_visit", "date": "2025-02-11"},
                    {"activity": "research_visit", "date": "2025-02-11"},
                    {"activity": "research_visit", "date": "2025-02-11"},
                    {"activity": "dancing", "date": "2025-02-30"},
                ],
            }
        ),
    )
    result = zeren("evaluate", "compliance", "--policy", "hebei-2018", "--facts", str(facts), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("records[3].activity: 'dancing' is not one of")
    assert lines[1] == "records[3].date: not a date"


def test_evaluate_refuses_text_that_is_not_json() -> None:
    result = zeren("evaluate", "accountability", "--policy", "changzhou-2018", "--facts", "-", stdin="{oops")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("(document): not JSON")


def evaluate_bytes(tmp_path: Path, content: bytes) -> subprocess.CompletedProcess[str]:
    facts = tmp_path / "facts.json"
    facts.write_bytes(content)
    return zeren("evaluate", "compliance", "--policy", "hebei-2018", "--facts", str(facts), "--json")


def test_evaluate_refuses_a_file_that_is_not_utf_8_in_one_line(tmp_path: Path) -> None:
    result = evaluate_bytes(tmp_path, '{"post": {"role": "县长"}}'.encode("gb18030"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["(document): not UTF-8 text (byte 20 is 0xcf)"]


def test_evaluate_refuses_non_utf_8_on_standard_input_too() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", "evaluate", "compliance", "--policy", "hebei-2018", "--facts", "-"],
        capture_output=True,
        input=b'{"as_of": "\xff"}',
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["(document): not UTF-8 text (byte 12 is 0xff)"]


def test_evaluate_refuses_100000_levels_of_nesting_in_one_line(tmp_path: Path) -> None:
    result = evaluate_bytes(tmp_path, b"[" * 100_000 + b"]" * 100_000)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["(document): nested more than 32 levels deep"]


def test_evaluate_refuses_a_5000_digit_integer_in_one_line(tmp_path: Path) -> None:
    result = evaluate_bytes(tmp_path, b'{"records": [{"count": ' + b"9" * 5000 + b"}]}")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["(document): an integer of 5000 digits; at most 30"]


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    result = evaluate_bytes(tmp_path, json.dumps({"post": "[" * 100 + '\\"{'}).encode())
    assert result.returncode == 2
    assert "nested" not in result.stderr and "post" in result.stderr


def test_evaluate_accountability_answers_with_the_contract_shape() -> None:
    facts = {
        "official": {"role": "government_deputy", "level": "county", "status": "in_post"},
        "circumstances": ["accident_responsibility"],
        "responsibility": "main",
        "accident": {
            "occurred_at": "2025-05-03T09:10:00+08:00",
            "deaths": 3,
            "serious_injuries": 0,
            "direct_loss_yuan": 4200000,
        },
        "facts": {"previous_year_assessment": "excellent"},
        "decided": [
            {"measure": "dismissal", "date": "2025-09-01"},
            {"measure": "discipline", "sanction": "demerit", "date": "2025-09-01"},
        ],
        "as_of": "2026-06-01",
    }
    result = zeren(
        "evaluate", "accountability", "--policy", "changzhou-2018", "--facts", "-", "--json", stdin=json.dumps(facts)
    )
    verdict = json.loads(result.stdout)
    for key in (
        "policy",
        "policy_version",
        "accident_grade",
        "accountable",
        "grounds",
        "exempt",
        "fault_tolerance",
        "lighter_path",
        "measures_allowed",
        "aggravate",
        "mitigate",
        "one_vote_veto",
        "lifetime",
        "referral",
        "restrictions",
        "may_be_promoted_on_as_of",
        "conflicts",
        "notes",
        "trace",
    ):
        assert key in verdict
    restrictions = {r["kind"]: (r["from"], r["until"]) for r in verdict["restrictions"]}
    assert restrictions["no_equivalent_post"] == ("2025-09-01", "2026-09-01")
    # the one-vote veto's no-promotion has no end in 常州's text: open, not the 2 years of 免职 (issue 12)
    assert restrictions["no_promotion"] == ("2025-09-01", None)
    assert verdict["trace"][0]["articles"][0]["text"]


def test_diff_of_the_two_regulations_for_a_county_secretary() -> None:
    result = zeren("policy", "diff", "changzhou-2018", "hebei-2018", "--role", "party_secretary", "--level", "county")
    assert result.returncode == 0
    out = result.stdout
    assert "CZ-25.3" in out  # mitigation for a previous year rated excellent: 常州 only
    assert "== fault_tolerance ==" in out and "== lighter_path ==" in out
    assert "每季度至少1次 调研安全生产工作 [HB-5.3]" in out


def test_skeleton_turns_a_text_into_articles() -> None:
    out = zeren("policy", "skeleton", "--text", str(TEXTS / "changzhou-2018.txt")).stdout
    assert out.startswith("articles:\n- number: 1\n")
    assert out.count("- number:") == 31


def test_the_policy_core_never_imports_django() -> None:
    code = (
        "import sys, zeren.policy.cli, zeren.policy.cases; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_evaluate_reward_refuses_under_a_veto_in_force_and_says_why() -> None:
    facts = {
        "assessments": {"2023": "excellent", "2024": "excellent", "2025": "excellent"},
        "as_of_year": 2025,
        "term": {"from": "2021-01-01", "to": None},
        "as_of": "2026-03-01",
        "restrictions": [{"kind": "no_excellence_or_award", "from": "2025-09-10", "until": None, "cites": ["CZ-22"]}],
    }
    result = zeren(
        "evaluate", "reward", "--policy", "changzhou-2018", "--facts", "-", "--json", stdin=json.dumps(facts)
    )
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert (verdict["eligible"], verdict["refused"], verdict["years"]) == (False, True, [2023, 2024, 2025])
    assert verdict["refused_because"][0]["cites"] == ["CZ-22"]
    text = zeren("evaluate", "reward", "--policy", "changzhou-2018", "--facts", "-", stdin=json.dumps(facts)).stdout
    assert "refused: no_excellence_or_award from 2025-09-10" in text
    facts.pop("as_of")
    refused = zeren("evaluate", "reward", "--policy", "changzhou-2018", "--facts", "-", stdin=json.dumps(facts))
    assert refused.returncode == 2 and "as_of" in refused.stderr and refused.stdout == ""
