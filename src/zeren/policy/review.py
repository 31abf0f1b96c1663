"""A pack for a lawyer to review: one HTML page, article by article — the article's text, then the
rules that cite it (what each does, in plain terms), the readings the pack takes of it, the YAML
cases that cite it (and whether they pass), and whether zeren computes it, only describes it, or
the pack marks it declarative. ``zeren policy review ID`` writes it; the app serves the same page.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zeren.policy.articles import parse_article_id
from zeren.policy.cases import CaseResult, case_files, run_file
from zeren.policy.diff import _every_text, condition_text
from zeren.policy.loader import Registry
from zeren.policy.model import Policy
from zeren.policy.schema import CONDITIONAL_SECTIONS, Duty, Rule
from zeren.policy.vocabulary import ACTIVITY_NAMES_ZH, GRADE_NAMES_ZH, ROLE_NAMES_ZH

STATUS_ZH = {
    "computed": "zeren 计算",
    "described": "仅作描述（zeren 展示但不计算）",
    "declarative": "宣示性条款（无可计算规则）",
    "missing": "未编码",
}


@dataclass(frozen=True, slots=True)
class RuleLine:
    section: str
    rule: str
    computed: bool
    text: str
    cites: tuple[str, ...]
    readings: tuple[str, ...]


def _duty_text(duty: Duty) -> str:
    roles = "、".join(ROLE_NAMES_ZH.get(r, r) for r in duty.binds.roles)
    if duty.kind == "periodic" and duty.activity:
        count = f"{_every_text(duty.every)}至少{duty.at_least}次{ACTIVITY_NAMES_ZH.get(duty.activity, duty.activity)}"
        return f"{roles}：{count}" + (f"（任职不满一年：{duty.part_year}）" if duty.part_year else "")
    if duty.kind == "event" and duty.trigger:
        grade = GRADE_NAMES_ZH.get(duty.trigger.min_grade, duty.trigger.min_grade)
        return f"{roles}：{duty.title}（{grade}及以上，{duty.within_days}日内）"
    return f"{roles}：{duty.title}（{'列入责任清单，不计数' if duty.activity is None else '一次性'}）"


def _lines(policy: Policy) -> Iterator[RuleLine]:
    def line(section: str, rule: Rule, computed: bool, text: str) -> RuleLine:
        return RuleLine(section, rule.id, computed, text, tuple(rule.cites), tuple(rule.reading_ids))

    for scope in policy.scope:
        text = f"{scope.applies}：{'、'.join(scope.roles)} @ {'、'.join(scope.levels)}"
        yield line("适用范围", scope, True, text + (f"（按{scope.read_as_level}）" if scope.read_as_level else ""))
    for duty in policy.duties:
        yield line("职责", duty, duty.activity is not None and duty.kind != "standing", _duty_text(duty))
    acc = policy.accountability
    if acc is not None:
        for ground in acc.grounds:
            yield line("问责情形", ground, True, ground.circumstance)
        for measure in acc.measures:
            yield line("问责方式", measure, True, measure.measure)
        for section in CONDITIONAL_SECTIONS:
            for rule in getattr(acc, section):
                yield line(section, rule, True, "条件：" + condition_text(rule.when))
        if acc.veto_period is not None:
            vp = acc.veto_period
            text = f"一票否决期限：自决定之日起{vp.months}个月" if vp.months else f"一票否决期限未规定：{vp.open}"
            yield RuleLine("one_vote_veto", "veto_period", True, text, tuple(vp.cites), ())
        if acc.procedure is not None:
            for step in ("propose", "investigate", "decide", "publish", "appeal"):
                value = getattr(acc.procedure, step)
                if value is not None:
                    text = f"{value.actor}：{value.text}"
                    yield RuleLine("程序", f"procedure.{step}", False, text, tuple(value.cites), ())
    for period in policy.influence_periods.values():
        parts = "；".join(f"{r.kind} {f'{r.months}个月' if r.months else '未规定期限'}" for r in period.restrictions)
        label = period.measure + (f":{period.sanction}" if period.sanction else "")
        yield line("影响期", period, True, f"{label} → {parts}")
    for reward in policy.rewards:
        yield line("奖励", reward, True, f"连续{reward.consecutive_excellent_years}年优秀 → {'、'.join(reward.awards)}")
    for provision in policy.provisions:
        cycle = f"{_every_text(provision.every)}；" if provision.every else ""
        targets = "、".join(f"{t.level}:{t.body}" for t in provision.targets)
        text = f"{cycle}{provision.summary}" + (f"（对象：{targets}）" if targets else "")
        yield line(f"制度（{provision.kind}）", provision, False, text)
    for summons in policy.summons:
        patterns = "或".join(
            f"{p.count}起{GRADE_NAMES_ZH[p.min_grade]}及以上（{'自然年度' if p.window else f'{p.months}个月内'}）"
            for p in summons.patterns
        )
        text = f"{summons.level}：{patterns} → {summons.by.level} {summons.by.body} 约谈 {'、'.join(summons.summoned)}"
        yield line("约谈", summons, True, text + (f"，会同 {'、'.join(summons.with_)}" if summons.with_ else ""))
    if policy.accidents is not None:
        for grade in policy.accidents.grades:
            text = f"{grade.grade}：死亡≥{grade.deaths} 重伤≥{grade.serious_injuries} 损失≥{grade.direct_loss_yuan}"
            yield line("事故等级", grade, True, text)


def default_case_dirs(policy: Policy) -> list[Path]:
    """The YAML cases next to the pack: ``cases/<pack id>/`` in the pack's directory."""
    found = policy.path.parent / "cases" / policy.id
    return [found] if found.is_dir() else []


