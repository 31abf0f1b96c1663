"""``zeren escalate_rectification``: overdue items go one level up, whose office is emailed once."""

import pytest
from django.core import mail
from django.core.management import call_command

from tours.helpers import D, planned, rectifying
from zeren.tours.models import RectificationItem

pytestmark = pytest.mark.django_db


def test_the_city_office_is_reminded_once_of_the_items_escalated_to_it(world, city_office, office_a, capsys):
    city_office.email = "city@example.org"
    city_office.save()
    t = planned(world, city_office)
    rectifying(t, office_a, deadline=D(2025, 6, 30))
    call_command("escalate_rectification", "--date", "2025-07-01")
    assert "2 items escalated" in capsys.readouterr().out
    assert RectificationItem.objects.filter(escalated_to=world.city).count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["city@example.org"]
    assert "武进区" in mail.outbox[0].body
    call_command("escalate_rectification", "--date", "2025-07-02")
    assert len(mail.outbox) == 1


def test_items_not_yet_due_stay(world, city_office, office_a):
    t = planned(world, city_office)
    rectifying(t, office_a, deadline=D(2025, 6, 30))
    call_command("escalate_rectification", "--date", "2025-06-30")
    assert not RectificationItem.objects.filter(escalated_to__isnull=False).exists()
