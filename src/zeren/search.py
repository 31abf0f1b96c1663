"""The global search (the header's box, ``/search/?q=``): people, posts, case numbers and titles, and
accidents, grouped by kind — each kind loaded through the access layer, so a neighbouring county's
objects never appear and an official finds only the cases they are on. Each group shows the first
matches and links to its own list, filtered by the same words, for the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zeren.accidents.selectors import accidents_for
from zeren.accounts import access
from zeren.actions import form_problems
from zeren.cases.selectors import cases_for

SHOWN = 10


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)


@dataclass
class Group:
    """One kind of result: its heading, the first matches (each a title, a note and a link), whether
    there are more, and the link to its list filtered by the same words."""

    kind: str
    title: Any
    rows: list[tuple[str, str, str]]
    more: bool
    all_url: str


def _group(kind: str, title: Any, found: list[Any], row: Any, list_url: str, text: str) -> Group:
    return Group(
        kind=kind,
        title=title,
        rows=[row(obj) for obj in found[:SHOWN]],
        more=len(found) > SHOWN,
        all_url=f"{list_url}?{urlencode({'q': text})}",
    )


def groups_for(user: Any, text: str) -> list[Group]:
    """The matches of ``text`` by kind, in the user's scope; kinds without a match are left out."""
    people = list(access.people_for(user).filter(name__icontains=text).order_by("name", "pk")[: SHOWN + 1])
    posts = list(
        access.posts_for(user)
        .filter(Q(title__icontains=text) | Q(body__name__icontains=text))
        .order_by("body__jurisdiction__path", "title", "pk")[: SHOWN + 1]
    )
    cases = list(cases_for(user).filter(Q(number__icontains=text) | Q(title__icontains=text))[: SHOWN + 1])
    accidents = list(accidents_for(user).filter(Q(title__icontains=text) | Q(enterprise__icontains=text))[: SHOWN + 1])
    groups = [
        _group(
            "people", _("People"), people,
            lambda p: (p.name, p.jurisdiction.name, reverse("org:person", kwargs={"person_id": p.pk})),
            reverse("org:person_search"), text,
        ),
        _group(
            "posts", _("Posts"), posts,
            lambda p: (p.title, f"{p.body.jurisdiction.name} · {p.body.name}", reverse("org:post", args=[p.code])),
            reverse("org:post_search"), text,
        ),
        _group(
            "cases", _("Accountability cases"), cases,
            lambda c: (c.title, f"{c.number} · {c.get_state_display()}", reverse("cases:detail", args=[c.pk])),
            reverse("cases:list"), text,
        ),
        _group(
            "accidents", _("Accidents"), accidents,
            lambda a: (
                a.title,
                f"{a.occurred_at:%Y-%m-%d} · {a.jurisdiction.name} · {a.get_grade_display()}",
                reverse("accidents:detail", args=[a.pk]),
            ),
            reverse("accidents:list"), text,
        ),
    ]
    return [g for g in groups if g.rows]


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        problems = form_problems(form)
        context = {"form": form, "problems": problems, "text": "", "groups": []}
        return render(request, "search.html", context, status=problems.status)
    text = form.cleaned_data["q"]
    groups = groups_for(request.user, text) if text else []
    return render(request, "search.html", {"form": form, "problems": None, "text": text, "groups": groups})
