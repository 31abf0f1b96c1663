"""A broken pack is refused with `file:line: message` errors and nothing is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeren.policy.loader import PackError, Registry, load

from .conftest import PACKS, write

MINIMAL = """\
id: {id}
version: "1"
title: 测试规定
jurisdiction: 测试市
effective: 2020-01-01
{extra}sources:
- prefix: TS
  title: 测试规定
  short: 测试
  articles:
  - number: 1
    paragraphs:
    - text: 各级党委主要负责人每月至少带队检查1次安全生产工作。
  - number: 2
    paragraphs:
    - text: 本规定自印发之日起施行。
      items: []
duties:
- id: ts.inspection
  cites: [TS-1]
  title: 每月带队检查
  kind: periodic
  binds: {{roles: [party_secretary]}}
  activity: led_inspection
  every: month
"""


def _load(tmp_path: Path, text: str, name: str = "test-pack") -> object:
    path = write(tmp_path / f"{name}.yaml", text)
    return Registry([tmp_path, PACKS]).load_path(path)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PackError) as info:
        _load(tmp_path, text)
    return info.value.problems


def test_a_minimal_pack_loads(tmp_path: Path) -> None:
    policy = _load(tmp_path, MINIMAL.format(id="test-pack", extra=""))
    assert policy.id == "test-pack"  # type: ignore[attr-defined]


def test_an_unknown_key_names_its_line(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="") + "  evry: month\n"
    problems = _problems(tmp_path, text)
    assert problems == [f"{tmp_path / 'test-pack.yaml'}:26: duties[0].evry: unknown field"]


def test_a_citation_to_a_missing_article_names_its_line(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="").replace("cites: [TS-1]", "cites: [TS-9]")
    problems = _problems(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'test-pack.yaml'}:20: cites TS-9")


def test_a_citation_to_a_missing_item_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="").replace("cites: [TS-1]", "cites: [TS-1.3]")
    assert "has no such 款 or 项" in _problems(tmp_path, text)[0]


def test_a_wrong_vocabulary_word_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="").replace("every: month", "every: fortnight")
    (problem,) = _problems(tmp_path, text)
    assert ":25: duties[0].every: 'fortnight' is not one of" in problem


def test_a_periodic_duty_without_a_period_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="").replace("  every: month\n", "")
    (problem,) = _problems(tmp_path, text)
    assert "a periodic duty needs an activity and every:" in problem
    assert problem.startswith(f"{tmp_path / 'test-pack.yaml'}:19:")


def test_broken_yaml_names_its_line(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="") + "  - [unclosed\n"
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith(f"{tmp_path / 'test-pack.yaml'}:") and "YAML" in problem


def test_a_rule_id_used_twice_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="")
    duty = text[text.index("- id: ts.inspection") :]
    problems = _problems(tmp_path, text + duty)
    assert any("rule id 'ts.inspection' is used twice" in p for p in problems)


def test_the_id_must_match_the_file_name(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, MINIMAL.format(id="other-id", extra=""))
    assert "must match the file name" in problem and problem.endswith("'test-pack'")


def test_an_unknown_base_pack_is_refused(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, MINIMAL.format(id="test-pack", extra="extends: nowhere\n"))
    assert problem == f"{tmp_path / 'test-pack.yaml'}:6: extends unknown pack 'nowhere'"


def test_a_condition_on_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.format(id="test-pack", extra="") + (
        "accountability:\n  aggravate:\n  - id: ts.agg\n    cites: [TS-1]\n    when: {fact: facts.typo}\n"
    )
    (problem,) = _problems(tmp_path, text)
    assert ":30: unknown fact 'facts.typo'" in problem


def test_an_article_that_is_not_verbatim_is_refused(tmp_path: Path) -> None:
    text_file = write(
        tmp_path / "reg.txt",
        "第一条 各级党委主要负责人每月至少带队检查1次安全生产工作。\n第二条 本规定自印发之日起施行。\n",
    )
    pack = MINIMAL.format(id="test-pack", extra="").replace(
        "  short: 测试\n", f"  short: 测试\n  text_file: {text_file.name}\n"
    )
    assert _load(tmp_path, pack) is not None
    changed = pack.replace("每月至少带队检查1次", "每季度至少带队检查1次")
    (problem,) = _problems(tmp_path, changed)
    assert "TS-1#1: not verbatim" in problem


def test_the_built_in_packs_load(registry: Registry) -> None:
    for pack_id in ("cn-national", "changzhou-2018", "hebei-2018"):
        policy = registry.get(pack_id)
        assert policy.version.startswith("2018.1+")


def test_load_by_path_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        load(str(tmp_path / "missing.yaml"))
    assert info.value.problems == [f"{tmp_path / 'missing.yaml'}:1: no such file"]
