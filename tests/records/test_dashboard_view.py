"""The office dashboard: jurisdiction names from an imported tree reach the page only as escaped text,
and the page carries a Content-Security-Policy that allows no inline script."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)
SCRIPT_NAME = "</script><script>window.__xss=1</script>"
IMG_NAME = "<img src=x onerror=window.__xss=1>"


@pytest.fixture
def hostile_tree(world):
    """常州市's two counties renamed to script payloads (as an imported tree could name them), each
    with a district head in post so that both appear, with their rates, on the city's dashboard."""
    from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
    from zeren.records.compliance import compliance_recompute

    PolicyBinding.objects.create(jurisdiction=world.city, pack_id="changzhou-2018", valid_from=dt.date(2018, 12, 14))
    for county, name in ((world.county_a, SCRIPT_NAME), (world.county_b, IMG_NAME)):
        body = Body.objects.create(code=f"{county.code}-ZF", name="区人民政府", jurisdiction=county, kind="government")
        post = Post.objects.create(code=f"{county.code}-GH", title="区长", body=body, role="government_head")
        person = Person.objects.create(name=f"任{county.code}", jurisdiction=county)
        Appointment.objects.create(person=person, post=post, start=dt.date(2020, 1, 1))
        Jurisdiction.objects.filter(pk=county.pk).update(name=name)
    compliance_recompute(year=2025)


@time_machine.travel(NOW)
def test_names_from_the_tree_never_reach_the_page_as_markup(client, hostile_tree, city_office):
    client.force_login(city_office)
    response = client.get(reverse("records:dashboard", kwargs={"code": "320400"}) + "?year=2025")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="child-320412"' in page and 'data-testid="child-320411"' in page
    assert "<script>window.__xss" not in page and "</script><script>" not in page
    assert "<img src=x" not in page
    # The chart data still carries the names, escaped for a script element.
    assert '"\\u003C/script\\u003E\\u003Cscript\\u003Ewindow.__xss=1\\u003C/script\\u003E"' in page
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in page


@time_machine.travel(NOW)
def test_the_dashboard_has_no_inline_script_and_a_strict_policy(client, hostile_tree, city_office):
    client.force_login(city_office)
    response = client.get(reverse("records:dashboard", kwargs={"code": "320400"}) + "?year=2025")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    page = response.content.decode()
    assert " onchange=" not in page and " style=" not in page
