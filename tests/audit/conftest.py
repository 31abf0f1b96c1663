"""The audit tests start from an empty trail: the shared tree fixture (``world``) is built through
the audited tree import, whose event is taken away here so each test sees only its own events."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def trail_without_the_tree_import(request):
    if "world" not in request.fixturenames:
        return
    request.getfixturevalue("world")
    from zeren.audit.models import AuditEvent
    from zeren.audit.triggers import triggers_lifted

    with triggers_lifted():
        AuditEvent.objects.filter(action="org.jurisdictions_imported").delete()
