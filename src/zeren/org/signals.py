"""What zeren.org tells other apps (zeren.org never imports them).

``inputs_changed`` is sent inside the writing transaction after a change the compliance verdicts
depend on: a tenure, a post's role, body or sectors, a department's kind, a policy binding, a move
or a level change in the jurisdiction tree, an organisation import. Arguments (keywords):

* ``posts``: ids of the posts concerned, and/or ``jurisdictions``: ids of jurisdictions whose whole
  subtree is concerned;
* ``since``: the earliest day the change concerns, or None when it concerns every day (a post's role);
* ``actor``: who made the change (a user, or None for the command line); ``reason``: what changed,
  e.g. ``"org.policy_binding.created"`` (the change's own audit action).

zeren.records follows it with its one trigger, :func:`zeren.records.triggers.inputs_changed`, which
brings the verdicts up to date at once or, for a large scope, in a background task.
"""

from __future__ import annotations

import django.dispatch

inputs_changed = django.dispatch.Signal()
