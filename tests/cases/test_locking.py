"""Optimistic locking: two people edit one case; the later, stale save is refused with a message,
nothing is lost, and both versions are in the history."""

import pytest

from cases.helpers import fresh
from zeren.audit.services import history
from zeren.cases import services
from zeren.problems import Conflict

pytestmark = pytest.mark.django_db


def form(case, notes, version):
    return {
        "version": version,
        "title": case.title,
        "lead_body": "",
        "proposal": case.proposal,
        "investigation_notes": notes,
    }


def test_the_later_stale_save_is_refused_and_both_versions_are_in_the_history(client, office_a, city_office, case_a):
    loaded = fresh(case_a).version  # both open the edit form at this version
    client.force_login(office_a)
    first = client.post(f"/cases/{case_a.pk}/edit/", form(case_a, "甲：现场已封存", loaded))
    assert first.status_code == 302
    client.force_login(city_office)
    second = client.post(f"/cases/{case_a.pk}/edit/", form(case_a, "乙：企业负责人已控制", loaded))
    assert second.status_code == 409
    body = second.content.decode()
    assert 'data-testid="conflict"' in body
    assert "乙：企业负责人已控制" in body, "the refused input is shown again, not lost"
    assert fresh(case_a).investigation_notes == "甲：现场已封存"
    events = list(history(case_a).filter(action__in=["case.update", "case.conflict"]))
    assert [e.action for e in events] == ["case.update", "case.conflict"]
    assert events[0].data["after"]["investigation_notes"] == "甲：现场已封存"
    assert events[1].data["attempted"]["investigation_notes"] == "乙：企业负责人已控制"
    assert events[1].data["expected_version"] == loaded
    history_html = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert "乙：企业负责人已控制" in history_html and "甲：现场已封存" in history_html


def test_the_service_raises_a_conflict_and_changes_nothing(office_a, case_a):
    version = case_a.version
    services.case_update(
        actor=office_a,
        case=case_a,
        expected_version=version,
        title="新标题",
        proposal="",
        investigation_notes="",
        lead_body=None,
    )
    with pytest.raises(Conflict) as conflict:
        services.case_update(
            actor=office_a,
            case=case_a,
            expected_version=version,
            title="旧版本上的标题",
            proposal="",
            investigation_notes="",
            lead_body=None,
        )
    assert conflict.value.current.version == version + 1
    assert fresh(case_a).title == "新标题"


def test_a_stale_determination_is_refused_too(client, office_a, case_a, wujin):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    stale = fresh(case_a).version
    services.case_update(
        actor=office_a,
        case=case_a,
        expected_version=stale,
        title="改",
        proposal="",
        investigation_notes="",
        lead_body=None,
    )
    client.force_login(office_a)
    response = client.post(
        f"/cases/officials/{subject.pk}/",
        {
            "version": stale,
            "status": "in_post",
            "responsibility": "main",
            "circumstances": ["duty_not_performed"],
            "action": "save",
        },
    )
    assert response.status_code == 409
    subject.refresh_from_db()
    assert subject.responsibility == "important"
