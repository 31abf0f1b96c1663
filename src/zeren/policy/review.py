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
from zeren.policy.vocabulary import ACTIVITY_NAMES_ZH, GRADE_NAMES_ZH, LEVEL_NAMES_ZH, ROLE_NAMES_ZH

STATUS_ZH = {
    "computed": "本系统计算",
    "described": "仅作描述（本系统展示但不计算）",
    "declarative": "宣示性条款（无可计算规则）",
    "missing": "未编码",
}


# The page is Chinese: each value of the pack's vocabulary by its name; the ids (rules, readings, case
# files, article ids, conditions) go into the technical details a reviewer opens (<details class=technical>).
TERMS_ZH: dict[str, str] = {
    **ROLE_NAMES_ZH,
    **LEVEL_NAMES_ZH,
    **GRADE_NAMES_ZH,
    "direct": "直接适用",
    "by_reference": "参照执行",
    "duty_not_performed": "未履行或者未正确履行安全生产职责",
    "obstruction": "阻挠、干涉安全生产监管执法或者生产安全事故调查处理",
    "report_late": "迟报事故",
    "report_omitted": "漏报事故",
    "report_false": "谎报事故",
    "report_concealed": "瞒报事故",
    "accident_responsibility": "对生产安全事故负有领导责任",
    "listed_hazard_rectification_poor": "挂牌督办的重大事故隐患整改不力",
    "regional_hazard_unresolved": "区域性重大安全隐患长期未解决",
    "weak_crackdown": "打击非法违法生产经营建设行为不力",
    "other": "规定所列其他情形",
    "circulated_criticism": "通报",
    "admonishment": "诫勉",
    "suspension": "停职检查",
    "reassignment": "调整职务",
    "ordered_resignation": "责令辞职",
    "demotion": "降职",
    "dismissal": "免职",
    "discipline": "处分",
    "explanation": "说明情况",
    "written_self_criticism": "书面检查",
    "warning": "警告",
    "demerit": "记过",
    "major_demerit": "记大过",
    "grade_reduction": "降级",
    "removal": "撤职",
    "expulsion": "开除",
    "party_warning": "党内警告",
    "party_serious_warning": "党内严重警告",
    "party_post_removal": "撤销党内职务",
    "party_probation": "留党察看",
    "party_expulsion": "开除党籍",
    "no_promotion": "不得提拔",
    "no_equivalent_post": "不得担任同级职务",
    "no_important_post": "不得重用",
    "no_excellence_or_award": "不得评优评先",
    "no_leadership_post": "不得担任领导职务",
    "citation": "通报表扬",
    "commendation": "嘉奖",
    "merit": "记功",
    "same": "本级",
    "below": "下级",
    "party_committee": "党委",
    "government": "政府",
    "departments": "有关部门",
    "exemption": "免责",
    "fault_tolerance": "容错",
    "lighter_path": "较轻处理",
    "aggravate": "从重",
    "mitigate": "从轻、减轻",
    "one_vote_veto": "一票否决",
    "lifetime": "终身追责",
    "referral": "移送监察机关",
    "assessment": "考核",
    "assessment_use": "考核结果运用",
    "award_check": "奖励人选考察",
    "entry_into_force": "施行",
    "inspection_tour": "巡查",
    "interpretation": "解释",
    "nomination_check": "提名人选考察",
    "promotion_check": "拟任人选考察",
    "publication": "公开",
    "report": "报告",
    "responsibility_principle": "责任原则",
    "supervision": "督查督办",
}


EVALUATIONS_ZH = {
    "compliance": "履职判定",
    "accountability": "责任追究",
    "accident": "事故定级与报告",
    "duties": "责任清单",
    "reward": "奖励",
    "summons": "约谈",
    "assessment": "考核评分",
    "ranking": "考核排名",
}


def _zh(value: object) -> str:
    """A vocabulary value by its Chinese name; a value not in the table as 其他."""
    return TERMS_ZH.get(str(value), str(value) if not str(value).isascii() else "其他")


