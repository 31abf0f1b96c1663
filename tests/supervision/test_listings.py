"""Listed hazards (挂牌督办): listed by the right level with a deadline of at most a year, the notice
(.docx, rendered), publication due within 5 working days, extension at least 20 working days before
the deadline, 摘牌销号 with evidence, the public page, and the poor ones offered to zeren.cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zeren.problems import Problems
from zeren.supervision import selectors, services
from zeren.supervision.exports import listing_notice_docx
from zeren.supervision.models import ListedHazard, ListingState

from .conftest import png

D = dt.date


LISTED_ON, DEADLINE = D(2025, 3, 10), D(2025, 9, 30)


def list_it(actor, org, *, listed_on=LISTED_ON, deadline=DEADLINE, number="武安委督〔2025〕1号"):
    return services.listing_create(
        actor=actor,
        hazard=org.hazard,
        notice_number=number,
        title="储罐区防火间距不足",
        measures="拆除违建，恢复防火间距",
        responsible_body=org.county_bureau,
        responsible_leader=org.leader,
        listed_on=listed_on,
        deadline=deadline,
    )


def test_a_county_lists_its_hazard_and_the_publication_is_due_in_5_working_days(office_a, org, frozen):
    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org, listed_on=D(2025, 9, 26), deadline=D(2026, 3, 31))
    assert listing.lister.code == "320412" and listing.publish_due == D(2025, 10, 10)  # across 国庆


def test_wrong_levels_deadlines_and_places_are_refused(township_office, office_b, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    with pytest.raises(Problems, match="县级、市级或省级"):
        list_it(township_office, org)
    with pytest.raises(PermissionDenied):
        selectors.get_hazard_for_user(office_b, org.hazard.pk)
    with pytest.raises(Problems, match="一年"):
        list_it(office_a, org, deadline=D(2026, 3, 11))
    assert not ListedHazard.objects.exists()


def test_the_notice_renders_as_a_gongwen(office_a, org, frozen):
    from documents.rendering import render

    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org)
    rendered = render(listing_notice_docx(listing), "listing-notice")
    compact = "".join(rendered.all_text.split())
    assert rendered.pages[0].red_rows(0.0, 0.4), "the red rule under the document number"
    assert "重大事故隐患挂牌督办通知书" in compact
    assert "武安委督〔2025〕1号" in compact
    assert "武进区应急管理局" in compact and "武进区副区长甲" in compact
    assert "2025年9月30日" in compact


def test_an_extension_must_be_asked_20_working_days_before_the_deadline(office_a, org, frozen):
    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org, deadline=D(2025, 12, 31))
    frozen(D(2025, 12, 10))
    with pytest.raises(Problems, match="20"):
        services.listing_ask_extension(
            actor=office_a, listing=listing, expected_version=1, new_deadline=D(2026, 3, 1), reason="设备到货延迟"
        )
    frozen(D(2025, 12, 1))
    services.listing_ask_extension(
        actor=office_a, listing=listing, expected_version=1, new_deadline=D(2026, 3, 1), reason="设备到货延迟"
    )
    listing.refresh_from_db()
    listing = services.listing_answer_extension(
        actor=office_a, listing=listing, expected_version=listing.version, grant=True, answer=""
    )
    assert listing.deadline == D(2026, 3, 1)


def test_delisting_needs_evidence_and_then_is_published(client, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org)
    with pytest.raises(Problems):
        services.listing_delist(actor=office_a, listing=listing, expected_version=1, on=D(2025, 9, 20), note="")
    listing = services.listing_delist(
        actor=office_a, listing=listing, expected_version=1, on=D(2025, 9, 20), note="现场复核合格", uploads=[png()]
    )
    assert listing.state == ListingState.DELISTED and listing.delist_publish_due == D(2025, 9, 26)
    org.hazard.refresh_from_db()
    assert org.hazard.rectified_on == D(2025, 9, 20)
    services.listing_publish(actor=office_a, listing=listing, expected_version=listing.version, on=D(2025, 9, 26))
    listing.refresh_from_db()
    assert listing.delist_published_on == D(2025, 9, 26) and not listing.published


def test_the_public_page_shows_the_published_listings_only(client, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org)
    assert "储罐区防火间距不足" not in client.get(reverse("supervision:public_listings")).content.decode()
    services.listing_publish(actor=office_a, listing=listing, expected_version=1, on=D(2025, 3, 12))
    page = client.get(reverse("supervision:public_listings")).content.decode()
    assert "储罐区防火间距不足" in page and "武安委督〔2025〕1号" in page


def test_the_pages_show_publication_overdue_and_bad_input_changes_nothing(client, office_a, official_a, org, frozen):
    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org)
    client.force_login(office_a)
    page = client.get(reverse("supervision:listing", kwargs={"listing": listing.pk})).content.decode()
    assert "逾期未公布" in page and "已过整改期限" not in page
    response = client.post(
        reverse("supervision:listing_publish", kwargs={"listing": listing.pk}), {"version": "1", "on": "2025-02-01"}
    )
    assert response.status_code == 400 and "不能早于" in response.content.decode()
    response = client.post(
        reverse("supervision:listing_delist", kwargs={"listing": listing.pk}),
        {"version": "1", "on": "2025-09-20", "note": "合格"},
    )
    assert response.status_code == 400
    listing.refresh_from_db()
    assert listing.version == 1 and not listing.published and listing.state == ListingState.LISTED
    client.force_login(official_a)
    assert (
        client.post(
            reverse("supervision:listing_poor", kwargs={"listing": listing.pk}),
            {"version": "1", "poor": "1", "reason": "x"},
        ).status_code
        == 403
    )
    assert client.get(reverse("supervision:listing_create", kwargs={"hazard_id": org.hazard.pk})).status_code == 403


def test_the_listing_form_refuses_bad_input(client, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    client.force_login(office_a)
    url = reverse("supervision:listing_create", kwargs={"hazard_id": org.hazard.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "notice_number": "",
            "title": "x",
            "measures": "y",
            "responsible_body": org.county_bureau.pk,
            "responsible_leader": org.leader.pk,
            "listed_on": "2025-03-10",
            "deadline": "2027-01-01",
        },
    )
    assert response.status_code == 400 and not ListedHazard.objects.exists()
    response = client.post(
        url,
        {
            "notice_number": "武安委督〔2025〕1号",
            "title": "x",
            "measures": "y",
            "responsible_body": org.county_bureau.pk,
            "responsible_leader": org.leader.pk,
            "listed_on": "2025-03-10",
            "deadline": "2027-01-01",
        },
    )
    assert response.status_code == 400 and "一年" in response.content.decode()
    assert not ListedHazard.objects.exists()


def test_a_poor_listing_is_offered_to_the_office_as_a_ground_for_a_case(client, world, office_a, org, frozen):
    from accidents.factories import bind
    from zeren.cases.models import Case

    bind(world)
    frozen(D(2025, 9, 26))
    listing = list_it(office_a, org, deadline=D(2025, 9, 30))
    assert list(selectors.poor_listed_hazards(org.county_gov.jurisdiction, today=D(2025, 9, 26))) == []
    services.listing_mark_poor(actor=office_a, listing=listing, expected_version=1, poor=True, reason="未按方案整改")
    assert list(selectors.poor_listed_hazards(org.county_gov.jurisdiction, today=D(2025, 9, 26))) == [listing]
    frozen(D(2025, 10, 9))
    listing.poor = False
    listing.save()
    assert list(selectors.poor_listed_hazards(org.county_gov.jurisdiction, today=D(2025, 10, 9))) == [listing]
    client.force_login(office_a)
    page = client.get(reverse("cases:create")).content.decode()
    assert "可供选择的问责情形：挂牌督办的重大事故隐患整改不力" in page
    assert f"?listed_hazard={listing.pk}" in page
    form = client.get(reverse("cases:create"), {"listed_hazard": listing.pk}).content.decode()
    assert "储罐区防火间距不足" in form
    response = client.post(
        reverse("cases:create") + f"?listed_hazard={listing.pk}",
        {
            "title": "储罐区隐患整改不力问责",
            "jurisdiction": "320412",
            "opened_by": "office",
            "facts_date": "2025-10-01",
            "proposal": "",
            "listed_hazard": listing.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    evidence = case.evidence.get()
    assert "武安委督〔2025〕1号" in evidence.title and "武进区副区长甲" in evidence.description
