"""The daily job of supervision (``zeren supervision_daily``, or enqueued for ``zeren worker``): move
every open ticket to the escalation step its due date has reached (提示 → 催办 → 约谈 → 通报,
:func:`zeren.policy.supervision.ticket_step`) and email the offices concerned — the office of the
lead body's jurisdiction at every step, the issuing office too from 约谈 on. A step is reached once,
so each email is sent once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from zeren.accounts.models import Role, User
from zeren.supervision.models import Step, Ticket, TicketState
from zeren.supervision.services import ticket_escalate

ISSUER_FROM = ("summon", "notify")


@dataclass
class DailyResult:
    escalated: dict[str, int] = field(default_factory=dict)
    emails: int = 0
    without_email: int = 0


def _offices(jurisdiction_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.OFFICE, is_active=True, jurisdiction_id=jurisdiction_id))


def supervision_daily(*, today: dt.date) -> DailyResult:
    result = DailyResult()
    tickets = Ticket.objects.exclude(state=TicketState.CLOSED).select_related("lead_body__jurisdiction", "issuer")
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for ticket in tickets.iterator(chunk_size=500):
            step = ticket_escalate(ticket=ticket, today=today)
            if step is None:
                continue
            result.escalated[step] = result.escalated.get(step, 0) + 1
            to = _offices(ticket.lead_body.jurisdiction_id)
            if step in ISSUER_FROM and ticket.issuer_id != ticket.lead_body.jurisdiction_id:
                to += _offices(ticket.issuer_id)
            addresses = sorted({u.email for u in to if u.email})
            result.without_email += sum(1 for u in to if not u.email)
            if not addresses:
                continue
            label = Step(step).label
            body = "\n".join(
                [
                    _("%(step)s: supervision ticket %(number)s “%(title)s”.")
                    % {"step": label, "number": ticket.number, "title": ticket.title},
                    _("Lead body: %(body)s. Due on %(due)s.")
                    % {
                        "body": f"{ticket.lead_body.jurisdiction.name} {ticket.lead_body.name}",
                        "due": ticket.due_on.isoformat(),
                    },
                    "",
                    _("Report the completion with its evidence in zeren under “Supervision”."),
                ]
            )
            EmailMessage(
                subject=_("zeren: %(step)s — %(number)s") % {"step": label, "number": ticket.number},
                body=body,
                to=addresses,
                connection=connection,
            ).send()
            result.emails += 1
    return result
