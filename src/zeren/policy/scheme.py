"""Loading assessment schemes: YAML → validated :class:`Scheme` → a :class:`LoadedScheme`.

Schemes live in ``zeren/packs/schemes/`` (and in the directories of ``ZEREN_SCHEMES``, separated
by ``os.pathsep``, searched first), one file per scheme named after its id. Like a pack, a scheme
is versioned by the hash of its file, and every problem is reported as ``file:line: message``:
schema errors naming the allowed values, citations that are not articles of the scheme's pack,
duty ids the pack does not hold, item ids used twice. A scheme with any problem is not loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zeren.policy.facts import describe, json_path
from zeren.policy.loader import BUILTIN_DIR, Loc, PackError, RawPack, Registry, read_yaml, search_path, yaml_files
from zeren.policy.model import Policy
from zeren.policy.scheme_schema import Scheme

SCHEMES_DIR = BUILTIN_DIR / "schemes"


class SchemeError(PackError):
    """A scheme that cannot be loaded; ``problems`` are ``file:line: message`` lines."""


@dataclass(frozen=True)
class LoadedScheme:
    """A validated scheme with the policy its citations resolve against."""

    scheme: Scheme
    policy: Policy
    version: str
    """``version`` of the file plus the first ten hex digits of its SHA-256: any edit shows."""
    digest: str
    path: Path

    @property
    def id(self) -> str:
        return self.scheme.id


def _cite_problem(policy: Policy, cite: str) -> str | None:
    try:
        policy.cite(cite)
    except (KeyError, ValueError):
        return f"cites {cite}, which is not an article of {policy.id} or the packs it extends"
    return None


def _cites(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every citation in the raw scheme (``cites:`` and ``implements:`` lists), with its location."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("cites", "implements") and isinstance(item, list):
                for index, cite in enumerate(item):
                    yield (*loc, key, index), str(cite)
            else:
                yield from _cites(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _cites(item, (*loc, index))


def _item_locs(raw: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    def walk(items: object, loc: Loc) -> Iterator[tuple[Loc, dict[str, Any]]]:
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield (*loc, index), item
                yield from walk(item.get("children"), (*loc, index, "children"))

    yield from walk(raw.get("items"), ("items",))


def _cross_problems(raw: RawPack, scheme: Scheme, policy: Policy) -> list[str]:
    problems: list[str] = []
    for loc, cite in _cites(raw.data, ()):
        message = _cite_problem(policy, cite)
        if message:
            problems.append(f"{raw.where(loc)}: {message}")
    duty_ids = {d.id for d in policy.duties}
    seen_items: set[str] = set()
    seen_rules: set[str] = set()
    for loc, item in _item_locs(raw.data):
        item_id = str(item.get("id"))
        if item_id in seen_items:
            problems.append(f"{raw.where((*loc, 'id'))}: item id {item_id!r} is used twice")
        seen_items.add(item_id)
        for d_index, deduction in enumerate(item.get("deductions") or []):
            if not isinstance(deduction, dict):
                continue
            rule_id = str(deduction.get("id"))
            if rule_id in seen_rules:
                problems.append(
                    f"{raw.where((*loc, 'deductions', d_index, 'id'))}: deduction id {rule_id!r} is used twice"
                )
            seen_rules.add(rule_id)
            for j, duty in enumerate(deduction.get("duties") or []):
                if duty not in duty_ids:
                    problems.append(
                        f"{raw.where((*loc, 'deductions', d_index, 'duties', j))}: {policy.id} has no duty {duty!r}"
                    )
    for index, veto in enumerate(scheme.vetoes):
        if veto.id in seen_rules:
            problems.append(f"{raw.where(('vetoes', index, 'id'))}: veto id {veto.id!r} is used twice")
        seen_rules.add(veto.id)
    counts_accidents = bool(scheme.vetoes) or any(d.source == "accident" for i in scheme.leaves() for d in i.deductions)
    if counts_accidents and (policy.accidents is None or not policy.accidents.grades):
        problems.append(f"{raw.where(('policy',))}: {policy.id} has no accident grades to count accidents by")
    return problems


def _schema_problems(raw: RawPack, exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors():
        loc: Loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        problems.append(f"{raw.where(loc)}: {json_path(loc)}: {describe(error)}")
    return problems


def validate(raw: RawPack, registry: Registry | None = None) -> LoadedScheme:
    """A scheme from its parsed YAML, or :class:`SchemeError` listing every problem."""
    try:
        scheme = Scheme.model_validate(raw.data)
    except ValidationError as exc:
        raise SchemeError(_schema_problems(raw, exc)) from None
    registry = registry or Registry.default()
    try:
        policy = registry.get(scheme.policy)
    except PackError:
        known = ", ".join(registry.ids()) or "none"
        raise SchemeError([f"{raw.where(('policy',))}: no pack {scheme.policy!r} (known: {known})"]) from None
    problems = _cross_problems(raw, scheme, policy)
    if problems:
        raise SchemeError(problems)
    return LoadedScheme(scheme, policy, f"{scheme.version}+{raw.digest[:10]}", raw.digest, raw.path)


def load_scheme_path(path: Path, registry: Registry | None = None) -> LoadedScheme:
    try:
        raw = read_yaml(path)
    except PackError as exc:
        raise SchemeError(exc.problems) from None
    loaded = validate(raw, registry)
    if loaded.scheme.id != path.stem:
        raise SchemeError([f"{raw.where(('id',))}: id {loaded.scheme.id!r} must match the file name {path.stem!r}"])
    return loaded


@dataclass
class SchemeRegistry:
    """Schemes found in a list of directories (the built-in ``zeren/packs/schemes`` last)."""

    directories: list[Path] = field(default_factory=list)
    packs: Registry = field(default_factory=Registry.default)
    _schemes: dict[str, LoadedScheme] = field(default_factory=dict)

    @classmethod
    def default(cls, packs: Registry | None = None) -> SchemeRegistry:
        return cls(search_path("ZEREN_SCHEMES", SCHEMES_DIR), packs or Registry.default())

    def paths(self) -> dict[str, Path]:
        return yaml_files(self.directories)

    def ids(self) -> list[str]:
        return sorted(self.paths())

    def get(self, scheme_id: str) -> LoadedScheme:
        if scheme_id not in self._schemes:
            paths = self.paths()
            if scheme_id not in paths:
                known = ", ".join(sorted(paths)) or "none"
                raise SchemeError([f"no scheme {scheme_id!r} (known: {known})"])
            self._schemes[scheme_id] = load_scheme_path(paths[scheme_id], self.packs)
        return self._schemes[scheme_id]


def load_scheme(id_or_path: str, registry: SchemeRegistry | None = None) -> LoadedScheme:
    """A scheme by id, or from a ``.yaml`` file."""
    registry = registry or SchemeRegistry.default()
    path = Path(id_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise SchemeError([f"{path}:1: no such file"])
        return load_scheme_path(path, registry.packs)
    return registry.get(id_or_path)
