"""YAML test cases: facts → expected verdict, citing the article, readable by a domain expert.

A case file is a YAML list under ``cases/<pack-id>/``. Each case has ``name``, ``cites``,
``evaluate`` (compliance, accountability, accident, duties, reward, summons, tour_cycle), ``facts`` and
``expect``.
Assessment cases (``evaluate: assessment`` or ``ranking``) also name their ``scheme:`` (an id or a
file); their citations resolve against the scheme's pack.
``expect`` matches partially: a mapping compares only the keys it lists; a list must match the
verdict's list element for element in any order; ``{includes: [...]}`` checks a subset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zeren.policy.accidents import evaluate_accident, parse_accident_facts
from zeren.policy.accountability import evaluate_accountability
from zeren.policy.assessment import assessment_verdict, ranking_verdict
from zeren.policy.compliance import evaluate_compliance
from zeren.policy.duties import duty_list
from zeren.policy.facts import FactsError, parse_accountability_facts, parse_compliance_facts
from zeren.policy.loader import PackError, Registry, load_yaml
from zeren.policy.model import Policy
from zeren.policy.rewards import evaluate_reward, parse_reward_facts
from zeren.policy.scheme import LoadedScheme, SchemeRegistry, load_scheme
from zeren.policy.summons import evaluate_summons, parse_summons_facts
from zeren.policy.tours import evaluate_tour_cycle, parse_tour_cycle_facts


def _duties(policy: Policy, facts: Any) -> dict[str, Any]:
    if not isinstance(facts, dict) or "role" not in facts or "level" not in facts:
        raise FactsError(["facts: duties need role: and level:"])
    return duty_list(policy, facts["role"], facts["level"], facts.get("department_kind")).as_dict()


EVALUATORS: dict[str, Callable[[Policy, Any], dict[str, Any]]] = {
    "compliance": lambda p, f: evaluate_compliance(p, parse_compliance_facts(f)).as_dict(),
    "accountability": lambda p, f: evaluate_accountability(p, parse_accountability_facts(f)).as_dict(),
    "accident": lambda p, f: evaluate_accident(p, parse_accident_facts(f)).as_dict(),
    "duties": _duties,
    "reward": lambda p, f: evaluate_reward(p, parse_reward_facts(f)).as_dict(),
    "summons": lambda p, f: evaluate_summons(p, parse_summons_facts(f)).as_dict(),
    "tour_cycle": lambda p, f: evaluate_tour_cycle(p, parse_tour_cycle_facts(f)).as_dict(),
}


SCHEME_EVALUATORS: dict[str, Callable[[LoadedScheme, Any], dict[str, Any]]] = {
    "assessment": assessment_verdict,
    "ranking": ranking_verdict,
}


def evaluate(kind: str, policy: Policy, facts: Any) -> dict[str, Any]:
    if kind not in EVALUATORS:
        raise FactsError([f"evaluate: {kind!r} is not one of {', '.join(EVALUATORS)}"])
    return EVALUATORS[kind](policy, _jsonable(facts))


def _jsonable(value: Any) -> Any:
    """YAML reads dates as dates; the facts contract is JSON, so turn them back into strings."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Why ``actual`` does not match ``expected`` (partially), as ``path: message`` lines."""
    where = path or "(verdict)"
    if isinstance(expected, dict) and set(expected) == {"includes"} and isinstance(expected["includes"], list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {actual!r}"]
        problems = []
        for index, item in enumerate(expected["includes"]):
            if not any(not mismatches(item, candidate) for candidate in actual):
                problems.append(f"{where}: no element matches includes[{index}] {item!r}")
        return problems
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a mapping, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(
                    f"{path}.{key}: missing from the verdict" if path else f"{key}: missing from the verdict"
                )
                continue
            problems += mismatches(value, actual[key], f"{path}.{key}" if path else str(key))
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {actual!r}"]
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} elements, got {len(actual)}: {actual!r}"]
        remaining = list(actual)
        for index, item in enumerate(expected):
            match = next((c for c in remaining if not mismatches(item, c)), None)
            if match is None:
                return [f"{where}[{index}]: no element matches {item!r} in {actual!r}"]
            remaining.remove(match)
        return []
    expected = _jsonable(expected)
    if expected != actual:
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


@dataclass(frozen=True, slots=True)
class CaseResult:
    file: Path
    name: str
    pack: str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def case_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    return files


def run_file(path: Path, registry: Registry) -> list[CaseResult]:
    try:
        cases, _node = load_yaml(path.read_text(encoding="utf-8"))  # no anchors, aliases or deep nesting
    except (OSError, yaml.YAMLError) as exc:
        return [CaseResult(path, "(file)", "", (f"cannot read: {exc}",))]
    if not isinstance(cases, list):
        return [CaseResult(path, "(file)", "", ("a case file is a YAML list of cases",))]
    results = []
    for index, case in enumerate(cases):
        if not isinstance(case, dict):
            results.append(CaseResult(path, f"#{index}", "", ("a case is a mapping",)))
            continue
        name = str(case.get("name", f"#{index}"))
        pack = str(case.get("policy") or path.parent.name)
        missing = [k for k in ("name", "cites", "evaluate", "facts", "expect") if k not in case]
        if missing:
            results.append(CaseResult(path, name, pack, (f"case lacks {', '.join(missing)}",)))
            continue
        try:
            kind = str(case["evaluate"])
            if kind in SCHEME_EVALUATORS:
                if "scheme" not in case:
                    results.append(CaseResult(path, name, pack, (f"an {kind} case names its scheme:",)))
                    continue
                ref = str(case["scheme"])
                if ref.endswith((".yaml", ".yml")):
                    ref = str(path.parent / ref)
                loaded = load_scheme(ref, SchemeRegistry.default(registry))
                policy, pack = loaded.policy, loaded.policy.id
                verdict = SCHEME_EVALUATORS[kind](loaded, _jsonable(case["facts"]))
            else:
                policy = registry.get(pack)
                verdict = evaluate(kind, policy, case["facts"])
            problems = mismatches(case["expect"], verdict)
            for cite in case["cites"]:
                try:
                    policy.cite(str(cite))
                except (KeyError, ValueError):
                    problems.append(f"cites: {cite} is not an article of {pack}")
        except PackError as exc:
            problems = exc.problems
        except FactsError as exc:
            problems = [f"facts.{p}" for p in exc.problems]
        results.append(CaseResult(path, name, pack, tuple(problems)))
    return results


def run(paths: list[Path], registry: Registry | None = None) -> list[CaseResult]:
    registry = registry or Registry.default()
    results: list[CaseResult] = []
    for path in case_files(paths):
        results += run_file(path, registry)
    return results
