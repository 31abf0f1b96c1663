"""The one-vote veto (一票否决) bars a person "在相关规定时限内": the texts give no period, so zeren
reports the end as open (常州 reading cz-veto-period) and the organisation department sets it, with
its basis, from the person page. Once only, after the start, audited; nobody else may."""

import datetime

import pytest
from django.urls import reverse

from cases.helpers import decide, to_determined
from zeren.audit.models import AuditEvent
from zeren.cases.consequences import restrictions_for
from zeren.cases.models import Restriction

pytestmark = pytest.mark.django_db
DECIDED = datetime.date(2025, 3, 1)


@pytest.fixture
def vetoed(office_a, discipline, case_a, wujin):
    """武进区's deputy for safety dismissed (免职) after the accident: the decision brings the
    one-vote veto's restrictions, whose end the texts leave open."""
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {subject.pk: [("dismissal", "")]}, on=DECIDED)
    open_ended = Restriction.objects.filter(person=wujin.deputy_for_safety, until__isnull=True)
    assert open_ended.exists()
    return open_ended.order_by("kind").first()


def set_end(client, restriction, until, basis="市委组织部〔2025〕12号：一票否决期限二年"):
    return client.post(
        reverse("cases:restriction_end", kwargs={"restriction": restriction.pk}), {"until": until, "basis": basis}
    )


def test_the_organisation_department_sets_the_end_from_the_person_page(client, organisation, vetoed):
    client.force_login(organisation)
    page = client.get(reverse("org:person", kwargs={"person_id": vetoed.person_id})).content.decode()
    assert 'data-testid="restriction-end"' in page
    response = set_end(client, vetoed, "2027-03-01")
    assert response.status_code == 302
    vetoed.refresh_from_db()
    assert vetoed.until == datetime.date(2027, 3, 1)
    assert vetoed.until_basis.startswith("市委组织部")
    assert vetoed.in_force_on(datetime.date(2027, 2, 28)) and not vetoed.in_force_on(datetime.date(2027, 3, 1))
    assert vetoed not in restrictions_for(vetoed.person, datetime.date(2027, 3, 1))
    event = AuditEvent.objects.get(action="cases.restriction.end_set", object_id=str(vetoed.pk))
    assert event.data["before"]["until"] is None and event.data["after"]["until"] == "2027-03-01"
    page = client.get(response["Location"]).content.decode()
    assert "已确定该限制的期限" in page
    assert "期限由组织部门确定：市委组织部〔2025〕12号" in page


@pytest.mark.parametrize(
    ("until", "basis", "message"),
    [
        ("2025-02-01", "依据", "终止日须晚于限制的起始日（2025-03-01）"),
        ("2027-03-01", "  ", "依据（确定期限的规定或决定）"),  # the field is named
        ("not a date", "依据", "自该日起不再适用"),  # the field is named
    ],
    ids=["before-start", "no-basis", "not-a-date"],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, organisation, vetoed, until, basis, message):
    client.force_login(organisation)
    response = set_end(client, vetoed, until, basis)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "notice-error" in page and message in page
    vetoed.refresh_from_db()
    assert vetoed.until is None and vetoed.until_basis == ""
    assert not AuditEvent.objects.filter(action="cases.restriction.end_set").exists()


def test_an_end_once_set_cannot_be_set_again(client, organisation, vetoed):
    client.force_login(organisation)
    set_end(client, vetoed, "2027-03-01")
    response = set_end(client, vetoed, "2030-01-01")
    assert "该限制已确定终止日：2027-03-01" in client.get(response["Location"]).content.decode()
    vetoed.refresh_from_db()
    assert vetoed.until == datetime.date(2027, 3, 1)
    assert AuditEvent.objects.filter(action="cases.restriction.end_set").count() == 1


@pytest.mark.parametrize("persona", ["office_a", "discipline"])
def test_only_the_organisation_department_may_set_it(client, request, vetoed, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("org:person", kwargs={"person_id": vetoed.person_id})).content.decode()
    assert 'data-testid="restriction-end"' not in page
    assert set_end(client, vetoed, "2027-03-01").status_code == 403
    vetoed.refresh_from_db()
    assert vetoed.until is None


def test_a_get_is_not_allowed(client, organisation, vetoed):
    client.force_login(organisation)
    assert client.get(reverse("cases:restriction_end", kwargs={"restriction": vetoed.pk})).status_code == 405
