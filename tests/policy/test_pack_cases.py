"""Every YAML case under zeren/packs/cases runs as its own test (the same cases `zeren policy test` runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zeren.policy.cases import run_file
from zeren.policy.loader import Registry

from .conftest import CASES

FILES = sorted(CASES.rglob("*.yaml"))


def _cases() -> list[tuple[Path, int, str]]:
    found = []
    for path in FILES:
        for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            found.append((path, index, str(case.get("name", index))))
    return found


def test_there_are_cases_for_both_regulations() -> None:
    packs = {path.parent.name for path in FILES}
    assert {"changzhou-2018", "hebei-2018", "cn-national"} <= packs


@pytest.mark.parametrize(("path", "index", "name"), _cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_case(path: Path, index: int, name: str, registry: Registry) -> None:
    result = run_file(path, registry)[index]
    assert result.name == name
    assert result.passed, f"{path.parent.name}/{path.name}: {name}\n" + "\n".join(result.problems)


def test_every_computable_article_has_a_case(registry: Registry) -> None:
    """Each article that some rule (other than a standing duty or a provision) encodes is cited by a case."""
    for pack_id in ("changzhou-2018", "hebei-2018"):
        policy = registry.get(pack_id)
        computable: set[str] = set()
        for rule in policy.rules():
            kind = getattr(rule, "kind", None)
            if kind in ("standing",) or rule.__class__.__name__ in ("Provision", "ScopeRule"):
                continue
            for cite in rule.cites:
                if cite.startswith(policy.pack.sources[0].prefix + "-"):
                    computable.add(cite.split("#")[0].split(".")[0])
        cited: set[str] = set()
        for path in (CASES / pack_id).glob("*.yaml"):
            for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                cited |= {str(c).split("#")[0].split(".")[0] for c in case.get("cites", [])}
        assert computable - cited == set(), f"{pack_id}: articles with rules but no case"
