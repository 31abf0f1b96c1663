"""A ticket raised from an inspection tour's finding: the link on the finding (for the touring office),
the form pre-filled from the finding, the ticket issued with its source — and who is refused."""

from __future__ import annotations

from django.urls import reverse

from tours.helpers import planned
from zeren.supervision.models import SourceKind, Ticket


def _finding(world, city_office):
    toured = planned(world, city_office)
    return toured, toured.tour.findings.get(number=1)


def test_the_touring_office_raises_a_ticket_from_a_finding(client, world, city_office):
    toured, finding = _finding(world, city_office)
    client.force_login(city_office)
    tour_page = client.get(reverse("tours:tour", kwargs={"tour_id": toured.tour.pk})).content.decode()
    create = reverse("supervision:ticket_create")
    assert f'href="{create}?finding={finding.pk}"' in tour_page
    response = client.get(create, {"finding": finding.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["source_kind"].value() == SourceKind.FINDING
    assert form["lead_body"].value() == str(toured.county_a.government.pk)
    assert form["title"].value() == "区政府常务会议全年未专题研究安全生产工作"
    assert "2025年第一轮安全生产巡查" in form["source_label"].value()
    assert form["source_reference"].value() == "常安办〔2025〕12号"
    posted = client.post(
        create,
        {
            "title": form["title"].value(),
            "requirement": form["requirement"].value(),
            "source_kind": form["source_kind"].value(),
            "source_label": form["source_label"].value(),
            "source_reference": form["source_reference"].value(),
            "lead_body": form["lead_body"].value(),
            "issued_on": "2025-06-02",
            "working_days": "15",
        },
    )
    ticket = Ticket.objects.get()
    assert posted.status_code == 302
    assert (ticket.source_kind, ticket.source_reference) == ("finding", "常安办〔2025〕12号")
    assert ticket.lead_body == toured.county_a.government


def test_the_toured_county_sees_no_raise_link_on_the_findings(client, world, city_office, office_a):
    toured, finding = _finding(world, city_office)
    client.force_login(office_a)
    page = client.get(reverse("tours:tour", kwargs={"tour_id": toured.tour.pk})).content.decode()
    assert f'id="finding-{finding.pk}"' in page
    assert 'data-testid="raise-ticket"' not in page


def test_a_neighbour_cannot_raise_a_ticket_from_a_finding_it_may_not_see(client, world, city_office, office_b):
    _toured, finding = _finding(world, city_office)
    client.force_login(office_b)
    assert client.get(reverse("supervision:ticket_create"), {"finding": finding.pk}).status_code == 403
    assert client.get(reverse("supervision:ticket_create"), {"finding": finding.pk + 1000}).status_code == 404
    assert not Ticket.objects.exists()


def test_an_official_cannot_raise_a_ticket(client, world, city_office, official_a):
    _toured, finding = _finding(world, city_office)
    client.force_login(official_a)
    assert client.get(reverse("supervision:ticket_create"), {"finding": finding.pk}).status_code == 403


def test_a_named_source_prefills_the_form_and_an_unknown_kind_is_ignored(client, world, city_office):
    client.force_login(city_office)
    create = reverse("supervision:ticket_create")
    form = client.get(
        create, {"source": "assessment", "label": "2025年度考核：武进区，良好", "reference": "常安委〔2026〕1号"}
    ).context["form"]
    assert (form["source_kind"].value(), form["source_label"].value()) == ("assessment", "2025年度考核：武进区，良好")
    assert form["source_reference"].value() == "常安委〔2026〕1号"
    other = client.get(create, {"source": "nonsense", "label": "x"}).context["form"]
    assert not other["source_kind"].value() and not other["source_label"].value()
