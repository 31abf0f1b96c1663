"""The case workflow: who may take each step, in which state (CZ-27..29, HB-29)."""

import pytest
from django.core.exceptions import PermissionDenied

from cases.helpers import decide, fresh, set_subject, to_determined
from zeren.audit.services import history
from zeren.cases import services
from zeren.problems import Problems

pytestmark = pytest.mark.django_db


def test_a_case_opened_from_an_accident_takes_its_officials_with_default_degrees(case_a, wujin):
    degrees = {s.person_id: s.responsibility for s in case_a.subjects.all()}
    assert degrees == {
        wujin.secretary.pk: "main",
        wujin.head.pk: "main",
        wujin.deputy_for_safety.pk: "important",
        wujin.building_deputy.pk: "direct",
    }
    assert case_a.policy_id == "changzhou-2018" and case_a.state == "proposed"
    assert all(s.verdict["accountable"] for s in case_a.subjects.all())


def test_only_the_office_proposes(discipline, accident_a):
    with pytest.raises(PermissionDenied):
        services.case_open(
            actor=discipline,
            jurisdiction=accident_a.jurisdiction,
            title="x",
            opened_by="office",
            proposal="",
            accident=accident_a,
            facts_date=None,
        )


def test_the_investigation_needs_a_designated_lead_department(office_a, case_a):
    with pytest.raises(Problems) as error:
        services.case_step(actor=office_a, case=case_a, expected_version=case_a.version, step="investigate")
    assert error.value.problems
    assert fresh(case_a).state == "proposed"


def test_the_office_may_not_decide_under_changzhou(office_a, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    with pytest.raises(PermissionDenied):
        decide(office_a, case, {})


def test_under_hebei_the_safety_regulator_office_also_decides(hebei_office, zhengding):
    from accidents.factories import at, register

    accident = register(hebei_office, zhengding.jurisdiction, deaths=1, occurred_at=at("2024-11-04 10:00"))
    case = services.case_open(
        actor=hebei_office,
        jurisdiction=zhengding.jurisdiction,
        title="正定问责",
        opened_by="government",
        proposal="",
        accident=accident,
        facts_date=None,
    )
    case = to_determined(hebei_office, case, zhengding.safety_bureau)
    decide(hebei_office, case, {})
    assert fresh(case).state == "decided"


def test_the_whole_path_to_an_appeal(office_a, discipline, case_a, wujin, make_user):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    deputy = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {deputy.pk: [("admonishment", "")]})
    services.case_step(actor=discipline, case=case, expected_version=fresh(case).version, step="publish")
    assert fresh(case).published
    official = make_user("deputy", role="official", jurisdiction=wujin.jurisdiction, person=wujin.deputy_for_safety)
    appeal = services.appeal_file(
        actor=official,
        case=case,
        expected_version=fresh(case).version,
        subject=deputy,
        filed_on=fresh(case).decided_on,
        grounds="已履行职责",
    )
    assert fresh(case).state == "appealed"
    assert deputy.restrictions.filter(lifted_on__isnull=True).exists(), "an appeal does not suspend execution"
    services.appeal_decide(
        actor=discipline,
        case=case,
        expected_version=fresh(case).version,
        appeal=appeal,
        outcome="upheld",
        outcome_on=appeal.filed_on,
        outcome_text="维持原决定",
    )
    assert fresh(case).state == "appeal_decided"
    actions = [e.action for e in history(case)]
    assert actions[:3] == ["case.open", "case.update", "case.investigate"]
    assert actions[-4:] == ["case.decide", "case.publish", "case.appeal", "case.appeal_decided"]


def test_an_official_may_not_appeal_for_someone_else(office_a, discipline, case_a, wujin, make_user):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    decide(discipline, case, {})
    services.case_step(actor=discipline, case=case, expected_version=fresh(case).version, step="publish")
    other = case.subjects.get(person=wujin.secretary)
    official = make_user("deputy", role="official", jurisdiction=wujin.jurisdiction, person=wujin.deputy_for_safety)
    with pytest.raises(PermissionDenied):
        services.appeal_file(
            actor=official,
            case=case,
            expected_version=fresh(case).version,
            subject=other,
            filed_on=fresh(case).decided_on,
            grounds="x",
        )


def test_a_revoked_appeal_lifts_the_restrictions(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    deputy = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {deputy.pk: [("dismissal", "")]})
    services.case_step(actor=discipline, case=case, expected_version=fresh(case).version, step="publish")
    appeal = services.appeal_file(
        actor=discipline,
        case=case,
        expected_version=fresh(case).version,
        subject=deputy,
        filed_on=fresh(case).decided_on,
        grounds="书面申诉",
    )
    services.appeal_decide(
        actor=discipline,
        case=case,
        expected_version=fresh(case).version,
        appeal=appeal,
        outcome="revoked",
        outcome_on=appeal.filed_on,
        outcome_text="撤销",
    )
    assert not deputy.restrictions.filter(lifted_on__isnull=True).exists()
    assert deputy.measures.get().revoked_on == appeal.filed_on


def test_a_step_out_of_order_is_refused(discipline, case_a):
    with pytest.raises(PermissionDenied):
        services.case_step(actor=discipline, case=case_a, expected_version=case_a.version, step="publish")


def test_closing_is_refused_while_the_engine_finds_someone_accountable(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    with pytest.raises(Problems):
        services.case_step(actor=discipline, case=case, expected_version=case.version, step="close")


def test_an_exempt_case_can_be_closed(office_a, discipline, case_a, wujin):
    for subject in case_a.subjects.all():
        set_subject(office_a, case_a, subject, fully_performed_duties=True)
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    services.case_step(actor=discipline, case=case, expected_version=case.version, step="close")
    assert fresh(case).state == "closed"
