"""Import of bodies, posts, people and appointments: row-level errors, all or nothing, idempotent."""

import datetime

import pytest

from zeren.audit.models import AuditEvent
from zeren.org.identity import identity_digest
from zeren.org.models import Appointment, Body, Person, Post
from zeren.org.organisation_import import organisation_import, template_workbook
from zeren.problems import Problems

from .workbooks import build, identity_number, organisation


def counts():
    return (Body.objects.count(), Post.objects.count(), Person.objects.count(), Appointment.objects.count())


def small():
    return organisation(["320412", "320412100"], bodies_per=2, posts_per_body=3)


def test_it_imports_everything_and_reimporting_changes_nothing(world):
    data = build(*small())
    result = organisation_import(data=data)
    assert counts() == (4, 12, 20, 20)
    assert result.created["post"] == 12
    person = Person.objects.get(name="人员1")
    assert person.identity_digest == identity_digest(identity_number(1, "320412"))
    post = Post.objects.get(code="T320412-B000-P00")
    assert (post.role, post.sectors, post.body.department_kind) == (
        "dept_principal",
        ["交通运输", "住房城乡建设"],
        "industry_authority",
    )
    former = post.appointments.order_by("start").first()
    assert (former.end, former.end_reason) == (datetime.date(2021, 2, 28), "transferred")
    events = AuditEvent.objects.filter(action="org.organisation_imported").count()
    again = organisation_import(data=data)
    assert not again.changed
    assert again.unchanged["appointment"] == 20
    assert counts() == (4, 12, 20, 20)
    assert AuditEvent.objects.filter(action="org.organisation_imported").count() == events


def test_a_changed_row_updates_in_place(world):
    bodies, posts, people, appointments = small()
    organisation_import(data=build(bodies, posts, people, appointments))
    posts[0][2] = "改名后的岗位"
    appointments[0][3:6] = ["2024-05-31", "任命", "退休"]
    result = organisation_import(data=build(bodies, posts, people, appointments))
    assert (result.updated["post"], result.updated["appointment"]) == (1, 1)
    assert Post.objects.get(code=posts[0][0]).title == "改名后的岗位"
    assert counts() == (4, 12, 20, 20)


def test_a_dry_run_checks_and_changes_nothing(world):
    result = organisation_import(data=build(*small()), dry_run=True)
    assert result.created["post"] == 12
    assert counts() == (0, 0, 0, 0)


def test_identity_numbers_are_never_stored_in_clear(world):
    bodies, posts, people, appointments = small()
    organisation_import(data=build(bodies, posts, people, appointments))
    stored = " ".join(Person.objects.values_list("identity_digest", flat=True))
    assert people[0][0] not in stored


def test_5000_rows_with_3_bad_rows_change_nothing_and_name_exactly_those_rows(world):
    bodies, posts, people, appointments = organisation(
        ["320412", "320412100", "320412101"], bodies_per=50, posts_per_body=7
    )
    # 150 + 1,050 + 1,650 + 1,650 rows; 500 people without a tenure make it 5,000.
    people += [[identity_number(500000 + i), f"备用{i}", "320412"] for i in range(500)]
    assert len(bodies) + len(posts) + len(people) + len(appointments) == 5000
    # Three bad rows: a role that does not exist (its post's tenures then refer to a bad row and
    # are not reported again), a wrong check digit, an appointment that ends before it starts.
    posts[100][3] = "科员"
    number = people[-7][0]
    people[-7][0] = number[:-1] + ("0" if number[-1] != "0" else "1")
    appointments[10][2:6] = ["2021-03-01", "2020-01-01", "任命", "退休"]
    data = build(bodies, posts, people, appointments)

    with pytest.raises(Problems) as caught:
        organisation_import(data=data)

    named = {(p.sheet, p.row) for p in caught.value.items}
    assert named == {("岗位", 102), ("人员", len(people) - 7 + 2), ("任职", 12)}
    by_sheet = {p.sheet: p for p in caught.value.items}
    assert by_sheet["岗位"].column == "角色" and "科员" in by_sheet["岗位"].message
    assert by_sheet["人员"].column == "身份证号" and "校验码" in by_sheet["人员"].message
    assert str(by_sheet["任职"]) == "工作表“任职”第 12 行“离任日期”列：离任日期早于任职日期"
    assert counts() == (0, 0, 0, 0)
    assert not AuditEvent.objects.exclude(action="org.jurisdictions_imported").exists()  # beyond the tree fixture


