"""Summonses (约谈): the page lists the summonses the pack makes due for the accidents zeren holds
(the fictional 山海 test pack has a summons rule; the shipped packs have none), and records the one
held with its follow-up ticket."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from zeren.org.bindings import registry
from zeren.org.models import PolicyBinding
from zeren.supervision.models import SourceKind, SummonsHeld, Ticket

PACKS = Path(__file__).resolve().parents[1] / "policy" / "packs"
TZ = dt.timezone(dt.timedelta(hours=8))
D = dt.date


@pytest.fixture
def shanhai(monkeypatch, world):
    monkeypatch.setenv("ZEREN_PACKS", str(PACKS))
    registry.cache_clear()
    PolicyBinding.objects.create(jurisdiction=world.city, pack_id="shanhai-2026", valid_from=D(2026, 1, 1))
    yield
    registry.cache_clear()


def accident(world, title, day, deaths):
    from zeren.accidents.models import Accident

    return Accident.objects.create(
        title=title,
        jurisdiction=world.county_a,
        sector="危险化学品",
        occurred_at=dt.datetime(*day, 9, tzinfo=TZ),
        deaths=deaths,
        grade="relatively_large" if deaths >= 3 else "ordinary",
        policy_id="shanhai-2026",
        policy_version="2026.1",
    )


def test_two_relatively_large_accidents_in_a_year_bring_a_summons_recorded_with_its_ticket(
    client, shanhai, world, city_office, org, frozen
):
    frozen(D(2026, 6, 30))
    accident(world, "某厂爆炸", (2026, 2, 3), 3)
    accident(world, "某矿透水", (2026, 3, 4), 1)
    second = accident(world, "某仓库火灾", (2026, 5, 6), 4)
    client.force_login(city_office)
    page = client.get(reverse("supervision:summonses")).content.decode()
    assert "武进区：应约谈，自 2026-05-06" in page
    assert "某厂爆炸" in page and "某仓库火灾" in page and "某矿透水" not in page
    assert "由市安全生产委员会约谈武进区党委（党工委）主要负责人、政府（管委会、街道办事处）主要负责人" in page
    key = f"320412|shp.5.1.county|0|{second.occurred_at.date().isoformat()}"
    bad = client.post(
        reverse("supervision:summons_record"),
        {"key": key, "held_on": "2026-05-01", "attendees": "", "requirements": "x"},
    )
    assert bad.status_code == 400 and not SummonsHeld.objects.exists()
    response = client.post(
        reverse("supervision:summons_record"),
        {
            "key": key,
            "held_on": "2026-05-20",
            "attendees": "武进区委书记、区长；市应急管理局",
            "requirements": "全面排查危化品企业",
            "follow_up_body": org.county_gov.pk,
            "follow_up_days": "20",
        },
    )
    assert response.status_code == 302
    held = SummonsHeld.objects.get()
    ticket = Ticket.objects.get()
    assert ticket.summons == held and ticket.source_kind == SourceKind.SUMMONS and ticket.lead_body == org.county_gov
    assert held.accidents and held.policy_id == "shanhai-2026"
    detail = client.get(reverse("supervision:summons", kwargs={"summons": held.pk})).content.decode()
    assert ticket.number in detail and "全面排查危化品企业" in detail
    again = client.get(reverse("supervision:summonses")).content.decode()
    assert "已约谈" in again


def test_the_shipped_packs_bring_no_summons(client, world, city_office, org, frozen):
    from accidents.factories import bind

    bind(world)
    frozen(D(2026, 6, 30))
    accident(world, "某厂爆炸", (2026, 2, 3), 3)
    accident(world, "某仓库火灾", (2026, 5, 6), 4)
    client.force_login(city_office)
    assert "暂无应约谈事项" in client.get(reverse("supervision:summonses")).content.decode()


def test_only_offices_record_a_summons(client, official_a, world):
    client.force_login(official_a)
    assert client.post(reverse("supervision:summons_record"), {"key": "x"}).status_code == 403
