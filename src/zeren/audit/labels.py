"""How the audit trail's actions and actors read on a page: a Chinese label for every action (the
action's own name, e.g. ``records.create``, stays in the technical details), and the actor's name rather
than the login name. The cases and accidents apps keep the labels of their own actions next to their
presentation and pass them in; every other action is named here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeren.audit.models import AuditEvent

ACTION_LABELS = {
    "records.create": gettext_lazy("record of duties performed added"),
    "records.update": gettext_lazy("record of duties performed edited"),
    "records.delete": gettext_lazy("record of duties performed deleted"),
    "records.evidence_remove": gettext_lazy("evidence removed"),
    "records.confirm": gettext_lazy("record confirmed by the official it credits"),
    "records.dispute": gettext_lazy("record disputed by the official it credits"),
    "compliance.recompute_queued": gettext_lazy("verdicts queued for recomputation"),
    "duty_list.generate": gettext_lazy("duty list draft generated"),
    "duty_list.publish": gettext_lazy("duty list published"),
    "duty_item.add_local": gettext_lazy("local duty added"),
    "duty_item.update": gettext_lazy("duty edited"),
    "duty_item.remove": gettext_lazy("duty removed"),
    "org.jurisdictions_imported": gettext_lazy("jurisdictions imported"),
    "org.body.created": gettext_lazy("body added"),
    "org.body.updated": gettext_lazy("body edited"),
    "org.post.created": gettext_lazy("post added"),
    "org.post.updated": gettext_lazy("post edited"),
    "org.person.created": gettext_lazy("person added"),
    "org.person.updated": gettext_lazy("person edited"),
    "org.appointment.created": gettext_lazy("appointment added"),
    "org.appointment.updated": gettext_lazy("appointment edited"),
    "org.policy_binding.created": gettext_lazy("regulation in force recorded"),
    "org.policy_binding.superseded": gettext_lazy("regulation in force superseded"),
    "jobs.job.rerun": gettext_lazy("background work run again"),
}


def action_label(action: str, labels: Mapping[str, Any] | None = None) -> str:
    """The action in words: from ``labels`` (an app's own), else from the table above, else by the
    kind of change its name ends with — never the name itself."""
    if labels and action in labels:
        return str(labels[action])
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    last = action.rsplit(".", 1)[-1]
    if last in {"create", "created", "add", "added"}:
        return _("added")
    if last in {"delete", "deleted", "remove", "removed"}:
        return _("removed")
    return _("changed")


def actor_label(event: AuditEvent) -> str:
    """Who did it: the account's name (周立安), the login name only when the account is gone, and the
    system for changes no person made."""
    if event.actor is not None:
        return str(event.actor.display_name)
    return event.actor_name or _("the system")
