"""``zeren audit_grants ROLE``: under the printed GRANTs the app role appends events and can do
nothing else to the audit trail, not even lift its triggers (PostgreSQL; SQLite has no roles)."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from zeren.audit.models import AuditEvent
from zeren.audit.roles import app_role_grants
from zeren.audit.services import record_event, verify_chain
from zeren.audit.triggers import triggers_lifted
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list[object] | None = None) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(refused.value)


def test_the_app_role_may_append_and_nothing_else(office_a: object) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="database roles are PostgreSQL's"):
            call_command("audit_grants", "zeren_app")
        return
    role = f"zeren_audit_app_{os.getpid()}"
    out = StringIO()
    call_command("audit_grants", role, stdout=out)
    assert f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON public.audit_auditevent FROM {role};" in (
        out.getvalue().splitlines()
    )
    j = Jurisdiction.objects.get(code="320412")
    first = record_event(actor=office_a, action="test.by_owner", obj=j)
    with connection.cursor() as cursor:  # rolled back with the test's transaction, role and all
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(out.getvalue())
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL ROLE {role}")
    second = record_event(actor=office_a, action="test.by_app", obj=j)
    assert second.prev_hash == first.hash
    for sql in (
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ):
        assert "permission denied for table audit_auditevent" in _refused(sql)
    assert "must be owner of table audit_auditevent" in _refused(
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER"
    )
    with pytest.raises(DatabaseError, match="must be owner"), triggers_lifted():
        pass
    assert Jurisdiction.objects.filter(pk=j.pk).update(name="武进区") == 1  # other tables stay writable
    assert AuditEvent.objects.count() == 2
    assert list(verify_chain()) == []


@pytest.mark.parametrize("role", ["Zeren-App", "app; DROP TABLE x", ""])
def test_it_refuses_a_role_name_that_is_not_plain(role: str) -> None:
    with pytest.raises(ValueError, match="is not a plain PostgreSQL name"):
        app_role_grants(role=role, owner="zeren_owner")
