"""The one trigger: every change the verdicts depend on brings them up to date, at once for a small
scope and through a background task for a large one (zeren.records.triggers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zeren.audit.models import AuditEvent
from zeren.jobs.models import Job
from zeren.org.models import Jurisdiction
from zeren.org.services import JurisdictionRow, jurisdictions_upsert, policy_binding_create
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow
from zeren.records.triggers import inputs_changed

pytestmark = pytest.mark.django_db


def zhengding_packs(year: int) -> set[str]:
    return set(ComplianceRow.objects.filter(jurisdiction__code="130123", year=year).values_list("policy_id", flat=True))


@pytest.fixture
def judged(org):
    """正定县's verdicts of this year stored under its province's pack, hebei-2018."""
    year = timezone.localdate().year
    compliance_recompute(year=year)
    assert zhengding_packs(year) == {"hebei-2018"}
    return year


def bind_zhengding_to_changzhou(actor, year):
    return policy_binding_create(
        actor=actor,
        jurisdiction=Jurisdiction.objects.get(code="130123"),
        pack_id="changzhou-2018",
        valid_from=dt.date(year, 1, 1),
        valid_until=None,
        include_subtree=True,
    )


def test_binding_a_county_to_another_pack_moves_its_stored_verdicts_to_that_pack_at_once(org, judged, superuser):
    bind_zhengding_to_changzhou(superuser, judged)
    assert zhengding_packs(judged) == {"changzhou-2018"}
    assert not Job.objects.exists()  # three posts: recomputed inside the request
    assert not DBTaskResult.objects.exists()


def test_binding_a_large_scope_enqueues_a_recompute_that_the_worker_runs(org, judged, superuser, settings, run_tasks):
    settings.ZEREN_RECOMPUTE_INLINE_POSTS = 2  # 正定县 has three posts
    bind_zhengding_to_changzhou(superuser, judged)
    assert zhengding_packs(judged) == {"hebei-2018"}  # not yet: left to the worker
    job = Job.objects.get()
    assert (job.kind, job.state, job.requested_by, job.jurisdiction.code) == (
        "recompute",
        "queued",
        superuser,
        "130123",
    )
    task = DBTaskResult.objects.get(id=job.task_id)
    assert (task.task_path, task.status) == ("zeren.records.tasks.recompute_compliance", "READY")
    queued = AuditEvent.objects.get(action="compliance.recompute_queued")
    assert queued.actor == superuser
    assert queued.data["reason"] == "org.policy_binding.created"

    run_tasks()

    assert zhengding_packs(judged) == {"changzhou-2018"}
    job.refresh_from_db()
    assert job.state == "succeeded"
    assert job.result["written"] > 0
    assert (job.done, job.total) == (1, 1)
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_binding_refused_enqueues_nothing(org, judged, superuser, settings):
    from django.core.exceptions import ValidationError

    settings.ZEREN_RECOMPUTE_INLINE_POSTS = 2
    bind_zhengding_to_changzhou(superuser, judged)
    with pytest.raises(ValidationError):
        policy_binding_create(
            actor=superuser,
            jurisdiction=Jurisdiction.objects.get(code="130123"),
            pack_id="hebei-2018",
            valid_from=dt.date(judged - 1, 1, 1),
            valid_until=dt.date(judged, 6, 1),  # overlaps the binding from 1 January
            include_subtree=True,
        )
    assert Job.objects.count() == DBTaskResult.objects.count() == 1  # only the first binding's


def test_moving_a_county_to_another_province_in_the_tree_import_moves_its_verdicts_to_that_pack(org, judged, superuser):
    """正定县 moved under 常州市 (bound to changzhou-2018) is judged by changzhou-2018 at once."""
    jurisdictions_upsert(rows=[JurisdictionRow("130123", "正定县", "county", "320400")], actor=superuser)
    assert zhengding_packs(judged) == {"changzhou-2018"}


def test_a_change_concerning_no_post_does_nothing(world):
    assert inputs_changed(jurisdictions=[world.township_b.pk], since=None, actor=None, reason="test").how == "nothing"


def test_a_change_dated_in_an_earlier_year_judges_the_stored_years_from_then_on(org, judged, superuser):
    compliance_recompute(year=judged - 1)
    outcome = inputs_changed(
        posts=[org.gh_post.pk], since=dt.date(judged - 1, 5, 1), actor=superuser, reason="org.appointment.updated"
    )
    assert (outcome.how, outcome.years) == ("now", (judged - 1, judged))
    later = inputs_changed(posts=[org.gh_post.pk], since=dt.date(judged, 5, 1), actor=superuser, reason="test")
    assert later.years == (judged,)
