"""`zeren load_demo`: both jurisdictions, one account per role, idempotent."""

from django.core.management import call_command

from zeren.accounts import access
from zeren.accounts.models import User
from zeren.org.models import Jurisdiction


def test_it_loads_changzhou_and_hebei_and_can_run_twice(db):
    call_command("load_demo")
    call_command("load_demo")
    assert Jurisdiction.objects.get(code="320400").name == "常州市"
    assert Jurisdiction.objects.get(code="Z32040001").level == "zone"
    assert Jurisdiction.objects.get(code="133100").level == "new_area"
    assert Jurisdiction.objects.get(code="130682").level == "city"
    assert User.objects.filter(role="official").get().person is not None
    assert User.objects.filter(is_superuser=True).count() == 1


def test_the_demo_accounts_are_scoped_as_printed(db):
    call_command("load_demo")
    wujin = User.objects.get(username="wujin-office")
    seen = {j.code for j in access.jurisdictions_for(wujin)}
    assert "320412100" in seen
    assert "320411" not in seen
    assert wujin.check_password("zeren-demo")
