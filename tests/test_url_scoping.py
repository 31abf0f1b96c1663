"""Walk every route: a user of county A gets 403 or 404 on county B's objects.

Each URL kwarg needs a builder below that names one of county B's objects. A new route
whose kwargs have no builder fails this test, so no route can slip past the access layer.
Routes without kwargs name no object; they must be listed in UNSCOPED with a reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _county_b_org(world):
    """A body, post, person and appointment of county B (created once per test)."""
    import datetime

    from zeren.org.models import Appointment, Body, Person, Post

    body, _ = Body.objects.get_or_create(
        code="320411-ZF", defaults={"name": "新北区人民政府", "jurisdiction": world.county_b, "kind": "government"}
    )
    post, _ = Post.objects.get_or_create(
        code="320411-DS", defaults={"title": "新北区常务副区长", "body": body, "role": "deputy_for_safety"}
    )
    person, _ = Person.objects.get_or_create(name="新北区某人", jurisdiction=world.county_b)
    appointment, _ = Appointment.objects.get_or_create(
        person=person, post=post, defaults={"start": datetime.date(2020, 1, 1)}
    )
    return body, post, person, appointment


def _county_b_duty_draft(world):
    """A draft duty list (with one local item) of county B's post: never public, never county A's."""
    from zeren.duties.models import DutyItem, DutyList

    post = _county_b_org(world)[1]
    duty_list, _ = DutyList.objects.get_or_create(
        post=post,
        version=1,
        defaults={
            "pack_id": "changzhou-2018",
            "policy_title": "常州",
            "policy_version": "1",
            "applies": "direct",
            "read_as_level": "county",
            "generated_on": datetime.date(2025, 1, 1),
            "post_title": post.title,
            "role": post.role,
            "level": "county",
        },
    )
    item, _ = DutyItem.objects.get_or_create(
        duty_list=duty_list, key="local-1", defaults={"position": 1, "source": "local", "title": "本地职责"}
    )
    return duty_list, item


# The token of county B's revoked calendar feed (the database holds only its digest).
REVOKED_FEED_TOKEN = "revoked-county-b-feed"


def _county_b_feed_token(world):
    _county_b_record(world)
    return REVOKED_FEED_TOKEN


def _county_b_record(world):
    """A performance record of county B's post, with one evidence file and a revoked calendar feed."""
    from django.contrib.auth import get_user_model

    from zeren.records.models import CalendarFeed, Evidence, PerformanceRecord, RecordCredit
    from zeren.tokens import token_digest

    _body, post, person, appointment = _county_b_org(world)
    author, _ = get_user_model().objects.get_or_create(
        username="xinbei-recorder", defaults={"role": "office", "jurisdiction": world.county_b}
    )
    record, created = PerformanceRecord.objects.get_or_create(
        jurisdiction=world.county_b,
        activity="led_inspection",
        defaults={"occurred_on": datetime.date(2025, 3, 1), "created_by": author},
    )
    if created:
        RecordCredit.objects.create(
            record=record,
            post=post,
            appointment=appointment,
            person=person,
            capacity="leader",
            activity=record.activity,
            occurred_on=record.occurred_on,
        )
    evidence, _ = Evidence.objects.get_or_create(
        record=record,
        sha256="0" * 64,
        defaults={
            "file": "evidence/00/x.png",
            "original_name": "x.png",
            "media_type": "image/png",
            "size": 1,
            "uploaded_by": author,
        },
    )
    # A feed URL is its own key (no login); a revoked one must be refused like any other.
    feed, _ = CalendarFeed.objects.get_or_create(
        user=author,
        digest=token_digest(REVOKED_FEED_TOKEN),
        defaults={"revoked_at": datetime.datetime.now(datetime.UTC)},
    )
    return record, evidence, feed


def _county_b_case(world):
    """An accident of county B with a derived official, and a case on it (not published) with an
    official and an appeal."""
    from zeren.accidents.models import Accident, LeadershipResponsibility
    from zeren.cases.models import Appeal, Case, Subject

    _body, post, person, appointment = _county_b_org(world)
    accident, _ = Accident.objects.get_or_create(
        title="新北区某事故",
        jurisdiction=world.county_b,
        defaults={
            "sector": "安全生产",
            "occurred_at": datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC),
            "grade": "ordinary",
            "policy_id": "changzhou-2018",
            "policy_version": "test",
        },
    )
    row, _ = LeadershipResponsibility.objects.get_or_create(
        accident=accident, person=person, post=post, defaults={"appointment": appointment, "basis": "principal"}
    )
    case, _ = Case.objects.get_or_create(
        number="新北区问责〔2025〕1号",
        defaults={
            "title": "新北区某事故问责",
            "jurisdiction": world.county_b,
            "accident": accident,
            "facts_date": datetime.date(2025, 3, 1),
            "policy_id": "changzhou-2018",
            "policy_version": "test",
            "state": "appealed",
            "decided_on": datetime.date(2025, 6, 1),
        },
    )
    subject, _ = Subject.objects.get_or_create(case=case, person=person, defaults={"post": post})
    appeal, _ = Appeal.objects.get_or_create(
        case=case,
        subject=subject,
        defaults={"filed_on": datetime.date(2025, 6, 2), "to_body": "纪委", "grounds": "不服"},
    )
    return accident, row, case, subject, appeal


