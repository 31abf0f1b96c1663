"""``zeren load_demo``: the demo organisation and accounts. Running it again changes nothing
but resetting the demo passwords."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from zeren.accounts.models import Role, User
from zeren.demo.data import ACCOUNTS, DEMO_PASSWORD, JURISDICTIONS
from zeren.org.models import Jurisdiction, Person
from zeren.org.services import JurisdictionRow, jurisdictions_upsert


class Command(BaseCommand):
    help = "Load the demo jurisdictions (常州, 河北) and one account per role (fictional people)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        change = jurisdictions_upsert(
            rows=[
                JurisdictionRow(code=code, name=name, level=level, parent_code=parent)
                for code, name, level, parent in JURISDICTIONS
            ]
        )
        for account in ACCOUNTS:
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            user.last_name, user.first_name = account.family_name, account.given_name
            if account.role:
                jurisdiction = Jurisdiction.objects.get(code=account.jurisdiction)
                user.role, user.jurisdiction = account.role, jurisdiction
                user.is_superuser = user.is_staff = False
                if account.role == Role.OFFICIAL and user.person_id is None:
                    user.person = Person.objects.create(
                        name=account.family_name + account.given_name, jurisdiction=jurisdiction
                    )
            else:
                user.role, user.jurisdiction = "", None
                user.is_superuser = user.is_staff = True
            user.set_password(DEMO_PASSWORD)
            user.save()
        self.stdout.write(
            _(
                "Demo data: %(created)s jurisdictions created, %(unchanged)s already there; "
                "%(accounts)s accounts"
            )
            % {"created": len(change.created), "unchanged": len(change.unchanged), "accounts": len(ACCOUNTS)}
        )