def _cases(policy: Policy, dirs: list[Path], registry: Registry) -> list[tuple[dict[str, object], CaseResult]]:
    import yaml

    out = []
    for path in case_files(dirs):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(raw, list):
            continue
        results = {r.name: r for r in run_file(path, registry)}
        for case in raw:
            if isinstance(case, dict) and str(case.get("policy") or path.parent.name) == policy.id:
                result = results.get(str(case.get("name")))
                if result is not None:
                    out.append((case, result))
    return out


def _case_cites(case: dict[str, object]) -> list[str]:
    cites = case.get("cites")
    return [str(c) for c in cites] if isinstance(cites, list) else []


def _e(text: object) -> str:
    return html.escape(str(text))


CSS = """
body{font-family:"Noto Serif CJK SC","Songti SC",serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.6;color:#222}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
article{border-top:1px solid #ddd;padding:.6rem 0 1rem} .text p{margin:.2rem 0}
.status{display:inline-block;padding:0 .5rem;border-radius:.3rem;font-size:.85rem;font-family:sans-serif}
.computed{background:#dcefdc} .described{background:#fbeec7} .declarative{background:#e6e6e6}
.missing{background:#f5c6c6}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-family:sans-serif;margin:.4rem 0}
td,th{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top;text-align:left} code{font-size:.85rem}
.fail{color:#a00;font-weight:bold} .pass{color:#070} .reading{background:#f4f4fb;padding:.3rem .6rem;margin:.3rem 0}
"""