def _county_b_restriction(world):
    """An open-ended restriction (one-vote veto) on county B's official from the case's decision."""
    from zeren.cases.models import Restriction

    subject = _county_b_case(world)[3]
    restriction, _ = Restriction.objects.get_or_create(
        person=subject.person,
        subject=subject,
        kind="no_excellence_or_award",
        defaults={"start": datetime.date(2025, 6, 1), "policy_id": "changzhou-2018", "policy_version": "test"},
    )
    return restriction


def _county_b_assessment(world):
    """County B's own (draft) assessment of its townships, and county B's entry in the city's open
    assessment: neither is county A's."""
    from zeren.assessments.models import Assessment, AssessmentEntry

    common = {"scheme_version": "1", "scheme_digest": "x", "policy_id": "changzhou-2018", "policy_version": "test"}
    own, _ = Assessment.objects.get_or_create(
        jurisdiction=world.county_b,
        year=2025,
        scheme_id="township-demo",
        defaults={"title": "新北区乡镇考核", **common},
    )
    city, _ = Assessment.objects.get_or_create(
        jurisdiction=world.city,
        year=2025,
        scheme_id="changzhou-demo-2025",
        defaults={"title": "常州市考核", "state": "open", **common},
    )
    entry, _ = AssessmentEntry.objects.get_or_create(assessment=city, jurisdiction=world.county_b)
    return own, entry
def _county_b_supervision(world):
    """County B's supervision objects: a hazard found on its inspection, listed (not published), a
    ticket to its government with one evidence file, and a summons held."""
    from zeren.records.models import Hazard
    from zeren.supervision.models import ListedHazard, SummonsHeld, SupervisionEvidence, Ticket

    body, _post, person, _appointment = _county_b_org(world)
    record = _county_b_record(world)[0]
    hazard, _ = Hazard.objects.get_or_create(
        record=record, description="新北区某重大隐患", defaults={"rectify_by": datetime.date(2025, 6, 1)}
    )
    listing, _ = ListedHazard.objects.get_or_create(
        hazard=hazard,
        defaults={"jurisdiction": world.county_b, "lister": world.county_b, "notice_number": "新北安委〔2025〕1号",
                  "title": "新北区某重大隐患", "measures": "整改", "responsible_body": body,
                  "responsible_leader": person, "listed_on": datetime.date(2025, 3, 1),
                  "deadline": datetime.date(2025, 9, 1), "publish_due": datetime.date(2025, 3, 8)},
    )
    ticket, _ = Ticket.objects.get_or_create(
        number="新北区督〔2025〕1号",
        defaults={"title": "新北区某督办事项", "requirement": "办理", "issuer": world.county_b, "lead_body": body,
                  "source_kind": "meeting", "source_label": "常务会议", "issued_on": datetime.date(2025, 3, 3),
                  "working_days": 15, "due_on": datetime.date(2025, 3, 24)},
    )
    author = record.created_by
    evidence, _ = SupervisionEvidence.objects.get_or_create(
        ticket=ticket, sha256="1" * 64,
        defaults={"file": "evidence/11/y.png", "original_name": "y.png", "media_type": "image/png", "size": 1,
                  "uploaded_by": author},
    )
    summons, _ = SummonsHeld.objects.get_or_create(
        jurisdiction=world.county_b, rule="r", due_on=datetime.date(2025, 3, 1),
        defaults={"policy_id": "p", "policy_version": "1", "held_on": datetime.date(2025, 3, 5),
                  "attendees": "新北区", "requirements": "整改"},
    )
    return hazard, listing, ticket, evidence, summons


# kwarg name -> builder(world) giving the value that names county B's object.
def _county_b_job(world):
    """An organisation import asked for by county B's office."""
    from zeren.jobs.models import Job

    job, _ = Job.objects.get_or_create(kind="organisation_import", jurisdiction=world.county_b, upload_name="b.xlsx")
    return job


