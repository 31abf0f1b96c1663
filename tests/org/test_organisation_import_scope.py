"""The organisation import changes only what the importing office manages, tells nothing about
people managed elsewhere, and its audit event names what it changed."""

import pytest

from zeren.audit.models import AuditEvent
from zeren.org.identity import identity_digest
from zeren.org.models import Appointment, Body, Person, Post
from zeren.org.organisation_import import PERSON_OUTSIDE, PERSON_UNKNOWN, organisation_import
from zeren.problems import Problems

from .workbooks import build, identity_number, organisation

ELSEWHERE = identity_number(901, "320411")  # managed by 新北区
NOBODY = identity_number(902, "320411")  # nobody has it


@pytest.fixture
def xinbei_person(world):
    return Person.objects.create(name="郑国栋", jurisdiction=world.county_b, identity_digest=identity_digest(ELSEWHERE))


def _refused(data, user, *, dry_run=False):
    with pytest.raises(Problems) as raised:
        organisation_import(data=data, user=user, dry_run=dry_run)
    return [(p.sheet, p.row, p.column, str(p)) for p in raised.value.items]


def test_a_person_managed_in_another_county_is_neither_renamed_nor_moved(world, office_a, xinbei_person):
    data = build([], [], [[ELSEWHERE, "冒名", "320412"]], [])
    problems = _refused(data, office_a)
    assert problems == [("人员", 2, "身份证号", f"工作表“人员”第 2 行“身份证号”列：{PERSON_OUTSIDE}")]
    xinbei_person.refresh_from_db()
    assert (xinbei_person.name, xinbei_person.jurisdiction_id) == ("郑国栋", world.county_b.pk)


def test_the_refusal_names_no_jurisdiction_and_no_name(world, office_a, xinbei_person):
    text = " ".join(p[3] for p in _refused(build([], [], [[ELSEWHERE, "冒名", "320412"]], []), office_a))
    for secret in ("新北区", "320411", "郑国栋"):
        assert secret not in text


def test_a_dry_run_says_exactly_what_the_real_run_says(world, office_a, xinbei_person):
    data = build([], [], [[ELSEWHERE, "冒名", "320412"]], [])
    assert _refused(data, office_a, dry_run=True) == _refused(data, office_a)


def test_an_appointment_of_a_person_managed_elsewhere_reads_like_a_number_nobody_has(world, office_a, xinbei_person):
    bodies, posts, _people, _appointments = organisation(["320412"], bodies_per=1, posts_per_body=1)
    post = posts[0][0]
    elsewhere = _refused(
        build(bodies, posts, [], [[ELSEWHERE, post, "2021-03-01", "", "任命", ""]]), office_a, dry_run=True
    )
    nobody = _refused(build(bodies, posts, [], [[NOBODY, post, "2021-03-01", "", "任命", ""]]), office_a, dry_run=True)
    assert elsewhere == nobody == [("任职", 2, "身份证号", f"工作表“任职”第 2 行“身份证号”列：{PERSON_UNKNOWN}")]
    assert not Appointment.objects.filter(person=xinbei_person).exists()


def test_a_person_managed_inside_the_subtree_is_still_updated(world, office_a):
    number = identity_number(903, "320412")
    person = Person.objects.create(name="旧名", jurisdiction=world.township_a, identity_digest=identity_digest(number))
    result = organisation_import(data=build([], [], [[number, "新名", "320412"]], []), user=office_a)
    person.refresh_from_db()
    assert (person.name, person.jurisdiction_id) == ("新名", world.county_a.pk)
    assert result.updated_ids["person"] == [person.pk]


def test_the_command_line_import_may_still_move_anyone(world, xinbei_person):
    organisation_import(data=build([], [], [[ELSEWHERE, "郑国栋", "320412"]], []))
    xinbei_person.refresh_from_db()
    assert xinbei_person.jurisdiction_id == world.county_a.pk


def test_the_audit_event_names_every_body_post_person_and_appointment_it_changed(world, office_a):
    bodies, posts, people, appointments = organisation(["320412"], bodies_per=1, posts_per_body=2)
    organisation_import(data=build(bodies, posts, people, appointments), user=office_a)
    created = AuditEvent.objects.get(action="org.organisation_imported").data["created_ids"]
    assert created == {
        "body": sorted(Body.objects.values_list("pk", flat=True)),
        "post": sorted(Post.objects.values_list("pk", flat=True)),
        "person": sorted(Person.objects.values_list("pk", flat=True)),
        "appointment": sorted(Appointment.objects.values_list("pk", flat=True)),
    }

    posts[1][2] = "改名后的岗位"
    people[0][1] = "改名后的人员"
    organisation_import(data=build(bodies, posts, people, appointments), user=office_a)
    event = AuditEvent.objects.filter(action="org.organisation_imported").order_by("-pk").first()
    assert event.data["updated_ids"] == {
        "post": [Post.objects.get(code=posts[1][0]).pk],
        "person": [Person.objects.get(name="改名后的人员").pk],
    }
    assert event.data["created_ids"] == {}
    assert event.data["updated"]["post"] == 1