def test_overlapping_tenures_of_one_post_are_refused(world):
    bodies, posts, people, appointments = small()
    appointments[1][2:4] = ["2019-01-01", "2021-03-15"]  # former holder overlaps the current one
    with pytest.raises(Problems) as caught:
        organisation_import(data=build(bodies, posts, people, appointments))
    assert [(p.sheet, p.row, p.column) for p in caught.value.items] == [("任职", 3, "任职日期")]
    assert counts() == (0, 0, 0, 0)


def test_a_tenure_overlapping_one_already_in_the_database_is_refused(world):
    bodies, posts, people, appointments = small()
    organisation_import(data=build(bodies, posts, people, appointments))
    newcomer = identity_number(777777)
    with pytest.raises(Problems) as caught:
        tenure = [newcomer, posts[0][0], "2023-01-01", "", "任命", ""]
        organisation_import(data=build([], [], [[newcomer, "新来者", "320412"]], [tenure]))
    assert [(p.sheet, p.row, p.column) for p in caught.value.items] == [("任职", 2, "任职日期")]
    assert "系统中" in caught.value.items[0].message
    assert counts() == (4, 12, 20, 20)


def test_rows_outside_the_users_subtree_are_errors(world, office_a):
    bodies, posts, people, appointments = organisation(["320412", "320411"], bodies_per=1, posts_per_body=1)
    with pytest.raises(Problems) as caught:
        organisation_import(data=build(bodies, posts, people, appointments), user=office_a)
    problems = {(p.sheet, p.row, p.column) for p in caught.value.items}
    assert problems == {("机构", 3, "辖区代码"), ("人员", 4, "管理辖区代码"), ("人员", 5, "管理辖区代码")}
    assert counts() == (0, 0, 0, 0)


def test_unknown_references_and_bad_cells_are_reported(world):
    bodies = [["999999", "X-1", "某局", "部门", ""], ["320412", "X-2", "某委", "委员会", ""]]
    posts = [["X-P", "NOPE", "岗位", "部门主要负责人", "", "也许", ""]]
    people = [["320412198001011230", "", "320412"]]
    appointments = [["11010519491231002X", "X-Q", "2021-13-01", "", "任命", "退休"]]
    with pytest.raises(Problems) as caught:
        organisation_import(data=build(bodies, posts, people, appointments))
    problems = {(p.sheet, p.row, p.column) for p in caught.value.items}
    assert ("机构", 2, "部门类别") in problems
    assert ("机构", 3, "机构类别") in problems
    assert ("岗位", 2, "是否常委") in problems
    assert ("人员", 2, "身份证号") in problems and ("人员", 2, "姓名") in problems
    assert ("任职", 2, "任职日期") in problems and ("任职", 2, "离任原因") in problems


def test_a_file_that_is_not_a_workbook_is_one_clear_problem(world):
    with pytest.raises(Problems) as caught:
        organisation_import(data=b"name,code\n")
    assert len(caught.value.items) == 1
    assert ".xlsx" in str(caught.value.items[0])


def test_a_missing_sheet_is_named(world):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "机构"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(Problems) as caught:
        organisation_import(data=buffer.getvalue())
    text = "\n".join(str(p) for p in caught.value.items)
    assert "岗位" in text and "人员" in text and "任职" in text


def test_the_template_imports_as_its_own_example(world):
    bodies = organisation_import(data=template_workbook(), dry_run=True)
    assert bodies.created["post"] == 1 and bodies.created["appointment"] == 1
