"""Loading policy packs: YAML → validated schema → a resolved :class:`~zeren.policy.model.Policy`.

Every problem is reported as ``file:line: message``; a pack with any problem is not loaded.

Pack files are read by :func:`load_yaml`, which refuses what a pack never needs and an attacker
would use: anchors and aliases (a ten-line "billion laughs" file expands to gigabytes), nesting
deeper than :data:`MAX_DEPTH` (which would exhaust Python's recursion), integers too long for
Python to read, and files over :data:`MAX_BYTES`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from zeren.policy.articles import parse_article_id
from zeren.policy.facts import CONDITION_FACTS, describe, json_path
from zeren.policy.model import Policy, resolve
from zeren.policy.schema import CONDITIONAL_SECTIONS, Condition, Pack

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "packs"
Loc = tuple[str | int, ...]
MAX_DEPTH = 32  # the shipped packs nest 9 deep
MAX_BYTES = 4 * 1024 * 1024  # the largest shipped pack is about 50 KB


class PackError(Exception):
    """A pack that cannot be loaded; ``problems`` are ``file:line: message`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- YAML with positions


class _Refused(yaml.MarkedYAMLError):
    """YAML that is well formed but refused in a pack; ``problem_mark`` is where."""

    def __init__(self, problem: str, mark: Any) -> None:  # a pure-Python or a libyaml mark
        super().__init__(problem=problem, problem_mark=mark)


class _PackLoader(yaml.SafeLoader):
    """The safe loader without anchors and aliases, with a nesting limit and readable integers."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            problem = f"aliases (*{event.anchor}) are not allowed in a pack; write the value out"
            raise _Refused(problem, event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            problem = f"anchors (&{anchor}) are not allowed in a pack; write the value out where it is used"
            raise _Refused(problem, event.start_mark)
        if not isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        try:
            return int(self.construct_yaml_int(node))
        except ValueError:  # Python refuses to read an integer of more than 4300 digits
            raise _Refused("this integer has too many digits", node.start_mark) from None


_PackLoader.add_constructor("tag:yaml.org,2002:int", _PackLoader.construct_bounded_int)


def load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of one YAML document and its node tree (for line numbers). Raises
    :class:`yaml.MarkedYAMLError` for broken YAML, and for anchors, aliases, nesting deeper than
    :data:`MAX_DEPTH` and integers too long to read."""
    loader = _PackLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _positions(node: yaml.Node, loc: Loc, out: dict[Loc, int]) -> None:
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                out[(*loc, key.value)] = key.start_mark.line + 1
                _positions(value, (*loc, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*loc, index), out)


@dataclass
class RawPack:
    path: Path
    data: dict[str, Any]
    lines: dict[Loc, int]
    digest: str

    def line(self, loc: Loc) -> int:
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)

    def where(self, loc: Loc) -> str:
        return f"{self.path}:{self.line(loc)}"


def read_yaml(path: Path) -> RawPack:
    """Parse a YAML file, keeping the line of every key and list element."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([f"{path}:1: cannot read: {exc.strerror}"]) from None
    if len(raw) > MAX_BYTES:
        raise PackError([f"{path}:1: the file is larger than {MAX_BYTES // (1024 * 1024)} MB; a pack is far smaller"])
    return raw_from_text(path, raw.decode("utf-8", errors="replace"), hashlib.sha256(raw).hexdigest())


def raw_from_text(path: Path, text: str, digest: str = "") -> RawPack:
    """Parse YAML text as if read from ``path`` (the name each problem's ``file:line`` gives)."""
    try:
        data, node = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError([f"{path}:{line}: YAML: {problem}"]) from None
    if not isinstance(data, dict) or node is None:
        raise PackError([f"{path}:1: a pack is a mapping (id:, title:, ...)"])
    lines: dict[Loc, int] = {}
    _positions(node, (), lines)
    return RawPack(path, data, lines, digest)


# --------------------------------------------------------------------------- validation


def _schema_problems(raw: RawPack, exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors():
        loc: Loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        problems.append(f"{raw.where(loc)}: {json_path(loc)}: {describe(error)}")
    return problems


def _walk_rules(value: object, loc: Loc) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every mapping in the raw pack that carries an id (the rules), with its location."""
    if isinstance(value, dict):
        if "id" in value and loc and loc[0] not in ("sources",):
            yield loc, value
        for key, item in value.items():
            yield from _walk_rules(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_rules(item, (*loc, index))


def _walk_conditions(condition: Condition, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if condition.fact is not None:
        yield (*loc, "fact"), condition.fact
    for key, children in (("all", condition.all), ("any", condition.any)):
        for index, child in enumerate(children or []):
            yield from _walk_conditions(child, (*loc, key, index))
    if condition.not_ is not None:
        yield from _walk_conditions(condition.not_, (*loc, "not"))


def _cross_problems(raw: RawPack, pack: Pack, known_articles: dict[str, int], readings: set[str]) -> list[str]:
    """Problems no schema sees: citations that resolve to nothing, unknown readings or fact paths,
    duplicate rule ids, conflicts naming rules that do not exist."""
    problems: list[str] = []
    seen: dict[str, Loc] = {}
    for loc, rule in _walk_rules(raw.data, ()):
        rule_id = str(rule["id"])
        if loc[0] != "readings":
            if rule_id in seen:
                problems.append(f"{raw.where((*loc, 'id'))}: rule id {rule_id!r} is used twice")
            seen[rule_id] = loc
        for index, cite in enumerate(rule.get("cites") or []):
            message = _cite_problem(str(cite), known_articles)
            if message:
                problems.append(f"{raw.where((*loc, 'cites', index))}: {message}")
        reading = rule.get("reading")
        if reading is not None and reading not in readings:
            problems.append(f"{raw.where((*loc, 'reading'))}: no reading {reading!r} in readings:")
        for index, other in enumerate(rule.get("readings") or [] if loc[0] != "readings" else []):
            if other not in readings:
                problems.append(f"{raw.where((*loc, 'readings', index))}: no reading {other!r} in readings:")
    settings = pack.compliance
    if settings is not None and settings.part_year_reading and settings.part_year_reading not in readings:
        problems.append(
            f"{raw.where(('compliance', 'part_year_reading'))}: no reading {settings.part_year_reading!r} in readings:"
        )
    veto = pack.accountability.veto_period if pack.accountability else None
    for index, cite in enumerate(veto.cites if veto else []):
        message = _cite_problem(cite, known_articles)
        if message:
            problems.append(f"{raw.where(('accountability', 'veto_period', 'cites', index))}: {message}")
    for number, reward in enumerate(pack.rewards):
        for index, cite in enumerate(reward.refused_cites):
            message = _cite_problem(cite, known_articles)
            if message:
                problems.append(f"{raw.where(('rewards', number, 'refused_cites', index))}: {message}")
    for key in ("reporting_cites", "regrade_cites"):
        for index, cite in enumerate((raw.data.get("accidents") or {}).get(key) or []):
            message = _cite_problem(str(cite), known_articles)
            if message:
                problems.append(f"{raw.where(('accidents', key, index))}: {message}")
    if pack.accountability is not None:
        acc = pack.accountability
        for section in CONDITIONAL_SECTIONS:
            for index, rule in enumerate(getattr(acc, section)):
                for loc, fact in _walk_conditions(rule.when, ("accountability", section, index, "when")):
                    if fact not in CONDITION_FACTS:
                        problems.append(
                            f"{raw.where(loc)}: unknown fact {fact!r} (known: {', '.join(sorted(CONDITION_FACTS))})"
                        )
        for index, conflict in enumerate(acc.conflicts):
            for j, rule_id in enumerate(conflict.rules):
                if rule_id not in seen:
                    problems.append(
                        f"{raw.where(('accountability', 'conflicts', index, 'rules', j))}: "
                        f"conflict names an unknown rule {rule_id!r}"
                    )
        if acc.procedure is not None:
            for step in ("propose", "investigate", "decide", "publish", "appeal"):
                value = getattr(acc.procedure, step)
                for index, cite in enumerate(value.cites if value else []):
                    message = _cite_problem(cite, known_articles)
                    if message:
                        problems.append(
                            f"{raw.where(('accountability', 'procedure', step, 'cites', index))}: {message}"
                        )
    return problems


def _cite_problem(cite: str, known_articles: dict[str, int]) -> str | None:
    try:
        ref = parse_article_id(cite)
    except ValueError as exc:
        return str(exc)
    if str(ref) not in known_articles and ref.article_id not in known_articles:
        return f"cites {cite}, which is not an article of this pack or the packs it extends"
    if str(ref) not in known_articles:
        return f"cites {cite}: {ref.article_id} has no such 款 or 项"
    return None


def article_index(pack: Pack) -> dict[str, int]:
    """Every citable id of the pack's own sources (articles, paragraphs, items) → article number."""
    index: dict[str, int] = {}
    for source in pack.sources:
        for article in source.articles:
            base = f"{source.prefix}-{article.number}"
            index[base] = article.number
            for p, paragraph in enumerate(article.paragraphs, start=1):
                index[f"{base}#{p}"] = article.number
                for i in range(1, len(paragraph.items) + 1):
                    index[f"{base}.{i}" if p == 1 else f"{base}#{p}.{i}"] = article.number
    return index


# --------------------------------------------------------------------------- the registry


def search_path(variable: str, builtin: Path) -> list[Path]:
    """The directories named by the environment variable (``os.pathsep``-separated), then ``builtin``."""
    return [*(Path(p) for p in os.environ.get(variable, "").split(os.pathsep) if p), builtin]


def yaml_files(directories: list[Path]) -> dict[str, Path]:
    """Each ``*.yaml`` file by its stem; a file in an earlier directory wins over a later one's."""
    found: dict[str, Path] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


@dataclass
class Registry:
    """Packs found in a list of directories (the built-in ``zeren/packs`` last).

    ``ZEREN_PACKS`` (directories separated by ``os.pathsep``) adds directories: a third
    jurisdiction is a new YAML file there, with no code change.
    """

    directories: list[Path] = field(default_factory=list)
    _policies: dict[str, Policy] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Registry:
        return cls(search_path("ZEREN_PACKS", BUILTIN_DIR))

    def paths(self) -> dict[str, Path]:
        return yaml_files(self.directories)

    def ids(self) -> list[str]:
        return sorted(self.paths())

    def get(self, pack_id: str) -> Policy:
        if pack_id not in self._policies:
            paths = self.paths()
            if pack_id not in paths:
                known = ", ".join(sorted(paths)) or "none"
                raise PackError([f"no pack {pack_id!r} (known: {known})"])
            self._policies[pack_id] = self.load_path(paths[pack_id])
        return self._policies[pack_id]

    def load_path(self, path: Path, _chain: tuple[str, ...] = ()) -> Policy:
        raw = read_yaml(path)
        try:
            pack = Pack.model_validate(raw.data)
        except ValidationError as exc:
            raise PackError(_schema_problems(raw, exc)) from None
        if pack.id != path.stem:
            raise PackError([f"{raw.where(('id',))}: id {pack.id!r} must match the file name {path.stem!r}"])
        base: Policy | None = None
        if pack.extends is not None:
            if pack.extends in (*_chain, pack.id):
                raise PackError([f"{raw.where(('extends',))}: extends {pack.extends!r} makes a cycle"])
            try:
                base_path = self.paths()[pack.extends]
            except KeyError:
                raise PackError([f"{raw.where(('extends',))}: extends unknown pack {pack.extends!r}"]) from None
            base = self.load_path(base_path, (*_chain, pack.id))
        known: dict[str, int] = {key: 0 for key in base.citable} if base is not None else {}
        known.update(article_index(pack))
        readings = {r.id for r in pack.readings} | (set(base.readings) if base is not None else set())
        problems = _cross_problems(raw, pack, known, readings)
        problems += _text_problems(raw, pack)
        if problems:
            raise PackError(problems)
        return resolve(pack, base, raw.digest, path)


def _text_problems(raw: RawPack, pack: Pack) -> list[str]:
    """A source with a ``text_file`` must hold that text verbatim, article by article."""
    from zeren.policy.coverage import compare_source

    problems = []
    for index, source in enumerate(pack.sources):
        if source.text_file is None:
            continue
        text_path = (raw.path.parent / source.text_file).resolve()
        if not text_path.exists():
            problems.append(f"{raw.where(('sources', index, 'text_file'))}: no file {source.text_file}")
            continue
        for number, message in compare_source(source, text_path.read_text(encoding="utf-8")):
            loc: Loc = ("sources", index, "articles")
            for a_index, article in enumerate(source.articles):
                if article.number == number:
                    loc = (*loc, a_index)
            problems.append(f"{raw.where(loc)}: {message}")
    return problems


def load(pack_id_or_path: str, registry: Registry | None = None) -> Policy:
    registry = registry or Registry.default()
    path = Path(pack_id_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise PackError([f"{path}:1: no such file"])
        reg = Registry([path.parent, *registry.directories])
        return reg.load_path(path)
    return registry.get(pack_id_or_path)
