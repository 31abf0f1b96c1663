"""The pages under the Content-Security-Policy in Chromium: the main pages, the dashboard's charts and
Swagger UI work with no policy violation and no console error, and jurisdiction names written as
script (from an imported tree) run nothing when the treemap shows them."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT_NAME = "</script><script>window.__xss=1</script>"
IMG_NAME = "<img src=x onerror=window.__xss=1>"
# Runs before any page script (Playwright injects it outside the page's CSP): records violations.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


@pytest.fixture
def hostile_tree(world):
    """常州市's two counties renamed to script payloads, each with a district head in post, verdicts computed."""
    from django.utils import timezone

    from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
    from zeren.records.compliance import compliance_recompute

    PolicyBinding.objects.create(jurisdiction=world.city, pack_id="changzhou-2018", valid_from=dt.date(2018, 12, 14))
    for county, name in ((world.county_a, SCRIPT_NAME), (world.county_b, IMG_NAME)):
        body = Body.objects.create(code=f"{county.code}-ZF", name="区人民政府", jurisdiction=county, kind="government")
        post = Post.objects.create(code=f"{county.code}-GH", title="区长", body=body, role="government_head")
        person = Person.objects.create(name=f"任{county.code}", jurisdiction=county)
        Appointment.objects.create(person=person, post=post, start=dt.date(2020, 1, 1))
        Jurisdiction.objects.filter(pk=county.pk).update(name=name)
    compliance_recompute(year=timezone.localdate().year)


@pytest.fixture
def watched(page):
    """The test's tab, recording console errors and CSP violations."""
    errors: list[str] = []

    def console(message) -> None:
        # The site has no favicon; the browser's own request for one is no fault of the page.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WATCH_VIOLATIONS)
    page.errors = errors
    return page


def assert_clean(page) -> None:
    assert page.evaluate("window.__violations") == [], page.url
    assert page.errors == [], page.url


def hover_every_treemap_cell(page) -> int:
    cells = page.locator("#chart-children svg path")
    count = cells.count()
    for i in range(count):
        box = cells.nth(i).bounding_box()
        if box and box["width"] > 4 and box["height"] > 4:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(150)
    return count


def test_names_written_as_script_run_nothing_on_the_dashboard(watched, log_in, hostile_tree, city_office):
    page = watched
    log_in(city_office)
    page.goto("/records/dashboard/320400/")
    page.wait_for_selector("#chart-children svg")
    assert hover_every_treemap_cell(page) >= 2
    tooltip_text = page.evaluate(
        "Array.from(document.querySelectorAll('#chart-children div')).map(d => d.textContent).join(' ')"
    )
    assert "onerror=window.__xss=1" in tooltip_text or "window.__xss=1" in tooltip_text
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#chart-children img").count() == 0
    assert page.get_by_test_id("child-320412").locator("a").inner_text() == SCRIPT_NAME
    assert_clean(page)


def test_the_main_pages_work_under_the_policy(watched, log_in, hostile_tree, city_office, live_server):
    from django.utils import timezone

    page = watched
    page.goto("/")
    assert_clean(page)
    log_in(city_office)
    assert_clean(page)
    for path in ("/org/", "/org/320400/", "/duties/", "/accidents/", "/cases/", "/cases/published/", "/records/"):
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        assert_clean(page)

    page.goto("/records/dashboard/320400/")
    page.wait_for_selector("#chart-trend svg")
    trend = page.locator("#chart-trend").bounding_box()
    page.mouse.move(trend["x"] + trend["width"] / 2, trend["y"] + trend["height"] / 2)
    page.wait_for_timeout(200)
    # The year selector submits itself without an inline handler.
    last_year = str(timezone.localdate().year - 1)
    with page.expect_navigation():
        page.select_option("#year-select", last_year)
    assert f"year={last_year}" in page.url
    assert_clean(page)

    page.goto("/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() > 5
    assert_clean(page)


def test_the_calendar_address_is_selected_by_a_click_without_an_inline_handler(watched, log_in, official_a):
    page = watched
    log_in(official_a)
    page.goto("/records/calendar/")
    page.get_by_test_id("make-feed").click()
    page.wait_for_load_state()
    page.get_by_test_id("feed-url").click()
    selected = page.evaluate("(() => { const i = document.querySelector('[data-testid=feed-url]'); "
                             "return i.selectionEnd - i.selectionStart; })()")
    assert selected == len(page.get_by_test_id("feed-url").input_value())
    assert_clean(page)
