"""Writes of supervision. Each service checks who acts and what is asked, changes the rows in one
transaction with an audit event, and refuses bad input with :class:`~zeren.problems.Problems`
(nothing changed). Tickets and listed hazards are locked optimistically: a change names the
``expected_version`` it was made from; another change in between is a :class:`Conflict`.

Deadlines are counted in working days by the holiday calendar (:mod:`zeren.supervision.calendar`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren import evidence as evidence_files
from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.accounts.models import User
from zeren.audit.services import record_event
from zeren.org.models import Body, Jurisdiction, Person
from zeren.policy import supervision as timing
from zeren.problems import Conflict, Problems
from zeren.records.models import Hazard
from zeren.supervision import selectors
from zeren.supervision.calendar import add_working_days, calendar, warning
from zeren.supervision.models import (
    EventKind,
    Extension,
    ExtensionState,
    ListedHazard,
    ListingState,
    SourceKind,
    Step,
    SummonsHeld,
    SupervisionEvidence,
    Ticket,
    TicketEvent,
    TicketState,
)

MAX_TICKET_DAYS = 250


def _user(actor: AnyUser | None) -> User | None:
    return actor if isinstance(actor, User) else None


def _d(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _lock(model: type[Model], obj: Any, expected_version: int) -> None:
    claimed = model._default_manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        current: Any = model._default_manager.get(pk=obj.pk)
        raise Conflict(
            _(
                "Someone else changed this in the meantime (it is now at version %(current)s; you started from "
                "version %(expected)s). Nothing was saved: look at it as it is now and act again if it still applies."
            )
            % {"current": current.version, "expected": expected_version},
            current=current,
        )
    obj.version = expected_version + 1


def _event(ticket: Ticket, kind: str, actor: AnyUser | None, on: dt.date, note: str = "", **data: Any) -> TicketEvent:
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        on=on,
        actor=_user(actor),
        note=note,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )
    record_event(
        actor=actor,
        action=f"supervision.ticket.{kind}",
        obj=ticket,
        data={
            "number": ticket.number,
            "state": ticket.state,
            "due_on": ticket.due_on.isoformat(),
            "note": note,
            **event.data,
        },
        jurisdiction_path=ticket.lead_body.jurisdiction.path,
    )
    return event


def _store_evidence(actor: AnyUser, uploads: Sequence[File[bytes]], **owner: Any) -> list[SupervisionEvidence]:
    user = _user(actor)
    if user is None:
        raise PermissionDenied
    return [
        SupervisionEvidence.objects.create(**evidence_files.stored_fields(c), uploaded_by=user, **owner)
        for c in evidence_files.require_all(uploads)
    ]


# tickets ---------------------------------------------------------------------------------------


def ticket_issue(
    *,
    actor: AnyUser,
    title: str,
    requirement: str,
    lead_body: Body,
    assisting: Sequence[Body],
    source_kind: str,
    source_label: str,
    source_reference: str = "",
    issued_on: dt.date,
    working_days: int,
    listed_hazard: ListedHazard | None = None,
    summons: SummonsHeld | None = None,
) -> Ticket:
    """Issue a ticket from the actor's jurisdiction to a lead body in it (or below)."""
    if not selectors.may_issue(actor):
        raise PermissionDenied
    issuer: Jurisdiction | None = getattr(actor, "jurisdiction", None) or lead_body.jurisdiction
    assert issuer is not None  # noqa: S101
    problems = []
    if not title.strip():
        problems.append(_("Say what the matter is."))
    if not requirement.strip():
        problems.append(_("Write the requirements of the ticket."))
    if not source_label.strip():
        problems.append(_("Say where the matter comes from (the meeting, the instruction, the finding…)."))
    if source_kind not in SourceKind.values:
        problems.append(_("Choose where the matter comes from."))
    if not 1 <= working_days <= MAX_TICKET_DAYS:
        problems.append(_("The working days allowed must be between 1 and %(n)s.") % {"n": MAX_TICKET_DAYS})
    if not lead_body.jurisdiction.is_within(issuer):
        problems.append(_("The lead body must be in your jurisdiction or below it."))
    for body in assisting:
        if body.pk == lead_body.pk:
            problems.append(_("The lead body cannot also be an assisting body."))
        elif not access.can_see_jurisdiction(actor, body.jurisdiction):
            problems.append(_("“%(body)s” is not in your jurisdiction.") % {"body": body.name})
    if issued_on > timezone.localdate():
        problems.append(_("A ticket cannot be issued on a future date."))
    if problems:
        raise Problems(problems)
    due_on, due_warning, _answer = add_working_days(issued_on, working_days)
    with transaction.atomic():
        count = Ticket.objects.filter(issuer=issuer, issued_on__year=issued_on.year).count()
        for attempt in range(count + 1, count + 50):
            number = f"{issuer.name}督〔{issued_on.year}〕{attempt}号"
            if not Ticket.objects.filter(number=number).exists():
                break
        try:
            ticket = Ticket.objects.create(
                number=number,
                title=title.strip(),
                requirement=requirement.strip(),
                issuer=issuer,
                lead_body=lead_body,
                source_kind=source_kind,
                source_label=source_label.strip(),
                source_reference=source_reference.strip(),
                listed_hazard=listed_hazard,
                summons=summons,
                issued_on=issued_on,
                working_days=working_days,
                due_on=due_on,
                due_warning=due_warning,
                created_by=_user(actor),
            )
        except IntegrityError:
            raise Conflict(_("Another ticket was issued at the same moment; issue it again.")) from None
        ticket.assisting.set(list(assisting))
        _event(ticket, EventKind.ISSUED, actor, issued_on, working_days=working_days, due_on=due_on)
    return ticket