def review_html(policy: Policy, case_dirs: list[Path] | None = None, registry: Registry | None = None) -> str:
    """The review page of ``policy`` (a whole HTML document)."""
    registry = registry or Registry([policy.path.parent, *Registry.default().directories])
    lines = list(_lines(policy))
    cases = _cases(policy, default_case_dirs(policy) if case_dirs is None else case_dirs, registry)

    def cites_article(cites: tuple[str, ...] | list[str], prefix: str, number: int) -> bool:
        for cite in cites:
            try:
                ref = parse_article_id(str(cite))
            except ValueError:
                continue
            if ref.prefix == prefix and ref.article == number:
                return True
        return False

    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        f"<title>{_e(policy.title)} — 条文与规则对照</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(policy.title)}</h1>",
        f"<p>条文与规则对照（供法律审核）· 规则包 <code>{_e(policy.id)}</code> 版本 <code>{_e(policy.version)}</code>"
        f" · 施行 {_e(policy.effective.isoformat())}"
        + (f" · 继承 <code>{_e(policy.pack.extends)}</code>" if policy.pack.extends else "")
        + "</p>",
        "<p>每一条：条文原文；引用它的规则及其含义；规则包对它的解读；引用它的测试案例及结果；"
        "zeren 是否据以计算（计算 / 仅作描述 / 宣示性条款）。</p>",
    ]
    counts = {k: 0 for k in STATUS_ZH}
    body: list[str] = []
    for source in policy.own_sources():
        body.append(f"<h2>{_e(source.title)}（{_e(source.prefix)}）</h2>")
        for article in source.articles:
            aid = f"{source.prefix}-{article.number}"
            mine = [r for r in lines if cites_article(r.cites, source.prefix, article.number)]
            if any(r.computed for r in mine):
                status = "computed"
            elif mine:
                status = "described"
            elif article.declarative:
                status = "declarative"
            else:
                status = "missing"
            counts[status] += 1
            label = policy.citable[aid].label
            body.append(
                f'<article id="{_e(aid)}"><h3>{_e(label)} <span class="status {status}">'
                f"{_e(STATUS_ZH[status])}</span></h3>"
            )
            body.append('<div class="text">')
            for paragraph in article.paragraphs:
                for piece in [paragraph.text, *paragraph.items]:
                    if piece:
                        body.append(f"<p>{_e(piece)}</p>")
            body.append("</div>")
            if article.declarative:
                body.append(f"<p><em>宣示性：{_e(article.declarative)}</em></p>")
            if mine:
                body.append("<table><tr><th>规则</th><th>类别</th><th>含义</th><th>引用</th><th>计算</th></tr>")
                for r in mine:
                    body.append(
                        f"<tr><td><code>{_e(r.rule)}</code></td><td>{_e(r.section)}</td><td>{_e(r.text)}</td>"
                        f"<td>{_e('、'.join(r.cites))}</td><td>{'是' if r.computed else '否'}</td></tr>"
                    )
                body.append("</table>")
            readings = [
                reading
                for reading in policy.readings.values()
                if cites_article(reading.cites, source.prefix, article.number)
            ]
            for reading in readings:
                users = [r.rule for r in lines if reading.id in r.readings]
                body.append(
                    f'<div class="reading"><strong>解读 <code>{_e(reading.id)}</code></strong>：{_e(reading.text)}'
                    + (f"（用于 {_e('、'.join(users))}）" if users else "")
                    + "</div>"
                )
            mine_cases = [(c, r) for c, r in cases if cites_article(_case_cites(c), source.prefix, article.number)]
            if mine_cases:
                body.append("<table><tr><th>测试案例</th><th>评估</th><th>文件</th><th>结果</th></tr>")
                for case, result in mine_cases:
                    verdict = '<span class="pass">通过</span>' if result.passed else '<span class="fail">未通过</span>'
                    body.append(
                        f"<tr><td>{_e(case.get('name'))}</td><td>{_e(case.get('evaluate'))}</td>"
                        f"<td><code>{_e(result.file.name)}</code></td><td>{verdict}</td></tr>"
                    )
                body.append("</table>")
            body.append("</article>")
    summary = "；".join(f"{STATUS_ZH[k]} {v} 条" for k, v in counts.items() if v)
    out.append(f"<p><strong>共 {sum(counts.values())} 条：{_e(summary)}。</strong></p>")
    out += body
    out.append("</body></html>")
    return "\n".join(out) + "\n"
