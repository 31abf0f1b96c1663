"""The supervision tickets in the personal calendar feed (zeren.records.calendar finds this module):
one all-day event on the due date of each open ticket the office account handles or reviews, with a
reminder three days before."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Event

from zeren.supervision.selectors import open_tickets_for_feed


def events(user: object, today: dt.date) -> list[Event]:
    found = []
    for ticket in open_tickets_for_feed(user, today).select_related("lead_body__jurisdiction")[:500]:
        event = Event()
        event.add("uid", f"supervision-ticket-{ticket.pk}@zeren")
        event.add("dtstart", ticket.due_on)
        event.add("dtend", ticket.due_on + dt.timedelta(days=1))
        event.add("summary", f"督办到期：{ticket.number} {ticket.title}")
        lines = [
            f"主办：{ticket.lead_body.jurisdiction.name} {ticket.lead_body.name}",
            f"签发：{ticket.issued_on.isoformat()}，{ticket.working_days} 个工作日，{ticket.due_on.isoformat()} 到期。",
        ]
        if ticket.due_warning:
            lines.append(ticket.due_warning)
        event.add("description", "\n".join(lines))
        event.add("categories", ["zeren"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"3 天后到期：{ticket.number}")
        alarm.add("trigger", dt.timedelta(days=-3))
        event.add_component(alarm)
        found.append(event)
    return found
