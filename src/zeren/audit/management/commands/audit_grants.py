"""``zeren audit_grants ROLE``: print the GRANTs of the app's production role (PostgreSQL), for the
owner to run after every migrate: ``zeren audit_grants zeren_app | psql … -U zeren_owner``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from zeren.audit.roles import app_role_grants


class Command(BaseCommand):
    help = (
        "Print the SQL that lets ROLE run zeren with SELECT and INSERT only on the audit trail "
        "(no UPDATE, DELETE or TRUNCATE); run it as the owner of the tables after every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the role the app connects as (not the owner of the tables)")
        parser.add_argument(
            "--owner", help="the role that owns the tables and runs migrate (default: this connection's user)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("database roles are PostgreSQL's: SQLite has none (protect the file instead)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema()")
            current_user, schema = cursor.fetchone()
        owner = options["owner"] or current_user
        if options["role"] == owner:
            raise CommandError(f"{owner} owns the tables: the app must connect as another role")
        try:
            statements = app_role_grants(role=options["role"], owner=owner, schema=schema)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for statement in statements:
            self.stdout.write(statement + ";")
