"""Supervision tickets (zeren.supervision.services): issued in working days, extensions before the due
date only, completion reports with evidence, return and close by the reviewer, optimistic locking,
who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from zeren.audit.models import AuditEvent
from zeren.problems import Conflict, Problems
from zeren.supervision import services
from zeren.supervision.models import EventKind, Extension, Ticket, TicketState

from .conftest import png

D = dt.date


ISSUED_ON = D(2025, 9, 26)


def issue(actor, body, *, on=ISSUED_ON, days=10, **extra):
    return services.ticket_issue(
        actor=actor,
        title="落实储罐区整改",
        requirement="逐项整改并报告",
        lead_body=body,
        assisting=extra.pop("assisting", []),
        source_kind=extra.pop("source_kind", "meeting"),
        source_label="市安委会第3次全体会议",
        issued_on=on,
        working_days=days,
        **extra,
    )


def test_a_ticket_due_across_guoqing_skips_the_holiday_and_counts_the_adjusted_saturday(city_office, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov, assisting=[org.county_bureau])
    assert ticket.due_on == D(2025, 10, 16)
    assert ticket.due_warning == ""
    assert ticket.number == "常州市督〔2025〕1号"
    assert ticket.issuer.code == "320400"
    assert list(ticket.assisting.all()) == [org.county_bureau]
    assert ticket.events.get().kind == EventKind.ISSUED
    assert AuditEvent.objects.filter(action="supervision.ticket.issued").count() == 1


def test_a_due_date_beyond_the_known_years_carries_the_warning(city_office, org, frozen):
    frozen(D(2026, 12, 28))
    ticket = issue(city_office, org.county_gov, on=D(2026, 12, 28), days=10)
    assert "2027年" in ticket.due_warning and ticket.due_on == D(2027, 1, 11)


def test_bad_tickets_are_refused_and_nothing_is_saved(city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    with pytest.raises(Problems) as caught:
        services.ticket_issue(
            actor=city_office,
            title=" ",
            requirement="",
            lead_body=org.county_gov,
            assisting=[org.county_gov],
            source_kind="nonsense",
            source_label="",
            issued_on=D(2025, 9, 27),
            working_days=0,
        )
    assert len(caught.value.problems) == 7
    with pytest.raises(Problems, match="主办单位应在本级或下级辖区内"):
        issue(office_a, org.county_b_gov)
    assert not Ticket.objects.exists()


def test_an_extension_asked_before_the_due_date_is_granted_and_moves_it(city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    frozen(D(2025, 10, 15))
    services.ticket_ask_extension(
        actor=office_a, ticket=ticket, expected_version=ticket.version, working_days=5, reason="需第三方检测"
    )
    ticket.refresh_from_db()
    ticket = services.ticket_answer_extension(
        actor=city_office, ticket=ticket, expected_version=ticket.version, grant=True, answer="同意"
    )
    assert ticket.due_on == D(2025, 10, 23)
    assert ticket.working_days == 15


def test_an_extension_asked_after_the_due_date_is_refused_with_a_clear_message(city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    frozen(D(2025, 10, 17))
    with pytest.raises(Problems) as caught:
        services.ticket_ask_extension(
            actor=office_a, ticket=ticket, expected_version=ticket.version, working_days=5, reason="来不及"
        )
    assert "2025年10月16日" in caught.value.problems[0]
    assert not Extension.objects.exists()
    ticket.refresh_from_db()
    assert ticket.version == 1


def test_the_report_needs_evidence_and_the_reviewer_returns_then_closes(city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    with pytest.raises(Problems, match="佐证材料"):
        services.ticket_report(actor=office_a, ticket=ticket, expected_version=1, report="已整改")
    ticket = services.ticket_report(actor=office_a, ticket=ticket, expected_version=1, report="已整改", uploads=[png()])
    assert ticket.state == TicketState.REPORTED and ticket.evidence.count() == 1
    with pytest.raises(Problems):
        services.ticket_review(actor=city_office, ticket=ticket, expected_version=ticket.version, accept=False, note="")
    ticket = services.ticket_review(
        actor=city_office, ticket=ticket, expected_version=ticket.version, accept=False, note="缺少检测报告"
    )
    assert ticket.state == TicketState.RETURNED
    ticket = services.ticket_report(
        actor=office_a,
        ticket=ticket,
        expected_version=ticket.version,
        report="补充检测报告",
        uploads=[png("检测报告.png")],
    )
    ticket = services.ticket_review(
        actor=city_office, ticket=ticket, expected_version=ticket.version, accept=True, note=""
    )
    assert ticket.state == TicketState.CLOSED and ticket.closed_on == D(2025, 9, 26)
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == ["issued", "reported", "returned", "reported", "closed"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(city_office, office_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    services.ticket_report(actor=office_a, ticket=ticket, expected_version=1, report="已整改", uploads=[png()])
    with pytest.raises(Conflict):
        services.ticket_review(actor=city_office, ticket=ticket, expected_version=1, accept=True, note="")
    ticket.refresh_from_db()
    assert ticket.state == TicketState.REPORTED


def test_only_the_offices_concerned_act(city_office, office_a, office_b, official_a, org, frozen):
    frozen(D(2025, 9, 26))
    ticket = issue(city_office, org.county_gov)
    with pytest.raises(PermissionDenied):
        services.ticket_report(actor=office_b, ticket=ticket, expected_version=1, report="x", uploads=[png()])
    with pytest.raises(PermissionDenied):  # county A handles, the city reviews
        services.ticket_answer_extension(actor=office_a, ticket=ticket, expected_version=1, grant=True, answer="")
    with pytest.raises(PermissionDenied):
        issue(official_a, org.county_gov)
