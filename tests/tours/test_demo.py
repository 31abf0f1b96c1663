"""The tours' demo data: a tour with findings, a plan with one item signed off and one escalated."""

import pytest
from django.core.management import call_command

from zeren.tours.models import ItemStatus, RectificationItem, Tour

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_tour_and_its_rectification_and_loads_once(capsys):
    call_command("load_demo")
    call_command("load_demo")
    tour = Tour.objects.get()
    assert tour.findings.count() == 2 and tour.status == "feedback"
    items = RectificationItem.objects.order_by("number")
    assert [i.status for i in items] == [ItemStatus.CLOSED, ItemStatus.OPEN]
    assert items[1].escalated_to.code == "320400"
