"""Demo assessments (fictional, under the fictional demo schemes), driven through the services with
the demo accounts, so a newcomer sees every state. Idempotent: loaded once.

- 常州市 assesses its six districts and county-level cities for 2023, 2024 and 2025 — all three
  published: 武进区 is rated 优秀 three years running; 溧阳市's 2024 is 不合格 by one-vote veto
  (a fictional 重大 accident, 10 dead, under the 2024 scheme's veto); department-scored items are
  self-assessed with their evidence and some adjusted by the office with a reason;
- 石家庄市 assesses its counties for 2025 under the 河北-style scheme, still open: 长安区 has submitted,
  正定县's self-assessment was returned with the office's reason.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zeren.accidents.models import Accident
from zeren.accidents.services import AccidentInput, accident_create
from zeren.accounts.models import User
from zeren.assessments import services
from zeren.assessments.models import Assessment, AssessmentEntry, State
from zeren.org.models import Jurisdiction

TZ = datetime.timezone(datetime.timedelta(hours=8))
VETO_ACCIDENT = "溧阳市某化工企业爆炸事故（演示）"

# 2024 came before zeren held the duty records: where the year's verdicts were computed later (an
# accident's recompute) and show every period missed, the county scores the meetings from its paper
# minutes (纸质台账), which the office checks.
PAPER = {
    "1.1": ("5", "2024年常委会会议纪要（纸质台账，系统启用前）"),
    "1.2": ("5", "2024年政府常务会议纪要（纸质台账，系统启用前）"),
    "1.3": ("5", "2024年理论学习中心组学习记录（纸质台账，系统启用前）"),
}

# Self-assessed department items (item: (score, evidence)) by year and county; the office adjusts some.
SELF: dict[int, dict[str, dict[str, tuple[str, str]]]] = {
    2023: {
        "320402": {"3.3": ("8", "公安交管部门考核表"), "3.1": ("9", "住建部门检查记录")},
        "320404": {"3.3": ("7.5", "公安交管部门考核表")},
        "320411": {"3.2": ("8", "应急管理部门检查记录"), "3.3": ("8", "公安交管部门考核表")},
        "320412": {"3.3": ("9.5", "公安交管部门考核表")},
        "320413": {"3.1": ("6", "住建部门检查记录"), "3.3": ("7", "公安交管部门考核表")},
        "320481": {"3.3": ("8.5", "公安交管部门考核表")},
    },
    2024: {
        "320402": {"3.3": ("8.5", "公安交管部门考核表")},
        "320404": {"3.1": ("7", "住建部门检查记录"), "3.3": ("8", "公安交管部门考核表")},
        "320411": {"3.3": ("7", "公安交管部门考核表")},
        "320412": {**PAPER, "3.3": ("9.5", "公安交管部门考核表"), "3.2": ("9.5", "应急管理部门检查记录")},
        "320413": {"3.3": ("8", "公安交管部门考核表")},
        "320481": {**PAPER, "3.3": ("9", "公安交管部门考核表")},
    },
    2025: {
        "320402": {"3.3": ("8", "公安交管部门考核表")},
        "320404": {"3.3": ("8.5", "公安交管部门考核表")},
        "320411": {"3.3": ("7", "公安交管部门考核表"), "3.1": ("8", "住建部门检查记录")},
        "320412": {"3.3": ("10", "公安交管部门考核表")},
        "320413": {"3.3": ("9", "公安交管部门考核表")},
        "320481": {"3.3": ("9", "公安交管部门考核表")},
    },
}
ADJUST: dict[int, dict[str, tuple[str, str, str]]] = {
    2023: {"320413": ("3.1", "5", "抽查发现两处在建工地未落实安全防护，核减1分")},
    2024: {"320411": ("3.3", "6", "交警支队核查：全年道路交通亡人事故同比上升，核减1分")},
    2025: {"320412": ("3.3", "9.5", "交警支队核查：一项考核指标未完成，核减0.5分")},
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _veto_accident(office: User) -> None:
    if Accident.objects.filter(title=VETO_ACCIDENT).exists():
        return
    occurred = datetime.datetime(2024, 7, 12, 10, 30, tzinfo=TZ)
    accident_create(
        actor=office,
        data=AccidentInput(
            title=VETO_ACCIDENT,
            jurisdiction=Jurisdiction.objects.get(code="320481"),
            sector="危险化学品",
            occurred_at=occurred,
            enterprise="溧阳市某化工有限公司（虚构）",
            deaths=10,
            direct_loss_yuan=38_000_000,
            reports={
                "county": occurred + datetime.timedelta(minutes=40),
                "city": occurred + datetime.timedelta(hours=2),
            },
        ),
    )


def _submitter(code: str, admin: User) -> User:
    by_code = {"320412": "wujin-office", "320411": "xinbei-office", "130123": "zhengding-office"}
    return _user(by_code.get(code, "")) or admin


def _changzhou(year: int, office: User, admin: User) -> Assessment:
    city = Jurisdiction.objects.get(code="320400")
    assessment = services.assessment_create(
        actor=office, jurisdiction=city, year=year, scheme_id=f"changzhou-demo-{year}"
    )
    assessment = services.assessment_open(actor=office, assessment=assessment, expected_version=assessment.version)
    for entry in assessment.entries.select_related("assessment__jurisdiction", "jurisdiction"):
        code = entry.jurisdiction.code
        by = _submitter(code, admin)
        for item, (score, evidence) in SELF[year].get(code, {}).items():
            entry = services.entry_self_score(
                actor=by, entry=entry, expected_version=entry.version, item=item, score=score, evidence=evidence
            )
        entry = services.entry_submit(actor=by, entry=entry, expected_version=entry.version)
        adjust = ADJUST[year].get(code)
        if adjust is not None:
            item, score, reason = adjust
            entry = services.entry_adjust(
                actor=office, entry=entry, expected_version=entry.version, item=item, score=score, reason=reason
            )
        services.entry_accept(actor=office, entry=entry, expected_version=entry.version)
    assessment.refresh_from_db()
    services.approve_all(actor=office, assessment=assessment, expected_version=assessment.version)
    assessment.refresh_from_db()
    published = services.assessment_publish(
        actor=office,
        assessment=assessment,
        expected_version=assessment.version,
        document_number=f"常安委〔{year + 1}〕{3 + year % 10}号",
    )
    day = datetime.datetime(year + 1, 2, 20, 10, 0, tzinfo=TZ)
    if day < timezone.now():
        Assessment.objects.filter(pk=published.pk).update(published_at=day)
    return published


def _shijiazhuang(admin: User) -> Assessment:
    city = Jurisdiction.objects.get(code="130100")
    reviewer = _user("hebei-office") or admin
    assessment = services.assessment_create(actor=admin, jurisdiction=city, year=2025, scheme_id="hebei-demo-2025")
    assessment = services.assessment_open(actor=reviewer, assessment=assessment, expected_version=assessment.version)
    for entry in assessment.entries.select_related("assessment__jurisdiction", "jurisdiction"):
        by = _submitter(entry.jurisdiction.code, admin)
        entry = services.entry_submit(actor=by, entry=entry, expected_version=entry.version)
        if entry.jurisdiction.code == "130123":
            services.entry_return(
                actor=reviewer,
                entry=entry,
                expected_version=entry.version,
                reason="道路交通和建筑施工项目未附佐证材料，请补充后重新提交",
            )
    return assessment


def load() -> str:
    if Assessment.objects.filter(scheme_id__startswith="changzhou-demo-").exists():
        return "assessments: already loaded"
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    office = _user("cz-office")
    if admin is None or office is None:
        return "assessments: the demo accounts are missing; nothing loaded"
    with transaction.atomic():
        _veto_accident(office)
        published = [_changzhou(year, office, admin) for year in (2023, 2024, 2025)]
        _shijiazhuang(admin)
    streak = AssessmentEntry.objects.filter(
        assessment__in=published, jurisdiction__code="320412", grade="excellent"
    ).count()
    opened = Assessment.objects.filter(state=State.OPEN).count()
    return f"assessments: 3 published (武进区 优秀 {streak} of 3 years), {opened} open"