def _county_b_tour(world):
    """A city round touring county B's government, with a finding (and its file), a rectification plan
    and an item of county B."""
    from django.contrib.auth import get_user_model

    from zeren.tours.models import Attachment, Finding, RectificationItem, RectificationPlan, Tour, TourPlan

    body, _post, person, _appointment = _county_b_org(world)
    author, _ = get_user_model().objects.get_or_create(
        username="city-tourer", defaults={"role": "office", "jurisdiction": world.city}
    )
    day = datetime.date(2025, 4, 1)
    plan, _ = TourPlan.objects.get_or_create(
        organiser=world.city, year=2025, round=9,
        defaults={"kind": "regular", "title": "新北区巡查", "start": day, "end": day, "created_by": author},
    )
    tour, _ = Tour.objects.get_or_create(plan=plan, target=body,
                                         defaults={"jurisdiction": world.county_b, "start": day, "end": day})
    finding, _ = Finding.objects.get_or_create(
        tour=tour, number=1,
        defaults={"jurisdiction": world.county_b, "description": "新北区问题", "criterion": "x", "level": "enterprise",
                  "responsible_enterprise": "某公司", "found_on": day, "created_by": author},
    )
    attachment, _ = Attachment.objects.get_or_create(
        finding=finding, sha256="1" * 64,
        defaults={"jurisdiction": world.county_b, "file": "evidence/11/x.png", "original_name": "x.png",
                  "media_type": "image/png", "size": 1, "uploaded_by": author},
    )
    rect, _ = RectificationPlan.objects.get_or_create(
        tour=tour, defaults={"jurisdiction": world.county_b, "title": "新北区整改", "submitted_on": day,
                             "submitted_by": author},
    )
    item, _ = RectificationItem.objects.get_or_create(
        plan=rect, number=1,
        defaults={"jurisdiction": world.county_b, "measure": "x", "standard": "y", "responsible_unit": body,
                  "leader": person, "deadline": day},
    )
    return plan, tour, attachment, rect, item


KWARG_BUILDERS: dict[str, Callable[[object], str]] = {
    "code": lambda world: world.county_b.code,
    "body_code": lambda world: _county_b_org(world)[0].code,
    "post_code": lambda world: _county_b_org(world)[1].code,
    "person_id": lambda world: _county_b_org(world)[2].pk,
    "appointment_id": lambda world: _county_b_org(world)[3].pk,
    "list_id": lambda world: _county_b_duty_draft(world)[0].pk,
    "item_id": lambda world: _county_b_duty_draft(world)[1].pk,
    "record_id": lambda world: _county_b_record(world)[0].pk,
    "evidence_id": lambda world: _county_b_record(world)[1].pk,
    "feed_token": _county_b_feed_token,
    "accident": lambda world: _county_b_case(world)[0].pk,
    "responsibility": lambda world: _county_b_case(world)[1].pk,
    "case": lambda world: _county_b_case(world)[2].pk,
    "subject": lambda world: _county_b_case(world)[3].pk,
    "appeal": lambda world: _county_b_case(world)[4].pk,
    "person": lambda world: _county_b_org(world)[2].pk,
    "restriction": lambda world: _county_b_restriction(world).pk,
    "job_id": lambda world: _county_b_job(world).pk,
    "year": lambda world: 2024,  # with county B's code: its yearly report
    "assessment": lambda world: _county_b_assessment(world)[0].pk,
    "entry": lambda world: _county_b_assessment(world)[1].pk,
    "tour_plan_id": lambda world: _county_b_tour(world)[0].pk,
    "tour_id": lambda world: _county_b_tour(world)[1].pk,
    "tour_file_id": lambda world: _county_b_tour(world)[2].pk,
    "rectification_id": lambda world: _county_b_tour(world)[3].pk,
    "rect_item_id": lambda world: _county_b_tour(world)[4].pk,
    "hazard_id": lambda world: _county_b_supervision(world)[0].pk,
    "listing": lambda world: _county_b_supervision(world)[1].pk,
    "ticket": lambda world: _county_b_supervision(world)[2].pk,
    "sv_evidence": lambda world: _county_b_supervision(world)[3].pk,
    "summons": lambda world: _county_b_supervision(world)[4].pk,
}

