"""Demo accidents of several grades in both jurisdictions (fictional), registered through the
services as the county offices would: 常州 武进区 and 新北区, 河北 正定县. Idempotent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from zeren.accidents.models import Accident
from zeren.accidents.services import AccidentInput, accident_create, accident_update_casualties
from zeren.accounts.models import User
from zeren.org.models import Jurisdiction

TZ = datetime.timezone(datetime.timedelta(hours=8))


def _at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=TZ)


@dataclass(frozen=True)
class DemoAccident:
    key: str
    office: str
    code: str
    title: str
    sector: str
    occurred_at: str
    deaths: int = 0
    serious_injuries: int = 0
    direct_loss_yuan: int = 0
    kind: str = "other"
    enterprise: str = ""
    reports: dict[str, str] = field(default_factory=dict)
    later_deaths: tuple[str, int] | None = None  # (when, deaths) — a casualty change after registration


ACCIDENTS = [
    DemoAccident(
        "wujin-collapse",
        "wujin-office",
        "320412",
        "武进区某商住项目脚手架坍塌事故",
        "住房城乡建设",
        "2024-11-04 10:20",
        deaths=3,
        serious_injuries=2,
        direct_loss_yuan=6_800_000,
        enterprise="某建设集团有限公司",
        reports={"county": "2024-11-04 11:00", "city": "2024-11-04 12:30", "province": "2024-11-04 16:10"},
    ),
    DemoAccident(
        "wujin-chemical",
        "wujin-office",
        "320412",
        "武进区某化工企业反应釜爆燃事故",
        "工业和信息化",
        "2024-08-20 14:05",
        deaths=1,
        serious_injuries=4,
        direct_loss_yuan=2_100_000,
        enterprise="某精细化工有限公司",
        reports={"county": "2024-08-20 14:50", "city": "2024-08-20 16:20"},
    ),
    DemoAccident(
        "xinbei-road",
        "xinbei-office",
        "320411",
        "新北区某路口重型货车侧翻事故",
        "交通运输",
        "2025-01-15 07:40",
        deaths=2,
        serious_injuries=5,
        direct_loss_yuan=900_000,
        kind="road_traffic",
        enterprise="某物流运输有限公司",
        reports={"county": "2025-01-15 08:20", "city": "2025-01-15 09:50"},
        later_deaths=("2025-01-19 22:00", 3),
    ),
    DemoAccident(
        "xinbei-fire",
        "xinbei-office",
        "320411",
        "新北区某仓储企业仓库火灾",
        "商务",
        "2025-06-03 02:15",
        serious_injuries=2,
        direct_loss_yuan=3_200_000,
        kind="fire",
        enterprise="某仓储有限公司",
        reports={"county": "2025-06-03 04:30"},
    ),
    DemoAccident(
        "zhengding-workshop",
        "zhengding-office",
        "130123",
        "正定县某工贸企业粉尘爆炸事故",
        "工业和信息化",
        "2024-10-08 09:30",
        deaths=4,
        serious_injuries=3,
        direct_loss_yuan=7_500_000,
        enterprise="某金属制品有限公司",
        reports={"county": "2024-10-08 10:15", "city": "2024-10-08 12:00", "province": "2024-10-08 13:40"},
    ),
    DemoAccident(
        "zhengding-building",
        "zhengding-office",
        "130123",
        "正定县某安置房项目塔吊倒塌事故",
        "住房城乡建设",
        "2025-04-10 15:00",
        deaths=2,
        serious_injuries=12,
        direct_loss_yuan=4_000_000,
        enterprise="某建工有限公司",
        reports={"county": "2025-04-10 15:40", "city": "2025-04-10 17:20", "province": "2025-04-10 19:00"},
    ),
    DemoAccident(
        "zhengding-bus",
        "zhengding-office",
        "130123",
        "正定县某客运班车与货车相撞事故",
        "交通运输",
        "2025-09-21 18:10",
        deaths=2,
        serious_injuries=9,
        direct_loss_yuan=9_999_999,
        kind="road_traffic",
        enterprise="某客运有限公司",
        reports={"county": "2025-09-21 18:50", "city": "2025-09-21 20:40"},
    ),
]


def accident_for(key: str) -> Accident | None:
    spec = next(a for a in ACCIDENTS if a.key == key)
    return Accident.objects.filter(title=spec.title).first()


def load() -> str:
    created = 0
    for spec in ACCIDENTS:
        if Accident.objects.filter(title=spec.title).exists():
            continue
        office = User.objects.filter(username=spec.office).first()
        jurisdiction = Jurisdiction.objects.filter(code=spec.code).first()
        if office is None or jurisdiction is None:
            continue
        accident = accident_create(
            actor=office,
            data=AccidentInput(
                title=spec.title,
                jurisdiction=jurisdiction,
                sector=spec.sector,
                occurred_at=_at(spec.occurred_at),
                kind=spec.kind,
                enterprise=spec.enterprise,
                deaths=spec.deaths,
                serious_injuries=spec.serious_injuries,
                direct_loss_yuan=spec.direct_loss_yuan,
                reports={level: _at(when) for level, when in spec.reports.items()},
            ),
        )
        if spec.later_deaths is not None:
            when, deaths = spec.later_deaths
            accident_update_casualties(
                actor=office,
                accident=accident,
                deaths=deaths,
                serious_injuries=accident.serious_injuries - (deaths - accident.deaths),
                missing=0,
                direct_loss_yuan=accident.direct_loss_yuan,
                changed_at=_at(when),
                reason="一名重伤人员经抢救无效死亡",
            )
        created += 1
    return f"Demo accidents: {created} registered, {Accident.objects.count()} in the register"
