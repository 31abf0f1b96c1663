"""Demo accountability cases at different stages, driven through the services with the demo
accounts (fictional people). Idempotent: a case whose title exists is left as it is.

- 武进区 脚手架坍塌 (较大, 常州): decided on 2025-03-01 — the sector deputy dismissed (免职), the deputy
  for safety admonished, the principals criticised —, published, appealed by the dismissed deputy,
  appeal upheld;
- 武进区 化工爆燃 (一般): previous year rated 优秀 — mitigation under 常州 第二十五条(三) —, admonishment,
  published;
- 新北区 货车侧翻 (regraded 较大): responsibility determined, waiting for the decision;
- 正定县 粉尘爆炸 (较大, 河北): under investigation, with evidence;
- 正定县 塔吊倒塌 (较大): proposed by the 安委办.
"""

from __future__ import annotations

import datetime
from typing import Any

from zeren.accidents.demo import accident_for
from zeren.accidents.demo import load as load_accidents
from zeren.accounts.models import User
from zeren.cases import services
from zeren.cases.models import Case, Subject
from zeren.org.models import Body


def _v(case: Case) -> int:
    case.refresh_from_db()
    return case.version


def _open(office: User, key: str, title: str, proposal: str, opened_by: str = "office") -> Case | None:
    accident = accident_for(key)
    if accident is None:
        return None
    return services.case_open(
        actor=office,
        jurisdiction=accident.jurisdiction,
        title=title,
        opened_by=opened_by,
        proposal=proposal,
        accident=accident,
        facts_date=None,
    )


def _investigate(office: User, case: Case, notes: str, evidence: list[tuple[str, str, str]]) -> None:
    lead = Body.objects.filter(code=f"{case.jurisdiction.code}-YJ").first()
    services.case_update(
        actor=office,
        case=case,
        expected_version=_v(case),
        title=case.title,
        proposal=case.proposal,
        investigation_notes=notes,
        lead_body=lead,
    )
    services.case_step(actor=office, case=case, expected_version=_v(case), step="investigate")
    for title, source, day in evidence:
        services.evidence_add(
            actor=office,
            case=case,
            expected_version=_v(case),
            title=title,
            source=source,
            received_on=datetime.date.fromisoformat(day),
            description="",
        )


def _determine(office: User, case: Case, facts: dict[str, dict[str, Any]]) -> None:
    for subject in case.subjects.select_related("post"):
        settings = facts.get(subject.post.role, {})
        if settings.get("exclude"):
            continue
        services.subject_update(
            actor=office,
            case=case,
            expected_version=_v(case),
            subject=subject,
            status=subject.status,
            responsibility=settings.get("responsibility", subject.responsibility),
            circumstances=settings.get("circumstances", ["accident_responsibility"]),
            facts=settings.get("facts", {}),
            grounds_text=settings.get("text", ""),
        )
    services.case_step(actor=office, case=case, expected_version=_v(case), step="determine")


def _by_role(case: Case, role: str) -> Subject | None:
    return case.subjects.filter(post__role=role).first()


def _wujin_collapse(office: User, discipline: User) -> None:
    case = _open(
        office,
        "wujin-collapse",
        "武进区某商住项目脚手架坍塌事故责任追究",
        "经初步核查，事故暴露出属地监管和行业监管责任落实不到位，提请区委、区政府启动调查程序。",
    )
    if case is None:
        return
    _investigate(
        office,
        case,
        "调查组由区应急管理局牵头，住建、公安、总工会参加。经查，项目脚手架搭设未按专项方案验收，行业主管部门日常检查流于形式。",
        [
            ("事故现场勘验笔录", "区应急管理局", "2024-11-05"),
            ("项目安全专项施工方案及验收记录", "某建设集团有限公司", "2024-11-08"),
        ],
    )
    _determine(
        office,
        case,
        {
            "government_deputy": {
                "responsibility": "direct",
                "circumstances": ["accident_responsibility", "duty_not_performed"],
                "text": "分管住建工作，对建筑施工安全专项整治部署不力。",
            },
            "deputy_for_safety": {"responsibility": "important", "text": "对安全生产综合监管统筹不够。"},
        },
    )
    choices: dict[int, list[tuple[str, str]]] = {}
    for role, measures in (
        ("government_deputy", [("dismissal", "")]),
        ("deputy_for_safety", [("admonishment", "")]),
        ("party_secretary", [("circulated_criticism", "")]),
        ("government_head", [("circulated_criticism", "")]),
    ):
        subject = _by_role(case, role)
        if subject is not None:
            choices[subject.pk] = measures
    services.case_decide(
        actor=discipline,
        case=case,
        expected_version=_v(case),
        decided_on=datetime.date(2025, 3, 1),
        deciding_body="中共常州市武进区纪律检查委员会",
        decision_number="武纪〔2025〕7号",
        decision_text="经调查，该起事故是一起较大生产安全责任事故。依据《常州市党政领导干部安全生产责任制规定实施办法》，作出如下处理。",
        choices=choices,
        reasons={s.pk: ("另案处理", "武纪〔2025〕8号") for s in case.subjects.all() if s.pk not in choices},
    )
    services.case_step(
        actor=discipline, case=case, expected_version=_v(case), step="publish", on=datetime.date(2025, 3, 5)
    )
    deputy = _by_role(case, "government_deputy")
    if deputy is not None:
        appeal = services.appeal_file(
            actor=discipline,
            case=case,
            expected_version=_v(case),
            subject=deputy,
            filed_on=datetime.date(2025, 3, 20),
            grounds="本人已多次部署建筑施工安全检查，请求从轻处理。",
        )
        services.appeal_decide(
            actor=discipline,
            case=case,
            expected_version=_v(case),
            appeal=appeal,
            outcome="upheld",
            outcome_on=datetime.date(2025, 4, 18),
            outcome_text="经复核，原决定认定事实清楚，依据正确，维持原决定。",
        )


