"""``zeren load_demo``: the demo organisation and accounts. Running it again changes nothing
but resetting the demo passwords."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from zeren.accounts.models import Role, User
from zeren.demo.data import ACCOUNTS, DEMO_PASSWORD, JURISDICTIONS, OFFICIAL_POST
from zeren.demo.organisation import load as load_organisation
from zeren.org.models import Appointment, Jurisdiction, Person
from zeren.org.services import JurisdictionRow, jurisdictions_upsert


class Command(BaseCommand):
    help = "Load the demo jurisdictions (常州, 河北) and one account per role (fictional people)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        change = jurisdictions_upsert(
            rows=[
                JurisdictionRow(code=code, name=name, level=level, parent_code=parent)
                for code, name, level, parent in JURISDICTIONS
            ],
            actor=None,
        )
        organisation = load_organisation()
        official_person = (
            Appointment.objects.filter(post__code=OFFICIAL_POST, end__isnull=True).select_related("person").first()
        )
        for account in ACCOUNTS:
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            user.last_name, user.first_name = account.family_name, account.given_name
            if account.role:
                jurisdiction = Jurisdiction.objects.get(code=account.jurisdiction)
                user.role, user.jurisdiction = account.role, jurisdiction
                user.is_superuser = user.is_staff = False
                if account.role == Role.OFFICIAL and user.person_id is None:
                    user.person = (
                        official_person.person
                        if official_person is not None
                        else Person.objects.create(
                            name=account.family_name + account.given_name, jurisdiction=jurisdiction
                        )
                    )
                    if official_person is not None:
                        user.last_name, user.first_name = user.person.name[0], user.person.name[1:]
            else:
                user.role, user.jurisdiction = "", None
                user.is_superuser = user.is_staff = True
            user.set_password(DEMO_PASSWORD)
            user.save()
        for app in apps.get_app_configs():
            # Each capability adds its demo records in ``<app>/demo.py`` with ``load() -> str``.
            if app.name.startswith("zeren.") and app.name != "zeren.demo":
                try:
                    module = importlib.import_module(f"{app.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app.name}.demo":
                        raise
                    continue
                self.stdout.write(str(module.load()))
        self.stdout.write(
            _("Demo organisation: %(posts)s posts, %(people)s people, %(appointments)s appointments") % organisation
        )
        self.stdout.write(
            _("Demo data: %(created)s jurisdictions created, %(unchanged)s already there; %(accounts)s accounts")
            % {"created": len(change.created), "unchanged": len(change.unchanged), "accounts": len(ACCOUNTS)}
        )
