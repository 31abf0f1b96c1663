"""The core's closed vocabulary (docs/contracts.md): levels, roles, activities, circumstances, measures.

These ids are a public contract: scripts outside the project depend on them. Extend, never rename.

The ``*_NAMES_ZH`` are the legal terms of the texts; the pages show them as they are (in Chinese) and
the ``*_NAMES_EN`` in the English interface, both through :func:`zeren.terms.term` — the one place the
pages take the names of roles and activities from (never a second translation in django.po).
"""

from __future__ import annotations

from typing import Literal, get_args

Level = Literal["province", "city", "county", "township", "zone", "new_area"]
Role = Literal[
    "party_secretary",
    "government_head",
    "standing_member",
    "deputy_for_safety",
    "government_deputy",
    "dept_principal",
    "dept_deputy_for_safety",
    "dept_other_leader",
]
DepartmentKind = Literal["key_regulator", "regulator", "industry_authority", "other"]
Activity = Literal[
    "standing_committee_meeting",
    "executive_meeting",
    "joint_meeting",
    "party_group_meeting",
    "special_meeting",
    "research_visit",
    "led_inspection",
    "study_session",
    "situation_analysis",
    "industry_report_heard",
    "duty_report",
    "scene_arrival",
    "duty_list_published",
    "duty_list_review",
]
PeriodKind = Literal["month", "quarter", "half_year", "year", "two_years"]
Circumstance = Literal[
    "duty_not_performed",
    "obstruction",
    "report_late",
    "report_omitted",
    "report_false",
    "report_concealed",
    "accident_responsibility",
    "listed_hazard_rectification_poor",
    "regional_hazard_unresolved",
    "weak_crackdown",
    "other",
]
Measure = Literal[
    "circulated_criticism",
    "admonishment",
    "suspension",
    "reassignment",
    "ordered_resignation",
    "demotion",
    "dismissal",
    "discipline",
    "explanation",
    "written_self_criticism",
]
Sanction = Literal[
    "warning",
    "demerit",
    "major_demerit",
    "grade_reduction",
    "removal",
    "expulsion",
    "party_warning",
    "party_serious_warning",
    "party_post_removal",
    "party_probation",
    "party_expulsion",
]
Responsibility = Literal["main", "important", "direct"]
OfficialStatus = Literal["in_post", "transferred", "promoted", "retired"]
AccidentGrade = Literal["ordinary", "relatively_large", "major", "extraordinarily_serious"]
RestrictionKind = Literal[
    "no_promotion", "no_equivalent_post", "no_important_post", "no_excellence_or_award", "no_leadership_post"
]
Assessment = Literal["excellent", "good", "average", "poor"]
ComplianceStatus = Literal["met", "missed", "open", "not_applicable"]

LEVELS: tuple[str, ...] = get_args(Level)
ROLES: tuple[str, ...] = get_args(Role)
DEPARTMENT_ROLES: tuple[str, ...] = ("dept_principal", "dept_deputy_for_safety", "dept_other_leader")
DEPARTMENT_KINDS: tuple[str, ...] = get_args(DepartmentKind)
ACTIVITIES: tuple[str, ...] = get_args(Activity)
PERIOD_KINDS: tuple[str, ...] = get_args(PeriodKind)
CIRCUMSTANCES: tuple[str, ...] = get_args(Circumstance)
MEASURES: tuple[str, ...] = get_args(Measure)
SANCTIONS: tuple[str, ...] = get_args(Sanction)
GRADES: tuple[str, ...] = get_args(AccidentGrade)
"""Accident grades, lightest first (国务院令第493号 第三条)."""

GRADE_NAMES_ZH: dict[str, str] = {
    "ordinary": "一般事故",
    "relatively_large": "较大事故",
    "major": "重大事故",
    "extraordinarily_serious": "特别重大事故",
}
ROLE_NAMES_ZH: dict[str, str] = {
    "party_secretary": "党委（党工委）主要负责人",
    "government_head": "政府（管委会、街道办事处）主要负责人",
    "standing_member": "党委常委会其他成员",
    "deputy_for_safety": "分管安全生产工作的政府领导干部",
    "government_deputy": "政府其他领导干部",
    "dept_principal": "部门主要负责人",
    "dept_deputy_for_safety": "部门分管安全生产工作的负责人",
    "dept_other_leader": "部门其他负责人",
}
ROLE_NAMES_EN: dict[str, str] = {
    "party_secretary": "Party secretary",
    "government_head": "Government head",
    "standing_member": "Other standing committee member",
    "deputy_for_safety": "Deputy for safety",
    "government_deputy": "Other government leader",
    "dept_principal": "Department principal",
    "dept_deputy_for_safety": "Department deputy for safety",
    "dept_other_leader": "Other department leader",
}
LEVEL_NAMES_ZH: dict[str, str] = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇（街道）",
    "zone": "功能区",
    "new_area": "新区",
}
ACTIVITY_NAMES_ZH: dict[str, str] = {
    "standing_committee_meeting": "党委常委会会议研究安全生产",
    "executive_meeting": "政府常务会议研究安全生产",
    "joint_meeting": "党政联席会研究安全生产",
    "party_group_meeting": "部门党委（党组）会议研究安全生产",
    "special_meeting": "安全生产专题会议",
    "research_visit": "调研安全生产工作",
    "led_inspection": "带队检查安全生产工作",
    "study_session": "理论学习中心组安全生产专题学习",
    "situation_analysis": "分析安全生产形势",
    "industry_report_heard": "听取本行业（领域）安全生产工作汇报",
    "duty_report": "报告安全生产履职情况",
    "scene_arrival": "赶赴事故现场",
    "duty_list_published": "制定并公示安全生产责任清单",
    "duty_list_review": "检查考核责任清单落实情况",
}
ACTIVITY_NAMES_EN: dict[str, str] = {
    "standing_committee_meeting": "Standing committee meeting on safety",
    "executive_meeting": "Government executive meeting on safety",
    "joint_meeting": "Joint party-government meeting on safety",
    "party_group_meeting": "Department party group meeting on safety",
    "special_meeting": "Special meeting on safety",
    "research_visit": "Research visit on safety",
    "led_inspection": "Led safety inspection",
    "study_session": "Study session on safety",
    "situation_analysis": "Analysis of the safety situation",
    "industry_report_heard": "Heard the sector's safety report",
    "duty_report": "Report on performing safety duties",
    "scene_arrival": "Went to the accident scene",
    "duty_list_published": "Duty list drawn up and published",
    "duty_list_review": "Review of the duty lists",
}
PERIOD_NAMES_ZH: dict[str, str] = {
    "month": "每月",
    "quarter": "每季度",
    "half_year": "每半年",
    "year": "每年",
    "two_years": "每两年",
}