def _wujin_chemical(office: User, discipline: User) -> None:
    case = _open(
        office, "wujin-chemical", "武进区某化工企业反应釜爆燃事故责任追究", "提请对分管工业的区领导履职情况进行调查。"
    )
    if case is None:
        return
    _investigate(
        office, case, "企业擅自改变工艺参数，分管部门检查未发现。", [("企业工艺变更记录", "区工信局", "2024-08-25")]
    )
    _determine(
        office,
        case,
        {
            "government_deputy": {
                "responsibility": "direct",
                "facts": {"previous_year_assessment": "excellent", "remedial_measures": True},
                "text": "上年度安全生产综合考核为优秀等次，事故发生后主动采取补救措施。",
            },
            "party_secretary": {"responsibility": "main", "facts": {"fully_performed_duties": True}},
            "government_head": {"responsibility": "main", "facts": {"fully_performed_duties": True}},
            "deputy_for_safety": {"responsibility": "important", "facts": {"fully_performed_duties": True}},
        },
    )
    deputy = _by_role(case, "government_deputy")
    services.case_decide(
        actor=discipline,
        case=case,
        expected_version=_v(case),
        decided_on=datetime.date(2024, 12, 10),
        deciding_body="中共常州市武进区纪律检查委员会",
        decision_number="武纪〔2024〕31号",
        decision_text="综合考虑从轻情节，给予诫勉。",
        choices={deputy.pk: [("admonishment", "")]} if deputy else {},
        reasons={
            s.pk: ("经查实已全面履行职责，不予追究领导责任。", "常州 第二十六条")
            for s in case.subjects.all()
            if deputy is None or s.pk != deputy.pk
        },
    )
    services.case_step(
        actor=discipline, case=case, expected_version=_v(case), step="publish", on=datetime.date(2024, 12, 16)
    )


def _xinbei_road(office: User) -> None:
    case = _open(
        office,
        "xinbei-road",
        "新北区某路口重型货车侧翻事故责任追究",
        "事故伤亡人数7日内发生变化，等级调整为较大事故，提请启动调查。",
    )
    if case is None:
        return
    _investigate(
        office,
        case,
        "货车超载且制动失效，道路运输企业安全主体责任不落实。",
        [("车辆检验报告", "市公安局交警支队", "2025-01-25")],
    )
    _determine(
        office,
        case,
        {"government_deputy": {"responsibility": "direct", "text": "分管交通运输，对重点车辆源头管理督促不力。"}},
    )


def _zhengding_workshop(office: User) -> None:
    case = _open(
        office,
        "zhengding-workshop",
        "正定县某工贸企业粉尘爆炸事故责任追究",
        "提请县委、县政府指定牵头部门开展调查。",
        opened_by="government",
    )
    if case is None:
        return
    _investigate(
        office,
        case,
        "调查组已调取企业除尘系统维保记录，正在约谈相关人员。",
        [
            ("除尘系统维保记录", "某金属制品有限公司", "2024-10-12"),
            ("县工信局年度检查计划", "正定县工业和信息化局", "2024-10-15"),
        ],
    )


def _zhengding_building(office: User) -> None:
    _open(
        office,
        "zhengding-building",
        "正定县某安置房项目塔吊倒塌事故责任追究",
        "事故造成2人死亡、12人重伤，属较大事故，提请启动责任追究程序。",
    )


def load() -> str:
    load_accidents()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["wujin-office", "xinbei-office", "zhengding-office", "cz-discipline"]
        )
    }
    steps = [
        (
            "武进区某商住项目脚手架坍塌事故责任追究",
            lambda: _wujin_collapse(users["wujin-office"], users["cz-discipline"]),
        ),
        (
            "武进区某化工企业反应釜爆燃事故责任追究",
            lambda: _wujin_chemical(users["wujin-office"], users["cz-discipline"]),
        ),
        ("新北区某路口重型货车侧翻事故责任追究", lambda: _xinbei_road(users["xinbei-office"])),
        ("正定县某工贸企业粉尘爆炸事故责任追究", lambda: _zhengding_workshop(users["zhengding-office"])),
        ("正定县某安置房项目塔吊倒塌事故责任追究", lambda: _zhengding_building(users["zhengding-office"])),
    ]
    if len(users) < 4:
        return "Demo cases: skipped (demo accounts missing)"
    for title, run in steps:
        if not Case.objects.filter(title=title).exists():
            run()
    states = ", ".join(f"{c.state}" for c in Case.objects.order_by("id"))
    return f"Demo cases: {Case.objects.count()} ({states})"
