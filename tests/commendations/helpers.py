"""A one-vote-veto restriction on a person, as a decided case leaves it."""

from __future__ import annotations

import datetime

from zeren.cases.models import Case, Restriction, Subject


def veto(person, post, *, start: datetime.date, until: datetime.date | None = None, lifted_on=None) -> Restriction:
    case, _ = Case.objects.get_or_create(
        number=f"测试问责〔{start.year}〕{person.pk}号",
        defaults={
            "title": "某事故责任追究",
            "jurisdiction": post.body.jurisdiction,
            "facts_date": start,
            "policy_id": "changzhou-2018",
            "policy_version": "test",
            "state": "decided",
        },
    )
    subject, _ = Subject.objects.get_or_create(case=case, person=person, defaults={"post": post})
    return Restriction.objects.create(
        person=person,
        subject=subject,
        kind="no_excellence_or_award",
        start=start,
        until=until,
        cites=["CZ-22"],
        because=["one_vote_veto"],
        policy_id="changzhou-2018",
        policy_version="test",
        lifted_on=lifted_on,
        lifted_reason="申诉撤销" if lifted_on else "",
    )
