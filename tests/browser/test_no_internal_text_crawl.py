"""No internal text on any page, as every demo persona: Chromium crawls the demo (loaded as `zeren demo`
loads it) from the home page and the navigation, breadth first, and reads each page's visible text —
``innerText`` with every ``<details>`` opened except the staff's technical toggle
(templates/zeren/_technical.html), plus the tab title and the title/placeholder/alt/aria-label a person
reads. The pattern list and the allow-list are in tests/internal_text.py.

One test for all personas: the demo loads once (about 15 s), and the report lists every offending page
of every persona with the offending snippet."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from internal_text import Frontier, local_links, offences, page_patterns, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reads a page as a person sees it; returns its links first (before the toggles are taken out).
READ_PAGE = """() => {
  const links = Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'));
  document.querySelectorAll('details.technical').forEach(d => d.remove());
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const said = [];
  document.querySelectorAll('[title], [placeholder], [aria-label], img[alt]').forEach(e => {
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
      if (e.getAttribute(name)) said.push(e.getAttribute(name));
    }
  });
  return {links, text: [document.title, document.body ? document.body.innerText : '', ...said].join('\\n')};
}"""

START_PAGES = ["/policy/review/"]
"""Pages a person opens by address (the regulation review is named in the docs, not in the menu)."""

PAGES_PER_PERSONA = 90
"""Enough to reach every kind of page a persona has (at most two of a kind: see internal_text.shape);
the largest persona reaches about 80."""


def _here(page):
    parts = urlsplit(page.url)
    return parts.path + ("?" + parts.query if parts.query else "")


def _crawl(page, patterns):
    frontier = Frontier(limit=PAGES_PER_PERSONA)
    frontier.offer(["/", _here(page), *START_PAGES])  # home, where login landed, pages not linked
    found, errors = {}, []
    while (url := frontier.next()) is not None:
        response = page.goto(url)
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            continue
        if response.status >= 500:
            errors.append(f"{url}: HTTP {response.status}")
        if _here(page) != url:
            frontier.offer([_here(page)])
        seen = page.evaluate(READ_PAGE)
        frontier.offer(local_links(seen["links"], page.url))
        if bad := offences(seen["text"], patterns):
            found[url] = bad
    return frontier.visited, found, errors


def test_no_page_shows_internal_ids_hashes_or_english_to_any_persona(browser, live_server):
    from django.core.management import call_command

    from zeren.demo.data import ACCOUNTS, DEMO_PASSWORD

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the command's chatter
    patterns = page_patterns()
    findings, crawled, errors, reached = {}, {}, [], set()
    for username in ["", *(account.username for account in ACCOUNTS)]:
        persona = username or "anonymous"
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(90_000)  # the review page runs the pack's cases; the machine may be busy
        if username:
            page.goto("/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("main button[type=submit]:has-text('登录')")
            page.wait_for_load_state()
            assert "/accounts/login/" not in page.url, f"{persona} could not log in"
        else:
            page.goto("/")
        visited, found, failed = _crawl(page, patterns)
        context.close()
        crawled[persona] = len(visited)
        reached.update(visited)
        errors.extend(f"{persona} {line}" for line in failed)
        if found:
            findings[persona] = found
    print("pages crawled per persona:", crawled)
    assert not errors, "\n".join(errors)
    assert all(count >= 5 for persona, count in crawled.items() if persona != "anonymous"), crawled
    # The crawl reaches the detail pages (a duty list, a post, a person, a record, an accident, a case,
    # the dashboard's drill-down, the regulation review), not just the lists.
    for kind in ("/duties/list/", "/duties/post/", "/org/people/", "/records/", "/accidents/", "/cases/"):
        assert any(url.startswith(kind) and url[len(kind) : len(kind) + 1].isdigit() for url in reached), kind
    assert any(url.startswith("/records/dashboard/") and any(c.isdigit() for c in url) for url in reached)
    assert any(url.startswith("/policy/review/?pack=") for url in reached)
    bad_pages = sum(len(pages) for pages in findings.values())
    assert not findings, f"{bad_pages} pages show internal text:\n{report(findings)}"
