"""Writing the jurisdiction tree: paths, moves, all-or-nothing."""

import pytest

from zeren.org.models import Jurisdiction
from zeren.org.services import JurisdictionRow, jurisdictions_upsert
from zeren.problems import Problems


def test_it_keeps_a_materialised_path_for_subtree_queries(world):
    assert world.township_a.path == "/320400/320412/320412100/"
    assert world.township_a.depth == 2
    subtree = Jurisdiction.objects.filter(path__startswith=world.county_a.path)
    assert sorted(j.code for j in subtree) == ["320412", "320412100", "320412101"]


def test_upserting_the_same_rows_again_changes_nothing(world):
    change = jurisdictions_upsert(rows=[JurisdictionRow("320412", "武进区", "county", "320400")], actor=None)
    assert (change.created, change.updated, change.unchanged) == ([], [], ["320412"])


def test_moving_a_node_moves_its_subtree(world):
    jurisdictions_upsert(rows=[JurisdictionRow("Z32040001", "常州经济开发区", "zone", "320412")], actor=None)
    moved = Jurisdiction.objects.get(code="320405001")
    assert moved.path == "/320400/320412/Z32040001/320405001/"
    assert moved.depth == 3


def test_it_refuses_a_township_directly_under_a_province_and_changes_nothing(world):
    before = list(Jurisdiction.objects.values_list("code", "name", "path"))
    with pytest.raises(Problems) as caught:
        jurisdictions_upsert(
            rows=[
                JurisdictionRow("320412", "武进区（改名）", "county", "320400", row=2),
                JurisdictionRow("130100100", "某镇", "township", "130000", row=3),
            ],
            actor=None,
        )
    assert caught.value.problems == ["第 3 行，D 列（parent_code）：乡镇（街道）不能隶属于省"]
    assert list(Jurisdiction.objects.values_list("code", "name", "path")) == before


def test_it_refuses_a_level_change_that_strands_existing_children(world):
    with pytest.raises(Problems) as caught:
        jurisdictions_upsert(rows=[JurisdictionRow("130100", "石家庄市", "county", "130000", row=2)], actor=None)
    assert caught.value.problems == ["第 2 行，C 列（level）：其下已有的 正定县（130123） 不能隶属于县（市、区）"]


def test_it_refuses_a_circle_of_parents(world):
    with pytest.raises(Problems) as caught:
        jurisdictions_upsert(
            rows=[
                JurisdictionRow("Z32040002", "甲园区", "zone", "Z32040003", row=2),
                JurisdictionRow("Z32040003", "乙园区", "zone", "Z32040002", row=3),
            ],
            actor=None,
        )
    assert any("循环" in problem for problem in caught.value.problems)


def test_the_tree_import_is_audited_with_its_actor_and_each_node_before_and_after(world, superuser):
    from zeren.audit.models import AuditEvent

    jurisdictions_upsert(
        rows=[
            JurisdictionRow("320412", "武进区（新）", "county", "320400"),
            JurisdictionRow("320412102", "新镇", "township", "320412"),
            JurisdictionRow("320411", "新北区", "county", "320400"),
        ],
        actor=superuser,
    )
    event = AuditEvent.objects.filter(action="org.jurisdictions_imported").latest("id")
    assert (event.actor, event.object_id, event.jurisdiction_path) == (
        superuser,
        str(world.county_a.pk),
        "/320400/320412/",
    )
    assert [n["code"] for n in event.data["created"]] == ["320412102"]
    assert event.data["updated"] == [
        {
            "before": {
                "code": "320412",
                "name": "武进区",
                "level": "county",
                "parent_id": world.city.pk,
                "path": "/320400/320412/",
            },
            "after": {
                "code": "320412",
                "name": "武进区（新）",
                "level": "county",
                "parent_id": world.city.pk,
                "path": "/320400/320412/",
            },
        }
    ]
    assert event.data["unchanged"] == 1


def test_a_tree_import_that_changes_nothing_writes_no_audit_event(world):
    from zeren.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    jurisdictions_upsert(rows=[JurisdictionRow("320412", "武进区", "county", "320400")], actor=None)
    assert AuditEvent.objects.count() == before
