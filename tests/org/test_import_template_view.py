"""/org/template.xlsx: the import template."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def test_it_downloads_the_template(client, office_a):
    client.force_login(office_a)
    response = client.get(reverse("org:import_template"))
    assert response.status_code == 200
    assert "zeren-jurisdictions.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["code", "name", "level", "parent_code"]


def test_the_public_is_sent_to_log_in(client, db):
    response = client.get(reverse("org:import_template"))
    assert response.status_code == 302
