"""The joins between the apps, in Chromium: the city office raises a supervision ticket from a tour's
finding (the form arrives pre-filled, the ticket keeps its source), and the organisation department
sees the finding naming the official, with its rectification, in the dossier."""


import pytest

from browser.shots import shot
from tours.helpers import planned
from zeren.supervision.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def as_user(browser, live_server, user, width=1366):
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("form:has(#id_username) button[type=submit]")
    tab.wait_for_load_state()
    return tab


def test_a_ticket_from_a_finding_and_the_finding_in_the_dossier(browser, live_server, world, city_office, organisation):
    toured = planned(world, city_office)
    tab = as_user(browser, live_server, city_office)
    tab.goto(f"/tours/{toured.tour.pk}/")
    shot(tab, "wiring-tour-1366")
    tab.locator("[data-testid=raise-ticket]").first.click()
    tab.wait_for_load_state()
    assert tab.input_value("#id_title") == "区政府常务会议全年未专题研究安全生产工作"
    assert tab.input_value("#id_source_reference") == "常安办〔2025〕12号"
    tab.fill("#id_issued_on", "2025-06-02")
    shot(tab, "wiring-ticket-form-1366")
    tab.click("[data-testid=issue]")
    tab.wait_for_load_state()
    ticket = Ticket.objects.get()
    assert ticket.source_kind == "finding" and tab.url.endswith(f"/supervision/{ticket.pk}/")
    for width in (1366, 390):
        dossier = as_user(browser, live_server, organisation, width=width)
        dossier.goto(f"/cases/dossier/{toured.county_a.deputy_for_safety.pk}/?on=2025-06-01")
        row = dossier.locator("[data-testid=dossier-finding]")
        assert row.count() == 1
        assert "尚未列入整改清单" in row.inner_text()
        shot(dossier, f"wiring-dossier-{width}")