def _technical(*parts: str) -> str:
    """The ids behind a line, for the reviewer who checks the code: one click away, out of the text."""
    shown = " ".join(f"<code>{_e(p)}</code>" for p in parts if p)
    return f'<details class="technical"><summary>技术信息</summary>{shown}</details>' if shown else ""


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
        text = f"{_zh(scope.applies)}：{'、'.join(map(_zh, scope.roles))}（{'、'.join(map(_zh, scope.levels))}）"
        yield line("适用范围", scope, True, text + (f"（按{_zh(scope.read_as_level)}）" if scope.read_as_level else ""))
    for duty in policy.duties:
        yield line("职责", duty, duty.activity is not None and duty.kind != "standing", _duty_text(duty))
    acc = policy.accountability
    if acc is not None:
        for ground in acc.grounds:
            yield line("问责情形", ground, True, _zh(ground.circumstance))
        for measure in acc.measures:
            yield line("问责方式", measure, True, _zh(measure.measure))
        for section in CONDITIONAL_SECTIONS:
            for rule in getattr(acc, section):
                yield line(
                    _zh(section), rule, True, f"{_zh(section)}的条件（见技术信息）：" + condition_text(rule.when)
                )
        if acc.veto_period is not None:
            vp = acc.veto_period
            text = f"一票否决期限：自决定之日起{vp.months}个月" if vp.months else f"一票否决期限未规定：{vp.open}"
            yield RuleLine("一票否决", "veto_period", True, text, tuple(vp.cites), ())
        if acc.procedure is not None:
            for step in ("propose", "investigate", "decide", "publish", "appeal"):
                value = getattr(acc.procedure, step)
                if value is not None:
                    text = f"{value.actor}：{value.text}"
                    yield RuleLine("程序", f"procedure.{step}", False, text, tuple(value.cites), ())
    for period in policy.influence_periods.values():
        parts = "；".join(
            f"{_zh(r.kind)}{f'{r.months}个月' if r.months else '（未规定期限）'}" for r in period.restrictions
        )
        label = _zh(period.measure) + (f"（{_zh(period.sanction)}）" if period.sanction else "")
        yield line("影响期", period, True, f"{label} → {parts}")
    for reward in policy.rewards:
        yield line(
            "奖励",
            reward,
            True,
            f"连续{reward.consecutive_excellent_years}年优秀 → {'、'.join(map(_zh, reward.awards))}",
        )
    for provision in policy.provisions:
        cycle = f"{_every_text(provision.every)}；" if provision.every else ""
        targets = "、".join(f"{_zh(t.level)}{_zh(t.body)}" for t in provision.targets)
        text = f"{cycle}{provision.summary}" + (f"（对象：{targets}）" if targets else "")
        yield line(f"制度（{_zh(provision.kind)}）", provision, False, text)
    for summons in policy.summons:
        patterns = "或".join(
            f"{p.count}起{GRADE_NAMES_ZH[p.min_grade]}及以上（{'自然年度' if p.window else f'{p.months}个月内'}）"
            for p in summons.patterns
        )
        text = (
            f"{_zh(summons.level)}：{patterns} → {_zh(summons.by.level)}{_zh(summons.by.body)}约谈"
            f"{'、'.join(map(_zh, summons.summoned))}"
        )
        yield line(
            "约谈", summons, True, text + (f"，会同{'、'.join(map(_zh, summons.with_))}" if summons.with_ else "")
        )
    if policy.accidents is not None:
        for grade in policy.accidents.grades:
            bounds = [
                f"{name}≥{value:,}{unit}"
                for name, value, unit in (
                    ("死亡", grade.deaths, "人"),
                    ("重伤", grade.serious_injuries, "人"),
                    ("直接经济损失", grade.direct_loss_yuan, "元"),
                )
                if value is not None
            ]
            text = f"{_zh(grade.grade)}：{'，或'.join(bounds)}"
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
details.technical{display:inline-block;margin:0 .3rem;font-size:.8rem;color:#666}
details.technical[open]{display:block} details.technical summary{cursor:pointer}
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

    def cite_label(cite: str) -> str:
        piece = policy.citable.get(cite)
        return piece.label if piece is not None else "（未知条款）"

    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        f"<title>{_e(policy.title)} — 条文与规则对照</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(policy.title)}</h1>",
        "<p>条文与规则对照（供法律审核）"
        + (f" · {_e(policy.document_number)}" if policy.document_number else "")
        + f" · 施行 {policy.effective.year}年{policy.effective.month}月{policy.effective.day}日</p>"
        + _technical(policy.id, policy.version, *([f"extends {policy.pack.extends}"] if policy.pack.extends else [])),
        "<p>每一条：条文原文；引用它的规则及其含义；规则包对它的解读；引用它的测试案例及结果；"
        "本系统是否据以计算（计算 / 仅作描述 / 宣示性条款）。</p>",
    ]
    counts = {k: 0 for k in STATUS_ZH}
    body: list[str] = []
    for source in policy.own_sources():
        body.append(f"<h2>{_e(source.title)}</h2>{_technical(source.prefix)}")
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
                body.append("<table><tr><th>类别</th><th>含义</th><th>引用</th><th>计算</th></tr>")
                for r in mine:
                    meaning, _sep, condition = r.text.partition("（见技术信息）：")
                    body.append(
                        f"<tr><td>{_e(r.section)}</td><td>{_e(meaning)}{_technical(r.rule, condition)}</td>"
                        f"<td>{_e('、'.join(cite_label(c) for c in r.cites))}{_technical(*r.cites)}</td>"
                        f"<td>{'是' if r.computed else '否'}</td></tr>"
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
                    f'<div class="reading"><strong>解读</strong>：{_e(reading.text)}'
                    + (f"（用于{len(users)}条规则）" if users else "")
                    + _technical(reading.id, *users)
                    + "</div>"
                )
            mine_cases = [(c, r) for c, r in cases if cites_article(_case_cites(c), source.prefix, article.number)]
            if mine_cases:
                body.append("<table><tr><th>测试案例</th><th>评估</th><th>结果</th></tr>")
                for case, result in mine_cases:
                    verdict = '<span class="pass">通过</span>' if result.passed else '<span class="fail">未通过</span>'
                    name = str(case.get("name") or "")
                    body.append(
                        f"<tr><td>{_e(name) if not name.isascii() else '（未命名案例）'}"
                        f"{_technical(name if name.isascii() else '', result.file.name)}</td>"
                        f"<td>{_e(EVALUATIONS_ZH.get(str(case.get('evaluate')), '其他'))}</td><td>{verdict}</td></tr>"
                    )
                body.append("</table>")
            body.append("</article>")
    summary = "；".join(f"{STATUS_ZH[k]} {v} 条" for k, v in counts.items() if v)
    out.append(f"<p><strong>共 {sum(counts.values())} 条：{_e(summary)}。</strong></p>")
    out += body
    out.append("</body></html>")
    return "\n".join(out) + "\n"
