"""The personal iCalendar feed (RFC 5545) of due duties: one all-day event on the last day of each
period in which an obligation of the user's current posts is not yet met, with a reminder three
days before. Calendar apps subscribe to the secret URL; revoking the feed makes it 404. The database
holds only the digest of the URL's token.

There is one feed per user: an app above zeren.records adds its own events to it by offering
``<app>/feed.py`` with ``def events(user, today) -> list[icalendar.Event]`` (found like the
navigation's ``<app>/navigation.py``, so this module never imports the apps above it by name) —
e.g. zeren.supervision's tickets due."""

from __future__ import annotations

import datetime as dt
import importlib
from functools import cache
from types import ModuleType

from django.apps import apps
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from zeren.records.models import CalendarFeed, ComplianceRow
from zeren.records.selectors import current_appointments, obligation_info
from zeren.records.vocabulary import ACTIVITY_LABELS
from zeren.tokens import token_digest


def feed_for_token(token: str) -> CalendarFeed | None:
    """The working feed whose URL carries ``token`` (looked up by its digest), if any."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


def due_rows(user: object, today: dt.date) -> list[ComplianceRow]:
    """The not-yet-met obligation-periods of the user's current posts that end today or later."""
    appointments = current_appointments(user, today)  # type: ignore[arg-type]
    return list(
        ComplianceRow.objects.filter(appointment__in=appointments, status="open", period_end__gte=today)
        .select_related("post__body__jurisdiction")
        .order_by("period_end", "obligation")
    )


@cache
def _feed_modules() -> list[ModuleType]:
    """The ``<app>.feed`` modules of the zeren apps that offer events for the personal feed."""
    modules = []
    for app in apps.get_app_configs():
        if not app.name.startswith("zeren.") or app.name == "zeren.records":
            continue
        try:
            modules.append(importlib.import_module(f"{app.name}.feed"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.feed":
                raise
    return modules


def ical_bytes(user: object, today: dt.date) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//zeren//duty performance//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "zeren 履职到期提醒")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for row in due_rows(user, today):
        title, cites = obligation_info(row.policy_id, row.policy_version, row.obligation)
        event = Event()
        event.add("uid", f"{row.appointment_id}-{row.obligation}-{row.period}@zeren")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.period_end)
        event.add("dtend", row.period_end + dt.timedelta(days=1))
        event.add("summary", f"到期：{title}（{row.post.title}，{row.period}）")
        lines = [
            f"{ACTIVITY_LABELS.get(row.activity, row.activity)}：已完成 {row.done} 次，要求至少 {row.required} 次。",
            f"期间：{row.period_start.isoformat()} 至 {row.period_end.isoformat()}。",
            *[f"依据：{c.label} {c.text}" for c in cites],
        ]
        event.add("description", "\n".join(lines))
        event.add("categories", ["zeren"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"3 天后到期：{title}")
        alarm.add("trigger", dt.timedelta(days=-3))
        event.add_component(alarm)
        cal.add_component(event)
    for module in _feed_modules():
        for extra in module.events(user, today):
            extra.add("dtstamp", stamp)
            cal.add_component(extra)
    return bytes(cal.to_ical())
