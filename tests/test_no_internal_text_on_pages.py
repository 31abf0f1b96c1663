"""No internal text on any page, as every demo persona — the fast twin of
tests/browser/test_no_internal_text_crawl.py: the Django test client crawls the same pages with the same
frontier and patterns (tests/internal_text.py), and reads the HTML's text as a person would: without
scripts, hidden elements and the staff's technical toggle (templates/zeren/_technical.html), with the
content of the other ``<details>`` (a click away), the tab title, and the title/placeholder/alt/aria-label
attributes. What CSS hides is not known here; the browser test reads the rendered page."""

from __future__ import annotations

import pytest
from lxml import html

from internal_text import Frontier, local_links, offences, page_patterns, report

LEFT_OUT = (
    "//script | //style | //template | //noscript | //*[@hidden]"
    " | //details[contains(concat(' ', normalize-space(@class), ' '), ' technical ')]"
)


def visible_text(content: str) -> tuple[str, list[str]]:
    """The text a person reads on the page, and its links."""
    document = html.fromstring(content)
    links = [str(href) for href in document.xpath("//a/@href")]
    for element in document.xpath(LEFT_OUT):
        element.drop_tree()
    said = [
        value
        for element in document.xpath("//*[@title or @placeholder or @aria-label or @alt]")
        for name in ("title", "placeholder", "aria-label", "alt")
        if (value := element.get(name))
    ]
    body = document.find("body")
    title = document.findtext(".//title") or ""
    return "\n".join([title, body.text_content() if body is not None else "", *said]), links


def crawl(client, patterns) -> tuple[list[str], dict[str, list[str]]]:
    frontier = Frontier(limit=90)
    frontier.offer(["/", "/policy/review/"])
    found = {}
    while (url := frontier.next()) is not None:
        response = client.get(url)
        if response.status_code in (301, 302):
            frontier.offer([response["Location"]])
            continue
        assert response.status_code < 500, f"{url}: HTTP {response.status_code}"
        if "html" not in response.get("Content-Type", ""):
            continue
        text, links = visible_text(response.content.decode())
        frontier.offer(local_links(links, "http://testserver" + url))
        if bad := offences(text, patterns):
            found[url] = bad
    return frontier.visited, found


@pytest.mark.django_db
def test_no_page_shows_internal_ids_hashes_or_english_to_any_persona(client, settings):
    from django.core.management import call_command
    from django.test import Client

    from zeren.accounts.models import User
    from zeren.demo.data import ACCOUNTS

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the command's chatter
    patterns = page_patterns()
    findings, crawled, shapes = {}, {}, set()
    for username in ["", *(account.username for account in ACCOUNTS)]:
        persona = username or "anonymous"
        browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        if username:
            browser.force_login(User.objects.get(username=username))
        visited, found = crawl(browser, patterns)
        crawled[persona] = len(visited)
        shapes.update(visited)
        if found:
            findings[persona] = found
    print("pages crawled per persona:", crawled)
    # The crawl reaches the detail pages, not just the lists.
    for kind in ("/duties/list/", "/duties/post/", "/org/people/", "/accidents/", "/cases/", "/records/dashboard/"):
        assert any(url.startswith(kind) and any(c.isdigit() for c in url) for url in shapes), kind
    assert any(url.startswith("/policy/review/?pack=") for url in shapes)
    bad_pages = sum(len(pages) for pages in findings.values())
    assert not findings, f"{bad_pages} pages show internal text:\n{report(findings)}"
