"""Signals other apps follow when the organisation changes (zeren.org never imports them).

``posts_changed`` is sent inside the writing transaction after a post or a tenure changed, with
``post_ids`` (the posts concerned) and ``since`` (the earliest day the change concerns, or None when
it concerns every day: a post's role or sectors). zeren.records brings those posts' compliance
verdicts up to date, so that a new holder sees their duties at once.
"""

from __future__ import annotations

import django.dispatch

posts_changed = django.dispatch.Signal()
