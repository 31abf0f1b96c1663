"""Driving a case through its steps with the services."""

import datetime

from zeren.cases import services


def fresh(case):
    case.refresh_from_db()
    return case


def to_determined(office, case, lead_body):
    services.case_update(
        actor=office,
        case=case,
        expected_version=fresh(case).version,
        title=case.title,
        proposal=case.proposal,
        investigation_notes="现场勘查完毕",
        lead_body=lead_body,
    )
    services.case_step(actor=office, case=case, expected_version=fresh(case).version, step="investigate")
    services.case_step(actor=office, case=case, expected_version=fresh(case).version, step="determine")
    return fresh(case)


def set_subject(
    office, case, subject, *, circumstances=("accident_responsibility",), responsibility="important", **facts
):
    return services.subject_update(
        actor=office,
        case=case,
        expected_version=fresh(case).version,
        subject=subject,
        status=subject.status,
        responsibility=responsibility,
        circumstances=list(circumstances),
        facts=facts,
        grounds_text="",
    )


SEPARATELY = ("另案处理", "武纪〔2025〕2号")
"""The reason and basis the helper records for officials given no measure in a test's decision."""


def decide(discipline, case, choices, on=datetime.date(2025, 3, 1), reasons=None):
    if reasons is None:
        reasons = {s.pk: SEPARATELY for s in case.subjects.all() if not choices.get(s.pk)}
    return services.case_decide(
        actor=discipline,
        case=case,
        expected_version=fresh(case).version,
        decided_on=on,
        deciding_body="中共武进区纪律检查委员会",
        decision_number="武纪〔2025〕1号",
        decision_text="经调查……",
        choices=choices,
        reasons=reasons,
    )