def ticket_ask_extension(
    *,
    actor: AnyUser,
    ticket: Ticket,
    expected_version: int,
    working_days: int,
    reason: str,
    today: dt.date | None = None,
) -> Extension:
    """The lead body asks for more working days — before the due date only."""
    if not selectors.may_handle(actor, ticket):
        raise PermissionDenied
    today = today or timezone.localdate()
    problems = []
    if not ticket.is_open:
        problems.append(_("This ticket is closed."))
    elif today > ticket.due_on:
        problems.append(
            _(
                "The time allowed ran out on %(due)s: an extension must be asked before the due date, so it can no "
                "longer be asked. Report how far the matter has been handled instead."
            )
            % {"due": _d(ticket.due_on)}
        )
    if ticket.extensions.filter(state=ExtensionState.ASKED).exists():
        problems.append(_("An extension is already waiting for the reviewer's answer."))
    if not 1 <= working_days <= MAX_TICKET_DAYS:
        problems.append(_("The working days asked must be between 1 and %(n)s.") % {"n": MAX_TICKET_DAYS})
    if not reason.strip():
        problems.append(_("Give the reason for the extension."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        _lock(Ticket, ticket, expected_version)
        new_due, _warn, _answer = add_working_days(ticket.due_on, working_days)
        extension = Extension.objects.create(
            ticket=ticket,
            asked_on=today,
            working_days=working_days,
            new_deadline=new_due,
            reason=reason.strip(),
            asked_by=_user(actor),
        )
        _event(
            ticket,
            EventKind.EXTENSION_ASKED,
            actor,
            today,
            reason.strip(),
            working_days=working_days,
            new_due_on=new_due,
        )
    return extension


def ticket_answer_extension(
    *, actor: AnyUser, ticket: Ticket, expected_version: int, grant: bool, answer: str, today: dt.date | None = None
) -> Ticket:
    if not selectors.may_review(actor, ticket):
        raise PermissionDenied
    today = today or timezone.localdate()
    pending = ticket.extensions.filter(state=ExtensionState.ASKED).first()
    if pending is None:
        raise Problems(_("No extension is waiting for an answer."))
    if not grant and not answer.strip():
        raise Problems(_("Say why the extension is refused."))
    with transaction.atomic():
        _lock(Ticket, ticket, expected_version)
        pending.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
        pending.answered_on = today
        pending.answer = answer.strip()
        pending.save(update_fields=["state", "answered_on", "answer"])
        if grant:
            assert pending.working_days is not None  # noqa: S101
            ticket.due_on, ticket.due_warning, _answer = add_working_days(ticket.due_on, pending.working_days)
            ticket.working_days += pending.working_days
            ticket.step, ticket.step_on = Step.NONE, None
            ticket.save(update_fields=["due_on", "due_warning", "working_days", "step", "step_on"])
        _event(
            ticket,
            EventKind.EXTENSION_GRANTED if grant else EventKind.EXTENSION_REFUSED,
            actor,
            today,
            answer.strip(),
            due_on=ticket.due_on,
        )
    return ticket


def ticket_report(
    *,
    actor: AnyUser,
    ticket: Ticket,
    expected_version: int,
    report: str,
    uploads: Sequence[File[bytes]] = (),
    today: dt.date | None = None,
) -> Ticket:
    """The lead body reports the matter done (办结报告), with evidence."""
    if not selectors.may_handle(actor, ticket):
        raise PermissionDenied
    today = today or timezone.localdate()
    problems = []
    if ticket.state not in (TicketState.ISSUED, TicketState.RETURNED):
        problems.append(_("This ticket is not waiting for a report."))
    if not report.strip():
        problems.append(_("Write what was done."))
    if not uploads and not ticket.evidence.exists():
        problems.append(_("Attach the evidence of what was done."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        _lock(Ticket, ticket, expected_version)
        stored = _store_evidence(actor, uploads, ticket=ticket)
        ticket.state = TicketState.REPORTED
        ticket.save(update_fields=["state"])
        _event(
            ticket,
            EventKind.REPORTED,
            actor,
            today,
            report.strip(),
            evidence=[e.original_name for e in stored],
            late=today > ticket.due_on,
        )
    return ticket


def ticket_review(
    *, actor: AnyUser, ticket: Ticket, expected_version: int, accept: bool, note: str, today: dt.date | None = None
) -> Ticket:
    """The reviewer closes the ticket (办结) or returns it (退回) with what is still missing."""
    if not selectors.may_review(actor, ticket):
        raise PermissionDenied
    today = today or timezone.localdate()
    if ticket.state != TicketState.REPORTED:
        raise Problems(_("Only a reported ticket can be closed or returned."))
    if not accept and not note.strip():
        raise Problems(_("Say what is still missing when returning the ticket."))
    with transaction.atomic():
        _lock(Ticket, ticket, expected_version)
        ticket.state = TicketState.CLOSED if accept else TicketState.RETURNED
        ticket.closed_on = today if accept else None
        ticket.save(update_fields=["state", "closed_on"])
        _event(ticket, EventKind.CLOSED if accept else EventKind.RETURNED, actor, today, note.strip())
    return ticket


def ticket_escalate(*, ticket: Ticket, today: dt.date) -> str | None:
    """Move an open ticket to the escalation step its due date has reached (never back); the new step
    or None. Run by the daily job (:mod:`zeren.supervision.daily`)."""
    if ticket.state == TicketState.CLOSED:
        return None
    reached = timing.ticket_step(calendar(), due_on=ticket.due_on, today=today).step
    if timing.STEPS.index(reached) <= timing.STEPS.index(ticket.step):
        return None
    with transaction.atomic():
        updated = Ticket.objects.filter(pk=ticket.pk, step=ticket.step).update(
            step=reached, step_on=today, version=F("version") + 1
        )
        if not updated:
            return None
        ticket.step, ticket.step_on, ticket.version = reached, today, ticket.version + 1
        _event(ticket, EventKind.ESCALATED, None, today, str(Step(reached).label), step=reached)
    return reached


# listed hazards --------------------------------------------------------------------------------


def _listing_event(listing: ListedHazard, actor: AnyUser, action: str, **data: Any) -> None:
    record_event(
        actor=actor,
        action=f"supervision.listing.{action}",
        obj=listing,
        data={
            "notice": listing.notice_number,
            "state": listing.state,
            "deadline": listing.deadline.isoformat(),
            **{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
        },
        jurisdiction_path=listing.jurisdiction.path,
    )


def listing_create(
    *,
    actor: AnyUser,
    hazard: Hazard,
    notice_number: str,
    title: str,
    measures: str,
    responsible_body: Body,
    responsible_leader: Person,
    listed_on: dt.date,
    deadline: dt.date,
) -> ListedHazard:
    """List a major hazard for supervision at the actor's level (county, city or province)."""
    if not selectors.may_issue(actor):
        raise PermissionDenied
    lister: Jurisdiction | None = getattr(actor, "jurisdiction", None) or hazard.record.jurisdiction
    assert lister is not None  # noqa: S101
    place = hazard.record.jurisdiction
    problems = []
    if lister.level not in selectors.LISTING_LEVELS:
        problems.append(_("Major hazards are listed by a county, a city or a province, not by this level."))
    if not place.is_within(lister):
        problems.append(_("The hazard is not in your jurisdiction."))
    if ListedHazard.objects.filter(hazard=hazard).exists():
        problems.append(_("This hazard is already listed."))
    if not notice_number.strip():
        problems.append(_("Give the notice's number."))
    elif ListedHazard.objects.filter(notice_number=notice_number.strip()).exists():
        problems.append(_("Another listing already has this notice number."))
    if not title.strip() or not measures.strip():
        problems.append(_("Describe the hazard and the rectification required."))
    if hazard.rectified_on is not None:
        problems.append(_("This hazard is already rectified."))
    if listed_on > timezone.localdate():
        problems.append(_("A hazard cannot be listed on a future date."))
    if not timing.listing_deadline_ok(listed_on, deadline):
        problems.append(_("The deadline must be after the listing and at most one year from it."))
    if not responsible_body.jurisdiction.is_within(lister):
        problems.append(_("The responsible unit must be in your jurisdiction."))
    if problems:
        raise Problems(problems)
    due = timing.publish_due(calendar(), listed_on)
    assert due.date is not None  # noqa: S101
    with transaction.atomic():
        listing = ListedHazard.objects.create(
            hazard=hazard,
            jurisdiction=place,
            lister=lister,
            notice_number=notice_number.strip(),
            title=title.strip(),
            measures=measures.strip(),
            responsible_body=responsible_body,
            responsible_leader=responsible_leader,
            listed_on=listed_on,
            deadline=deadline,
            publish_due=due.date,
            created_by=_user(actor),
        )
        _listing_event(listing, actor, "listed", publish_due=due.date, hazard=hazard.pk)
    return listing


def listing_publish(*, actor: AnyUser, listing: ListedHazard, expected_version: int, on: dt.date) -> ListedHazard:
    """Record the publication (向社会公布) of the listing, or of its 摘牌销号 once delisted."""
    if not selectors.may_review_listing(actor, listing):
        raise PermissionDenied
    if on > timezone.localdate():
        raise Problems(_("The publication date cannot be in the future."))
    delisted = listing.state == ListingState.DELISTED
    since = listing.delisted_on if delisted else listing.listed_on
    assert since is not None  # noqa: S101
    if on < since:
        raise Problems(_("The publication cannot come before what it publishes."))
    if (listing.delist_published_on if delisted else listing.published_on) is not None:
        raise Problems(_("This is already published."))
    with transaction.atomic():
        _lock(ListedHazard, listing, expected_version)
        if delisted:
            listing.delist_published_on = on
        else:
            listing.published, listing.published_on = True, on
        listing.save(update_fields=["published", "published_on", "delist_published_on"])
        _listing_event(listing, actor, "published", on=on, delisting=delisted)
    return listing


def listing_ask_extension(
    *,
    actor: AnyUser,
    listing: ListedHazard,
    expected_version: int,
    new_deadline: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> Extension:
    """The responsible side asks to move the deadline — at least twenty working days before it."""
    if not selectors.may_handle_listing(actor, listing):
        raise PermissionDenied
    today = today or timezone.localdate()
    latest = timing.extension_latest(calendar(), listing.deadline)
    problems = []
    if listing.state != ListingState.LISTED:
        problems.append(_("This hazard is delisted."))
    elif today > latest:
        problems.append(
            _(
                "An extension must be asked at least %(n)s working days before the deadline of %(deadline)s, that is "
                "by %(latest)s; it can no longer be asked."
            )
            % {"n": timing.EXTENSION_BEFORE, "deadline": _d(listing.deadline), "latest": _d(latest)}
        )
    if new_deadline <= listing.deadline:
        problems.append(_("The new deadline must be later than the current one."))
    if listing.extensions.filter(state=ExtensionState.ASKED).exists():
        problems.append(_("An extension is already waiting for the answer."))
    if not reason.strip():
        problems.append(_("Give the reason for the extension."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        _lock(ListedHazard, listing, expected_version)
        extension = Extension.objects.create(
            listed_hazard=listing,
            asked_on=today,
            new_deadline=new_deadline,
            reason=reason.strip(),
            asked_by=_user(actor),
        )
        _listing_event(listing, actor, "extension_asked", new_deadline=new_deadline)
    return extension


def listing_answer_extension(
    *,
    actor: AnyUser,
    listing: ListedHazard,
    expected_version: int,
    grant: bool,
    answer: str,
    today: dt.date | None = None,
) -> ListedHazard:
    if not selectors.may_review_listing(actor, listing):
        raise PermissionDenied
    today = today or timezone.localdate()
    pending = listing.extensions.filter(state=ExtensionState.ASKED).first()
    if pending is None:
        raise Problems(_("No extension is waiting for an answer."))
    if not grant and not answer.strip():
        raise Problems(_("Say why the extension is refused."))
    with transaction.atomic():
        _lock(ListedHazard, listing, expected_version)
        pending.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
        pending.answered_on, pending.answer = today, answer.strip()
        pending.save(update_fields=["state", "answered_on", "answer"])
        if grant and pending.new_deadline is not None:
            listing.deadline = pending.new_deadline
            listing.save(update_fields=["deadline"])
        _listing_event(listing, actor, "extension_answered", granted=grant)
    return listing


def listing_delist(
    *,
    actor: AnyUser,
    listing: ListedHazard,
    expected_version: int,
    on: dt.date,
    note: str,
    uploads: Sequence[File[bytes]] = (),
) -> ListedHazard:
    """摘牌销号: the listing office verifies the rectification, with evidence."""
    if not selectors.may_review_listing(actor, listing):
        raise PermissionDenied
    problems = []
    if listing.state != ListingState.LISTED:
        problems.append(_("This hazard is already delisted."))
    if on > timezone.localdate() or on < listing.listed_on:
        problems.append(_("The delisting date must be between the listing and today."))
    if not note.strip():
        problems.append(_("Write how the rectification was verified."))
    if not uploads:
        problems.append(_("Attach the evidence of the rectification."))
    if problems:
        raise Problems(problems)
    due = timing.publish_due(calendar(), on)
    with transaction.atomic():
        _lock(ListedHazard, listing, expected_version)
        stored = _store_evidence(actor, uploads, listed_hazard=listing)
        listing.state, listing.delisted_on, listing.delisting_note = ListingState.DELISTED, on, note.strip()
        listing.delist_publish_due = due.date
        listing.save(update_fields=["state", "delisted_on", "delisting_note", "delist_publish_due"])
        hazard = listing.hazard
        if hazard.rectified_on is None:
            hazard.rectified_on = on
            hazard.save(update_fields=["rectified_on"])
        _listing_event(listing, actor, "delisted", on=on, evidence=[e.original_name for e in stored])
    return listing


def listing_mark_poor(
    *, actor: AnyUser, listing: ListedHazard, expected_version: int, poor: bool, reason: str
) -> ListedHazard:
    """The listing office says the rectification is poor (整改不力), with the reason — or no longer."""
    if not selectors.may_review_listing(actor, listing):
        raise PermissionDenied
    if poor and not reason.strip():
        raise Problems(_("Say why the rectification is poor."))
    with transaction.atomic():
        _lock(ListedHazard, listing, expected_version)
        listing.poor, listing.poor_reason = poor, reason.strip() if poor else ""
        listing.save(update_fields=["poor", "poor_reason"])
        _listing_event(listing, actor, "poor" if poor else "not_poor", reason=reason.strip())
    return listing


# summonses -------------------------------------------------------------------------------------


def summons_record(
    *,
    actor: AnyUser,
    due: selectors.DueSummons,
    held_on: dt.date,
    attendees: str,
    requirements: str,
    follow_up_body: Body | None,
    follow_up_days: int | None,
) -> SummonsHeld:
    """Record a summons held (date, attendees, 整改要求) and raise the follow-up ticket from it."""
    if not selectors.may_issue(actor) or not access.can_see_jurisdiction(actor, due.jurisdiction):
        raise PermissionDenied
    problems = []
    if due.held is not None:
        problems.append(_("This summons is already recorded."))
    if held_on > timezone.localdate() or held_on < due.summons.due_on:
        problems.append(_("The summons is held after it became due and no later than today."))
    if not attendees.strip():
        problems.append(_("List who attended."))
    if not requirements.strip():
        problems.append(_("Write the rectification requirements given."))
    if (follow_up_body is None) != (follow_up_days is None):
        problems.append(_("For the follow-up ticket give both the lead body and the working days."))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        held = SummonsHeld.objects.create(
            jurisdiction=due.jurisdiction,
            rule=due.summons.rule,
            pattern=due.summons.pattern,
            due_on=due.summons.due_on,
            accidents=[a.pk for a in due.accidents],
            policy_id=due.policy_id,
            policy_version=due.policy_version,
            verdict=due.summons.as_dict(),
            held_on=held_on,
            attendees=attendees.strip(),
            requirements=requirements.strip(),
            recorded_by=_user(actor),
        )
        record_event(
            actor=actor,
            action="supervision.summons.held",
            obj=held,
            data={"rule": held.rule, "due_on": held.due_on.isoformat(), "held_on": held_on.isoformat()},
            jurisdiction_path=due.jurisdiction.path,
        )
        if follow_up_body is not None and follow_up_days is not None:
            ticket_issue(
                actor=actor,
                title=_("Rectification after the summons of %(place)s") % {"place": due.jurisdiction.name},
                requirement=requirements.strip(),
                lead_body=follow_up_body,
                assisting=[],
                source_kind=SourceKind.SUMMONS,
                source_label=_("Summons held on %(day)s") % {"day": _d(held_on)},
                issued_on=held_on,
                working_days=follow_up_days,
                summons=held,
            )
    return held


def calendar_warning_for(answer: Any) -> str:
    return warning(answer)