# Routes that name no object: name -> why they are safe for everyone who can reach them.
UNSCOPED = {
    "home": "front page, no data",
    "policy_review": "the text of a regulation and its rules (public law); the office only",
    "accounts:login": "login form",
    "accounts:logout": "ends the own session (POST only)",
    "set_language": "stores the language choice",
    "org:tree": "redirects to the user's own jurisdiction",
    "org:import_template": "an empty template",
    "org:policy_bindings": "lists bindings through the access layer; adding one checks role and scope",
    "org:body_create": "form; the jurisdiction choices come from the user's scope",
    "org:post_create": "form; the body choices come from the user's scope",
    "org:post_search": "search within posts_for(user)",
    "org:person_create": "form; the jurisdiction choices come from the user's scope",
    "org:person_search": "search within people_for(user)",
    "org:organisation_template": "an empty template",
    "org:organisation_import": "office users only; every row outside the user's subtree is an error",
    "api:api-root": "the API's index (JSON 404 for an unknown path)",
    "api:openapi-json": "the published OpenAPI document, no data",
    "api:openapi-view": "Swagger UI for the OpenAPI document, no data",
    "api:jurisdictions": "lists jurisdictions_for(token user)",
    "api:bodies": "lists bodies_for(token user)",
    "api:posts": "lists posts_for(token user)",
    "api:people": "lists people_for(token user)",
    "api:appointments": "lists appointments_for(token user)",
    "api:duty_lists": "lists duty_lists_for(token user); published lists only without a token",
    "duties:index": "redirects to the user's own jurisdiction or the public notice",
    "duties:public_index": "public notice: published duty lists only, the same for everyone",
    "records:mine": "the user's own posts (account's person), or a redirect to the own dashboard",
    "records:new": "form; the post choices come from the user's own posts or posts_for(user)",
    "records:list": "lists records_for(user)",
    "search": "searches people_for, posts_for, cases_for and accidents_for(user)",
    "records:dashboard_home": "redirects to the user's own jurisdiction",
    "records:calendar": "the user's own calendar feed",
    "accidents:list": "lists accidents_for(user)",
    "accidents:create": "office users only; the jurisdiction choices come from jurisdictions_for(user)",
    "cases:list": "lists cases_for(user)",
    "cases:create": "office users only; jurisdictions_for(user), the accident through get_accident_for_user",
    "cases:public_list": "published decisions only, the same for everyone",
    "cases:dossier_search": "organisation/discipline only; searches people_for(user)",
    "commendations:list": "office/organisation only; the regions below the account's own jurisdiction, "
    "?code= through get_jurisdiction_for_user",
    "reports:annual": "office only; links to the account's own jurisdiction's reports",
    "assessments:list": "lists assessments_for(user) and the user's own entries_for(user)",
    "assessments:create": "office users only, for the account's own jurisdiction",
    "assessments:public_list": "published assessments only, the same for everyone",
    "tours:index": "lists tour_plans_for(user)",
    "tours:plan_new": "office users only; the touring jurisdictions are the user's own and those below it",
    "tours:cycle_home": "redirects to the user's own jurisdiction",
    "tours:findings": "lists tour_findings_for(user)",
    "tours:items": "lists rectification_items_for(user)",
    "tours:items_xlsx": "exports rectification_items_for(user), filtered",
    "supervision:tickets": "lists tickets_for(user)",
    "supervision:ticket_export": "exports tickets_for(user)",
    "supervision:ticket_create": "office users only; the body choices come from bodies_for(user)",
    "supervision:listings": "lists listed_hazards_for(user) and hazards_for(user)",
    "supervision:public_listings": "published listings only, the same for everyone",
    "supervision:summonses": "summonses due from the accidents in jurisdictions_for(user)",
    "supervision:summons_record": "office users only; the summons is looked up among summonses_due(user)",
}


def walk(patterns=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        else:
            assert entry.name, f"route {entry.pattern} has no name; name it so it can be checked"
            yield f"{prefix}{entry.name}", entry


ROUTES = sorted(walk(), key=lambda item: item[0])


def test_every_route_is_either_scoped_or_listed_as_unscoped():
    for name, entry in ROUTES:
        kwargs = list(entry.pattern.regex.groupindex)
        if not kwargs:
            assert name in UNSCOPED, f"{name}: a route without kwargs must be listed in UNSCOPED"
        for kwarg in kwargs:
            assert kwarg in KWARG_BUILDERS, f"{name}: add a builder for the URL kwarg {kwarg!r} to KWARG_BUILDERS"


def test_the_walk_sees_the_known_routes():
    names = {name for name, _ in ROUTES}
    assert {"org:jurisdiction", "org:tree", "accounts:login", "api:post", "api:person"} <= names


SCOPED_ROUTES = [(name, entry) for name, entry in ROUTES if entry.pattern.regex.groupindex]


@pytest.mark.parametrize(("name", "entry"), SCOPED_ROUTES, ids=[name for name, _ in SCOPED_ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_county_a_user_cannot_reach_county_b_through_any_route(client, office_a, world, name, entry, method):
    kwargs = {kwarg: KWARG_BUILDERS[kwarg](world) for kwarg in entry.pattern.regex.groupindex}
    client.force_login(office_a)
    headers = {}
    if name.startswith("api:"):  # the REST API authenticates by token, not by session
        from zeren.api.models import ApiToken

        headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(office_a)[1]}"
    response = getattr(client, method)(reverse(name, kwargs=kwargs), **headers)
    # 405 for a GET-only page is also a refusal, but only after the object was checked
    # would it leak nothing; so GET must be 403/404 and POST may be 403/404/405.
    allowed = {403, 404} if method == "get" else {403, 404, 405}
    assert response.status_code in allowed, f"{name} {method.upper()} gave {response.status_code}"
    assert "新北区" not in response.content.decode()
