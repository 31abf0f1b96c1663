"""The one-vote vetoes in force (一票否决), as facts for the assessment pre-fill
(:mod:`zeren.assessments.prefill`, registered in :meth:`zeren.cases.apps.CasesConfig.ready`; this
app sits above the assessments in the layers).

A veto is the restrictions one decision put on one official because of the one-vote veto (their
``because`` names ``one_vote_veto``): it runs from their earliest start to their latest end (open
while one has no end; a lifted restriction ends on the day it was lifted). It counts for the
jurisdiction of the case and every assessed jurisdiction above it, as the case's accident does.
The core decides whether it is in force in the year. One query for all targets; the link goes to
the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse

from zeren.assessments.prefill import Facts, Needs, Target, register_fact_source
from zeren.cases.models import Restriction

VETO = "one_vote_veto"


def veto_facts(targets: Sequence[Target], year: int, _needs: Needs | None = None) -> dict[int, Facts]:
    out: dict[int, Facts] = {}
    if not targets:
        return out
    end = dt.date(year, 12, 31)
    roots: list[str] = []
    for path in sorted(t.path for t in targets):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    rows = Restriction.objects.filter(start__lte=end)
    if len(roots) <= 20:
        where = Q()
        for path in roots:
            where |= Q(subject__case__jurisdiction__path__startswith=path)
        rows = rows.filter(where)
    values = rows.order_by("subject_id", "start").values_list(
        "subject_id",
        "subject__case_id",
        "subject__case__jurisdiction__path",
        "person__name",
        "subject__post__title",
        "start",
        "until",
        "lifted_on",
        "because",
        "cites",
    )
    vetoes: dict[int, dict[str, Any]] = {}
    for subject, case, path, name, post, start, until, lifted, because, cites in values.iterator(chunk_size=5000):
        if VETO not in (because or []):
            continue  # JSON containment is not portable to SQLite; the rows are few
        ends = [d for d in (until, lifted) if d is not None]
        if lifted is not None and lifted <= start:
            continue
        stop = min(ends) if ends else None
        veto = vetoes.get(subject)
        if veto is None:
            vetoes[subject] = {
                "fact": {
                    "id": str(subject),
                    "official": f"{name}（{post}）",
                    "from": start,
                    "until": stop,
                    "cites": [],
                },
                "case": case,
                "path": path,
            }
            veto = vetoes[subject]
        fact = veto["fact"]
        fact["from"] = min(fact["from"], start)
        if fact["until"] is not None:
            fact["until"] = None if stop is None else max(fact["until"], stop)
        fact["cites"] += [c for c in cites or [] if c not in fact["cites"]]
    by_code = {t.code: t for t in targets}
    for subject, veto in vetoes.items():
        fact = dict(veto["fact"])
        fact["from"] = fact["from"].isoformat()
        fact["until"] = fact["until"].isoformat() if fact["until"] else None
        url = reverse("cases:detail", kwargs={"case": veto["case"]})
        for code in str(veto["path"]).strip("/").split("/"):
            target = by_code.get(code)
            if target is None:
                continue
            facts = out.setdefault(target.id, {"vetoes_in_force": [], "links": {"one_vote_veto": {}}})
            facts["vetoes_in_force"].append(fact)
            facts["links"]["one_vote_veto"][str(subject)] = url
    return out


def register() -> None:
    register_fact_source("vetoes_in_force", veto_facts)
