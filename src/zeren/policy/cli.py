"""The policy commands of the ``zeren`` console script (no Django):

    zeren policy list | check | coverage | test | diff | skeleton
    zeren duties --policy ID --role ROLE --level LEVEL [--json]
    zeren evaluate compliance|accountability|accident|reward|summons|tour_cycle --policy ID --facts FILE [--json]
    zeren evaluate assessment|ranking --scheme ID|FILE --facts FILE [--json]
    zeren policy schemes | scheme-check | scheme-template | scheme-import

Exit status: 0 success, 1 a check failed (pack errors, coverage gaps, failing cases), 2 bad input
(facts that do not fit: one ``path: message`` line per problem on stderr, nothing on stdout).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from zeren.policy import cases as case_runner
from zeren.policy.accidents import evaluate_accident, parse_accident_facts
from zeren.policy.accountability import evaluate_accountability
from zeren.policy.assessment import assessment_verdict, ranking_verdict
from zeren.policy.compliance import evaluate_compliance
from zeren.policy.coverage import STATUSES, coverage
from zeren.policy.diff import diff
from zeren.policy.duties import duty_list
from zeren.policy.facts import FactsError, load_json, parse_accountability_facts, parse_compliance_facts
from zeren.policy.loader import PackError, Registry, load
from zeren.policy.rewards import evaluate_reward, parse_reward_facts
from zeren.policy.scheme import SchemeRegistry, load_scheme
from zeren.policy.skeleton import skeleton
from zeren.policy.summons import evaluate_summons, parse_summons_facts
from zeren.policy.tours import evaluate_tour_cycle, parse_tour_cycle_facts
from zeren.policy.vocabulary import DEPARTMENT_KINDS, LEVELS, ROLES


def _json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zeren", description="zeren policy core: the law as data")
    sub = parser.add_subparsers(dest="command", required=True)

    policy = sub.add_parser("policy", help="policy packs").add_subparsers(dest="action", required=True)
    p = policy.add_parser("list", help="packs available")
    p.add_argument("--json", action="store_true")
    p = policy.add_parser("check", help="validate packs; file:line errors")
    p.add_argument("packs", nargs="+", metavar="PATH_OR_ID")
    p = policy.add_parser("coverage", help="every article of a text encoded or declarative")
    p.add_argument("pack", metavar="ID")
    p.add_argument("--text", required=True, type=Path)
    p.add_argument("--json", action="store_true")
    p = policy.add_parser("test", help="run YAML test cases")
    p.add_argument("paths", nargs="+", type=Path)
    p = policy.add_parser("diff", help="what two packs require, topic by topic")
    p.add_argument("a", metavar="ID_A")
    p.add_argument("b", metavar="ID_B")
    _post_args(p, required=False)
    p.add_argument("--all", action="store_true", help="also show what is the same")
    p.add_argument("--json", action="store_true")
    p = policy.add_parser("readings", help="how a pack reads the ambiguous passages")
    p.add_argument("pack", metavar="ID")
    p.add_argument("--json", action="store_true")
    p = policy.add_parser("review", help="an HTML page for a lawyer: each article, its rules, readings and cases")
    p.add_argument("pack", metavar="ID")
    p.add_argument("--out", type=Path, help="the HTML file to write (default: review-ID.html; - for stdout)")
    p.add_argument("--cases", type=Path, action="append", help="case directories (default: cases/ID next to the pack)")
    p = policy.add_parser("skeleton", help="a new pack's articles from a regulation's text")
    p.add_argument("--text", required=True, type=Path)

    p = policy.add_parser("schemes", help="assessment schemes (考核细则) available")
    p.add_argument("--json", action="store_true")
    p = policy.add_parser("scheme-check", help="validate assessment schemes; file:line errors")
    p.add_argument("schemes", nargs="+", metavar="PATH_OR_ID")
    p = policy.add_parser("scheme-template", help="an assessment scheme as an .xlsx an office fills in")
    p.add_argument("scheme", metavar="ID_OR_PATH")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p = policy.add_parser("scheme-import", help="an .xlsx scheme template back to a scheme YAML file")
    p.add_argument("workbook", type=Path, metavar="IN.xlsx")
    p.add_argument("out", type=Path, metavar="OUT.yaml")

    p = sub.add_parser("duties", help="the duty list (责任清单) of a post")
    p.add_argument("--policy", required=True)
    _post_args(p, required=True)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("evaluate", help="verdicts with trace")
    kinds = ["compliance", "accountability", "accident", "reward", "summons", "tour_cycle", "assessment", "ranking"]
    p.add_argument("kind", choices=kinds)
    p.add_argument("--policy", help="the pack (all kinds but assessment and ranking)")
    p.add_argument("--scheme", help="assessment and ranking: a scheme id or a .yaml file")
    p.add_argument("--facts", required=True, help="a JSON file, or - for standard input")
    p.add_argument("--json", action="store_true")
    return parser


def _post_args(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--role", required=required, choices=ROLES)
    p.add_argument("--level", required=required, choices=LEVELS)
    p.add_argument("--department-kind", choices=DEPARTMENT_KINDS)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    registry = Registry.default()
    try:
        if args.command == "policy":
            handler = {
                "list": _list,
                "check": _check,
                "coverage": _coverage,
                "test": _test,
                "diff": _diff,
                "skeleton": _skeleton,
                "readings": _readings,
                "review": _review,
                "schemes": _schemes,
                "scheme-check": _scheme_check,
                "scheme-template": _scheme_template,
                "scheme-import": _scheme_import,
            }[args.action]
            return handler(args, registry)
        if args.command == "duties":
            return _duties(args, registry)
        return _evaluate(args, registry)
    except PackError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    except FactsError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 2


def _list(args: argparse.Namespace, registry: Registry) -> int:
    rows = []
    for pack_id in registry.ids():
        policy = registry.get(pack_id)
        rows.append(
            {
                "id": policy.id,
                "title": policy.title,
                "jurisdiction": policy.jurisdiction,
                "effective": policy.effective.isoformat(),
                "version": policy.version,
                "extends": policy.pack.extends,
                "supersedes": list(policy.supersedes),
            }
        )
    if args.json:
        _json(rows, sys.stdout)
    else:
        for row in rows:
            print(f"{row['id']:<16} {row['effective']}  {row['jurisdiction']:<10} {row['title']}")
    return 0


def _check(args: argparse.Namespace, registry: Registry) -> int:
    failed = False
    for name in args.packs:
        try:
            policy = load(name, registry)
        except PackError as exc:
            failed = True
            for line in exc.problems:
                print(line, file=sys.stderr)
            continue
        print(f"{policy.id} {policy.version}: ok ({sum(1 for _ in policy.rules())} rules)")
    return 1 if failed else 0


def _coverage(args: argparse.Namespace, registry: Registry) -> int:
    policy = load(args.pack, registry)
    try:
        text = args.text.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{args.text}: {exc.strerror}", file=sys.stderr)
        return 2
    result = coverage(policy, text)
    missing = [c for c in result if c.status == "missing"]
    described = [c for c in result if c.status == "described"]
    if args.json:
        _json(
            {
                "policy": policy.id,
                "articles": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "status": c.status,
                        "rules": list(c.rules),
                        "described_by": list(c.described_by),
                        "reason": c.reason,
                    }
                    for c in result
                ],
                "described_only": [c.id for c in described],
                "missing": [c.id for c in missing],
            },
            sys.stdout,
        )
    else:
        for c in result:
            detail = {"computed": ", ".join(c.rules), "described": ", ".join(c.described_by)}.get(c.status, c.reason)
            print(f"{c.id:<8} {c.status:<11} {detail or ''}")
        counts = {s: sum(1 for c in result if c.status == s) for s in STATUSES}
        print(
            f"{len(result)} articles: {counts['computed']} computed, {counts['described']} described only, "
            f"{counts['declarative']} declarative, {counts['missing']} missing"
        )
        if described:
            print("described only — zeren holds and shows these articles but computes nothing from them:")
            for c in described:
                print(f"  {c.id:<8} {c.label}  ({', '.join(c.described_by)})")
    return 1 if missing or not result else 0


def _test(args: argparse.Namespace, registry: Registry) -> int:
    results = case_runner.run(args.paths, registry)
    failed = [r for r in results if not r.passed]
    for result in failed:
        print(f"FAIL {result.file}: {result.name}")
        for problem in result.problems:
            print(f"    {problem}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not results else 0


def _diff(args: argparse.Namespace, registry: Registry) -> int:
    a, b = registry.get(args.a), registry.get(args.b)
    if (args.role is None) != (args.level is None):
        print("--role and --level go together", file=sys.stderr)
        return 2
    result = diff(a, b, args.role, args.level, args.department_kind)
    if args.json:
        _json(result, sys.stdout)
        return 0
    post = f" ({args.role}, {args.level})" if args.role else ""
    print(f"{a.id} ↔ {b.id}{post}: {result['differences']} differences")
    section = None
    for row in result["rows"]:
        if row["same"] and not args.all:
            continue
        if row["section"] != section:
            section = row["section"]
            print(f"\n== {section} ==")
        print(f"{'=' if row['same'] else '≠'} {row['topic']}")
        for label, entries in ((a.id, row["a"]), (b.id, row["b"])):
            shown = "；".join(f"{e['text']} [{', '.join(e['cites'])}]" for e in entries) or "—（无对应规定）"
            print(f"    {label:<16} {shown}")
    return 0


def _review(args: argparse.Namespace, registry: Registry) -> int:
    from zeren.policy.review import review_html

    policy = registry.get(args.pack)
    page = review_html(policy, args.cases, registry)
    out = args.out or Path(f"review-{policy.id}.html")
    if str(out) == "-":
        sys.stdout.write(page)
        return 0
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"{out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"{out}: {len(policy.own_sources())} source(s) of {policy.id}")
    return 0


def _readings(args: argparse.Namespace, registry: Registry) -> int:
    policy = registry.get(args.pack)
    readings = list(policy.readings.values())
    if args.json:
        _json([{"id": r.id, "cites": list(r.cites), "text": r.text} for r in readings], sys.stdout)
    else:
        for r in readings:
            print(f"{r.id} [{', '.join(r.cites)}]\n    {r.text.strip()}")
    return 0


def _skeleton(args: argparse.Namespace, registry: Registry) -> int:
    print(skeleton(args.text.read_text(encoding="utf-8")), end="")
    return 0


def _duties(args: argparse.Namespace, registry: Registry) -> int:
    policy = registry.get(args.policy)
    result = duty_list(policy, args.role, args.level, args.department_kind).as_dict()
    if args.json:
        _json(result, sys.stdout)
        return 0
    print(f"{policy.title}（{policy.id}）— {args.role} / {args.level}")
    for note in result["notes"]:
        print(f"  注: {note}")
    for item in result["items"]:
        count = f"  [{item['every']} ≥{item['at_least']} {item['activity']}]" if item["kind"] == "periodic" else ""
        print(f"- {item['title']}（{', '.join(item['cites'])}）{count}")
    return 0


def _read_facts(name: str) -> Any:
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise FactsError([f"{name}: {exc.strerror}"]) from None
    return load_json(raw)


def _evaluate(args: argparse.Namespace, registry: Registry) -> int:
    if args.kind in ("assessment", "ranking"):
        return _evaluate_assessment(args, registry)
    if args.policy is None:
        print(f"zeren evaluate {args.kind}: --policy is required", file=sys.stderr)
        return 2
    policy = registry.get(args.policy)
    data = _read_facts(args.facts)
    if args.kind == "compliance":
        verdict = evaluate_compliance(policy, parse_compliance_facts(data)).as_dict()
    elif args.kind == "accountability":
        verdict = evaluate_accountability(policy, parse_accountability_facts(data)).as_dict()
    elif args.kind == "accident":
        verdict = evaluate_accident(policy, parse_accident_facts(data)).as_dict()
    elif args.kind == "summons":
        verdict = evaluate_summons(policy, parse_summons_facts(data)).as_dict()
    elif args.kind == "tour_cycle":
        verdict = evaluate_tour_cycle(policy, parse_tour_cycle_facts(data)).as_dict()
    else:
        verdict = evaluate_reward(policy, parse_reward_facts(data)).as_dict()
    if args.json:
        _json(verdict, sys.stdout)
    else:
        _summary(args.kind, verdict)
    return 0


def _summary(kind: str, verdict: dict[str, Any]) -> None:
    print(f"{verdict['policy']} {verdict['policy_version']}")
    if kind == "compliance":
        for item in verdict["items"]:
            print(
                f"  {item['period']:<10} {item['status']:<15} {item['done']}/{item['required']} "
                f"{item['activity']}  {item['obligation']} [{', '.join(item['cites'])}]"
            )
        print(f"  {verdict['summary']}")
    elif kind == "accountability":
        print(f"  accountable: {verdict['accountable']}  grade: {verdict['accident_grade']}")
        for key in (
            "exempt",
            "fault_tolerance",
            "lighter_path",
            "aggravate",
            "mitigate",
            "one_vote_veto",
            "lifetime",
            "referral",
        ):
            part = verdict[key]
            print(f"  {key:<16} {'yes' if part['applies'] else 'no ':<4} {', '.join(part['cites'])}")
        for r in verdict["restrictions"]:
            print(
                f"  {r['kind']:<22} {r['from']} → {r['until'] or '(open: no end set)'}  [{', '.join(r['cites'])}]"
            )
        print(f"  may be promoted on as_of: {verdict['may_be_promoted_on_as_of']}")
        for c in verdict["conflicts"]:
            print(f"  CONFLICT {c['rules']}: {c['message']}")
        for note in verdict["notes"]:
            print(f"  注: {note}")
    elif kind == "accident":
        print(
            f"  grade: {verdict['grade']} {verdict['grade_by']}  investigated by: {verdict['investigating_level']}"
            f"  timeliness: {verdict['timeliness']}"
        )
    elif kind == "summons":
        for s in verdict["summonses"]:
            by, who = s["by"], s["summoned"]
            print(
                f"  {s['due_on']}  {by['level'] or '?'} {by['body']} summons {who['level']} {', '.join(who['roles'])}"
                f"{' with ' + ', '.join(s['with']) if s['with'] else ''}  accidents {s['because']}  "
                f"{s['rule']} [{', '.join(s['cites'])}]"
            )
        if not verdict["summonses"]:
            print("  no summons")
        for note in verdict["notes"]:
            print(f"  注: {note}")
    elif kind == "tour_cycle":
        for t in verdict["items"]:
            period = t["period"]["id"] if t["period"] else "-"
            print(f"  {t['target']:<24} {t['status']:<13} {period:<10} last {t['last_tour'] or '-'}  "
                  f"{t['rule'] or ''} [{', '.join(t['cites'])}]")
        for note in verdict["notes"]:
            print(f"  注: {note}")
    else:
        print(f"  eligible: {verdict['eligible']} {verdict['awards']} {verdict['cites']}")
        print(f"  years: {verdict['years']} stopped at: {verdict['stopped_at']}")
        for refusal in verdict["refused_because"]:
            print(f"  refused: {refusal['kind']} from {refusal['from']} until {refusal['until']} {refusal['cites']}")


def _evaluate_assessment(args: argparse.Namespace, registry: Registry) -> int:
    if args.scheme is None:
        print(f"zeren evaluate {args.kind}: --scheme is required", file=sys.stderr)
        return 2
    loaded = load_scheme(args.scheme, SchemeRegistry.default(registry))
    data = _read_facts(args.facts)
    verdict = assessment_verdict(loaded, data) if args.kind == "assessment" else ranking_verdict(loaded, data)
    if args.json:
        _json(verdict, sys.stdout)
    elif args.kind == "assessment":
        print(f"{verdict['scheme']} {verdict['scheme_version']}  {verdict['jurisdiction']['code']} {verdict['year']}")
        print(
            f"  score: {verdict['score']} (normalised {verdict['normalised_score']} + bonus {verdict['bonus']})"
            f"  grade: {verdict['grade_label'] or '—'}"
        )
        for veto in verdict["vetoes"]:
            print(f"  veto {veto['id']}: at most {veto['at_most']} [{', '.join(veto['cites'])}]")
        for note in verdict["notes"]:
            print(f"  注: {note}")
    else:
        for row in verdict["rows"]:
            mark = " *" if row["quota"] else (" ?" if row["tied_at_quota"] else "")
            print(f"  {row['place'] or '-':>4} {row['jurisdiction']:<12} {row['score']} {row['grade']}{mark}")
        for note in verdict["notes"]:
            print(f"  注: {note}")
    return 0


def _schemes(args: argparse.Namespace, registry: Registry) -> int:
    schemes = SchemeRegistry.default(registry)
    rows: list[dict[str, Any]] = []
    for scheme_id in schemes.ids():
        loaded = schemes.get(scheme_id)
        s = loaded.scheme
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "issuer": s.issuer,
                "document_number": s.document_number,
                "years": list(s.years),
                "policy": s.policy,
                "version": loaded.version,
            }
        )
    if args.json:
        _json(rows, sys.stdout)
    else:
        for row in rows:
            years = ",".join(map(str, row["years"]))
            print(f"{row['id']:<22} {years:<10} {row['policy']:<16} {row['title']}")
    return 0


def _scheme_check(args: argparse.Namespace, registry: Registry) -> int:
    schemes = SchemeRegistry.default(registry)
    failed = False
    for name in args.schemes:
        try:
            loaded = load_scheme(name, schemes)
        except PackError as exc:
            failed = True
            for line in exc.problems:
                print(line, file=sys.stderr)
            continue
        print(f"{loaded.id} {loaded.version}: ok ({len(loaded.scheme.leaves())} scored items)")
    return 1 if failed else 0


def _sheets() -> Any:
    """The spreadsheet conversion lives outside the pure core (it needs openpyxl): imported by name."""
    return importlib.import_module("zeren.documents.scheme_sheets")


def _scheme_template(args: argparse.Namespace, registry: Registry) -> int:
    loaded = load_scheme(args.scheme, SchemeRegistry.default(registry))
    _sheets().write_template(loaded.scheme, args.out)
    print(f"{args.out}: {len(loaded.scheme.leaves())} scored items")
    return 0


def _scheme_import(args: argparse.Namespace, registry: Registry) -> int:
    sheets = _sheets()
    try:
        scheme = sheets.read_workbook(args.workbook, registry)
    except sheets.SheetError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    args.out.write_text(sheets.scheme_yaml(scheme), encoding="utf-8")
    print(f"{args.out}: {scheme.id} ({len(scheme.leaves())} scored items)")
    return 0


def run() -> int:
    """Entry point that also survives a closed pipe (``zeren evaluate … --json | head``)."""
    try:
        return main()
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(run())
