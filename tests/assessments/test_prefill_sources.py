"""The pre-fill's facts from the apps above the records: unrectified tour findings, listed hazards
left unrectified, overdue supervision tickets and one-vote vetoes in force — each deduction or veto
linked to its page, and each source reading all targets in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.conftest import SCHEME, entry_of
from commendations.helpers import veto
from tours.helpers import planned, rectifying, reported_done
from zeren.assessments import services, sources
from zeren.assessments.prefill import targets_of
from zeren.cases import assessment_facts
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db
D = dt.date
MARCH_3 = D(2025, 3, 3)


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.get("children") or [])


def _item(entry, item_id):
    return next(i for i in _walk(entry.verdict["items"]) if i["id"] == item_id)


def _open(world, city_office):
    return services.assessment_create(actor=city_office, jurisdiction=world.city, year=2025, scheme_id=SCHEME)


def _vetoes(entry):
    return {v["id"] for v in entry.verdict.get("vetoes") or []}


def test_an_unrectified_finding_of_the_year_deducts_and_links_to_the_finding(world, city_office, client):
    toured = planned(world, city_office)
    findings = list(toured.tour.findings.order_by("number"))
    assessment = _open(world, city_office)
    wujin, xinbei = entry_of(assessment, world.county_a), entry_of(assessment, world.county_b)
    item = _item(wujin, "4.1")
    assert [e["finding"] for e in item["deductions"][0]["events"]] == [str(f.pk) for f in findings]
    assert item["deducted"] == 4  # 2 points each
    url = reverse("tours:tour", kwargs={"tour_id": toured.tour.pk})
    assert wujin.links["finding"] == {str(f.pk): f"{url}#finding-{f.pk}" for f in findings}
    assert _item(xinbei, "4.1")["deducted"] == 0
    client.force_login(city_office)
    page = client.get(reverse("assessments:entry", kwargs={"entry": wujin.pk})).content.decode()
    assert f'href="{url}#finding-{findings[0].pk}"' in page
    tour_page = client.get(url).content.decode()
    assert f'id="finding-{findings[0].pk}"' in tour_page


def test_a_finding_signed_off_in_the_year_costs_nothing(world, city_office, office_a):
    from zeren.tours import services as tours

    toured = planned(world, city_office, findings=1)
    _plan, items = rectifying(toured, office_a)
    item = reported_done(items[0], office_a)
    tours.item_close(actor=city_office, item=item, expected_version=item.version, closed_on=D(2025, 6, 5))
    assessment = _open(world, city_office)
    assert _item(entry_of(assessment, world.county_a), "4.1")["deducted"] == 0


def test_a_finding_still_being_rectified_is_counted_with_its_deadline(world, city_office, office_a):
    toured = planned(world, city_office, findings=1)
    rectifying(toured, office_a, deadline=D(2025, 8, 31))
    assessment = _open(world, city_office)
    event = _item(entry_of(assessment, world.county_a), "4.1")["deductions"][0]["events"][0]
    assert event["due"] == "2025-08-31"


def _listing(counties, office_a, *, delisted_on=None):
    from zeren.records.models import Hazard, PerformanceRecord
    from zeren.supervision import services as supervision

    record = PerformanceRecord.objects.create(
        activity="led_inspection", occurred_on=D(2025, 3, 1), jurisdiction=counties.world.county_a, created_by=office_a
    )
    hazard = Hazard.objects.create(record=record, description="某化工企业储罐区防火间距不足", rectify_by=D(2025, 9, 30))
    return supervision.listing_create(
        actor=office_a,
        hazard=hazard,
        notice_number="武安委挂〔2025〕1号",
        title="某化工企业储罐区防火间距不足",
        measures="拆除违章建筑，恢复防火间距",
        responsible_body=counties.wujin.safety_bureau,
        responsible_leader=counties.wujin.deputy_for_safety,
        listed_on=D(2025, 3, 5),
        deadline=D(2025, 9, 30),
    )


def test_a_listed_hazard_left_unrectified_deducts_and_bars_excellence(counties, city_office, office_a, client):
    listing = _listing(counties, office_a)
    assessment = _open(counties.world, city_office)
    wujin = entry_of(assessment, counties.world.county_a)
    item = _item(wujin, "4.2")
    assert item["deducted"] == 5
    assert item["deductions"][0]["events"][0]["hazard"] == str(listing.pk)
    url = reverse("supervision:listing", kwargs={"listing": listing.pk})
    assert wujin.links["hazard"] == {str(listing.pk): url}
    assert "cz-demo-veto-hazard" in _vetoes(wujin)
    assert "cz-demo-veto-hazard" not in _vetoes(entry_of(assessment, counties.world.county_b))
    client.force_login(city_office)
    page = client.get(reverse("assessments:entry", kwargs={"entry": wujin.pk})).content.decode()
    assert f'href="{url}"' in page


def test_a_hazard_delisted_before_the_year_is_not_a_fact(counties, office_a):
    listing = _listing(counties, office_a)
    listing.delisted_on, listing.state = D(2025, 6, 1), "delisted"
    listing.save()
    found = sources.hazard_facts(targets_of([counties.world.county_a]), 2026)
    assert found == {}
    kept = sources.hazard_facts(targets_of([counties.world.county_a]), 2025)
    assert kept[counties.world.county_a.pk]["hazards"][0]["rectified_on"] == "2025-06-01"


def _ticket(counties, city_office, *, issued_on=MARCH_3):
    from zeren.supervision import services as supervision

    return supervision.ticket_issue(
        actor=city_office,
        title="督促落实重点企业隐患排查",
        requirement="逐项排查并报送结果",
        lead_body=counties.wujin.government,
        assisting=[],
        source_kind="meeting",
        source_label="市安委会第一次全体会议",
        issued_on=issued_on,
        working_days=15,
    )


def test_an_overdue_ticket_deducts_and_links_to_the_ticket(counties, city_office):
    ticket = _ticket(counties, city_office)
    assessment = _open(counties.world, city_office)
    wujin = entry_of(assessment, counties.world.county_a)
    item = _item(wujin, "4.3")
    assert item["deducted"] == 1
    assert item["deductions"][0]["events"][0]["supervision"] == str(ticket.pk)
    assert wujin.links["supervision"] == {str(ticket.pk): reverse("supervision:ticket", kwargs={"ticket": ticket.pk})}
    assert _item(entry_of(assessment, counties.world.county_b), "4.3")["deducted"] == 0


def test_a_ticket_closed_in_time_costs_nothing(counties, city_office):
    ticket = _ticket(counties, city_office)
    ticket.state, ticket.closed_on = "closed", ticket.due_on
    ticket.save()
    assessment = _open(counties.world, city_office)
    assert _item(entry_of(assessment, counties.world.county_a), "4.3")["deducted"] == 0


def test_a_one_vote_veto_in_force_bars_excellence_and_links_to_the_case(counties, city_office, client):
    restriction = veto(counties.wujin.deputy_for_safety, counties.wujin.posts["DS"], start=D(2025, 2, 1))
    assessment = _open(counties.world, city_office)
    wujin = entry_of(assessment, counties.world.county_a)
    assert "cz-demo-veto-one-vote" in _vetoes(wujin)
    assert "cz-demo-veto-one-vote" not in _vetoes(entry_of(assessment, counties.world.county_b))
    url = reverse("cases:detail", kwargs={"case": restriction.subject.case_id})
    assert wujin.links["one_vote_veto"] == {str(restriction.subject_id): url}
    client.force_login(city_office)
    page = client.get(reverse("assessments:entry", kwargs={"entry": wujin.pk})).content.decode()
    assert f'href="{url}"' in page


def test_a_veto_lifted_before_the_year_is_not_in_force(counties, city_office):
    veto(counties.wujin.deputy_for_safety, counties.wujin.posts["DS"], start=D(2024, 2, 1), lifted_on=D(2024, 9, 1))
    assessment = _open(counties.world, city_office)
    assert "cz-demo-veto-one-vote" not in _vetoes(entry_of(assessment, counties.world.county_a))


def test_each_source_reads_all_targets_in_the_same_number_of_queries(world, city_office, office_a):
    toured = planned(world, city_office)
    rectifying(toured, office_a)
    one = targets_of([world.county_a])
    every = targets_of(Jurisdiction.objects.order_by("path"))
    for source in (sources.finding_facts, sources.hazard_facts, sources.ticket_facts, assessment_facts.veto_facts):
        with CaptureQueriesContext(connection) as few:
            source(one, 2025)
        with CaptureQueriesContext(connection) as many:
            source(every, 2025)
        assert len(many) == len(few) == 1, source.__name__


def test_many_targets_are_read_under_their_common_ancestor(world, city_office, monkeypatch):
    toured = planned(world, city_office)
    monkeypatch.setattr(sources, "_FEW_ROOTS", 0)  # as for a province's 2,785 jurisdictions
    found = sources.finding_facts(targets_of([world.county_a, world.county_b]), 2025)
    assert set(found) == {world.county_a.pk}
    assert {f["id"] for f in found[world.county_a.pk]["findings"]} == {
        str(pk) for pk in toured.tour.findings.values_list("pk", flat=True)
    }
    assert sources._common_path(["/32/3204/320412/", "/32/3204/320411/"]) == "/32/3204/"
    assert sources._common_path(["/32/", "/13/"]) == ""
