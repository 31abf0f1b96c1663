"""Verdicts follow the organisation at once: a new holder of a post has their duties judged as soon
as the tenure is recorded, an ended tenure stops at its end, and a post whose role changes is
judged under its new role (zeren.org sends ``inputs_changed``; zeren.records follows it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zeren.org import services
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow

pytestmark = pytest.mark.django_db


def test_a_new_holder_is_judged_at_once_and_the_old_tenure_stops_at_its_end(org):
    today = timezone.localdate()
    last_day = today - dt.timedelta(days=10)
    old = org.appointment
    services.appointment_save(
        actor=org.official,
        appointment=old,
        person=old.person,
        post=org.gh_post,
        start=old.start,
        end=last_day,
        start_reason=old.start_reason,
        end_reason="transferred",
    )
    new = services.appointment_save(
        actor=org.official,
        appointment=None,
        person=org.previous_holder,
        post=org.gh_post,
        start=last_day + dt.timedelta(days=1),
        end=None,
        start_reason="appointed",
        end_reason="",
    )
    assert ComplianceRow.objects.filter(appointment=new, year=today.year).exists()
    old_rows = ComplianceRow.objects.filter(appointment=old, year=today.year)
    assert old_rows.exists()
    assert not old_rows.filter(period_start__gt=last_day).exists()
    assert not ComplianceRow.objects.filter(appointment=new, period_end__lt=new.start).exists()


def test_a_post_whose_role_changes_is_judged_under_its_new_role(org):
    year = timezone.localdate().year
    compliance_recompute(year=year)
    assert ComplianceRow.objects.filter(post=org.gh_post, year=year).exists()
    post = org.gh_post
    services.post_save(
        actor=org.official,
        post=post,
        code=post.code,
        title="常务副县长",
        body=post.body,
        role="deputy_for_safety",  # a post with no countable duty under 河北
        sectors=["安全生产"],
        on_standing_committee=True,
    )
    assert not ComplianceRow.objects.filter(post=post, year=year).exists()


def test_renaming_a_post_leaves_its_verdicts_alone(org):
    year = timezone.localdate().year
    compliance_recompute(year=year)
    before = list(ComplianceRow.objects.filter(post=org.gh_post).values_list("id", "status"))
    post = org.gh_post
    services.post_save(
        actor=org.official,
        post=post,
        code=post.code,
        title="县人民政府县长",
        body=post.body,
        role=post.role,
        sectors=post.sectors,
        on_standing_committee=post.on_standing_committee,
    )
    assert list(ComplianceRow.objects.filter(post=org.gh_post).values_list("id", "status")) == before
