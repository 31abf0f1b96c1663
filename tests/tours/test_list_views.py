"""The findings and rectification items lists: filters, bad filters, escalated items, .xlsx export."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tours.helpers import D, planned, rectifying

pytestmark = pytest.mark.django_db


def test_the_findings_list_filters_by_level(client, world, city_office, office_b):
    planned(world, city_office)
    client.force_login(city_office)
    page = client.get(reverse("tours:findings"), {"level": "enterprise"}).content.decode()
    assert "动火作业" in page and "常务会议" not in page
    assert (
        client.get(reverse("tours:findings"), {"date_from": "2025-05-01", "date_to": "2025-01-01"}).status_code == 400
    )
    client.force_login(office_b)
    assert "动火作业" not in client.get(reverse("tours:findings")).content.decode()


def test_the_city_sees_the_items_escalated_to_it(client, world, city_office, office_a):
    t = planned(world, city_office)
    rectifying(t, office_a, deadline=D(2025, 6, 30))
    call_command("escalate_rectification", "--date", "2025-07-01")
    client.force_login(city_office)
    page = client.get(reverse("tours:items"), {"escalated": "true", "status": "not_closed"}).content.decode()
    assert "共2项" in page
    assert "上报至常州市" in page or "escalated to 常州市" in page
    client.force_login(office_a)
    assert "共0项" in client.get(reverse("tours:items"), {"escalated": "true"}).content.decode()


def test_a_bad_filter_is_said_plainly(client, world, city_office):
    client.force_login(city_office)
    response = client.get(reverse("tours:items"), {"status": "lost", "jurisdiction": "999999"})
    assert response.status_code == 400
    assert client.get(reverse("tours:items"), {"after": "garbage"}).status_code == 400


def test_the_items_export_as_xlsx(client, world, city_office, office_a):
    t = planned(world, city_office)
    rectifying(t, office_a)
    client.force_login(office_a)
    response = client.get(reverse("tours:items_xlsx"), {"status": "not_closed"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "整改：区政府常务会议全年未专题研究安全生产工作" in text and "武进区应急管理局" in text
    assert client.get(reverse("tours:items_xlsx"), {"status": "lost"}).status_code == 400


def test_an_export_too_big_asks_to_narrow_the_filter(client, world, city_office, office_a, settings):
    settings.ZEREN_EXPORT_INLINE_ROWS = 1
    t = planned(world, city_office)
    rectifying(t, office_a)
    client.force_login(office_a)
    response = client.get(reverse("tours:items_xlsx"))
    assert response.status_code == 400 and "export-problems" in response.content.decode()
