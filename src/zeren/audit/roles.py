"""The PostgreSQL privileges of the role the app runs as in production (docs/audit.md "Roles").

The owner role (``zeren migrate``) owns every table, so it could lift the audit table's triggers.
The app role (``zeren serve``, the worker, cron) owns nothing: it may read and write the other
tables and only SELECT and INSERT the audit trail — no UPDATE, DELETE or TRUNCATE, and, not being
the owner, no ``ALTER TABLE … DISABLE TRIGGER`` either. ``zeren audit_grants ROLE`` prints these
statements for the owner to run after every ``migrate`` (they are idempotent).
"""

from __future__ import annotations

import re

from zeren.audit.models import AuditEvent

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def app_role_grants(*, role: str, owner: str, schema: str = "public") -> list[str]:
    """The SQL that gives ``role`` what the app needs and keeps the audit trail append-only for it."""
    for name in (role, owner, schema):
        if not ROLE_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a plain PostgreSQL name (lower-case letters, digits, _)")
    audit = f"{schema}.{AuditEvent._meta.db_table}"
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {audit} FROM {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {audit} FROM PUBLIC",
    ]
