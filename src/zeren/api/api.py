"""The NinjaAPI instance: the organisation endpoints, the routers of :mod:`zeren.api.registry`, and
the exception handlers that give every error the one body :class:`zeren.api.schemas.ErrorOut`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import paginate

from zeren.accounts import access
from zeren.api.auth import TokenAuth
from zeren.api.pages import LazyPage, Pagination
from zeren.api.registry import MOUNTS
from zeren.api.schemas import (
    AppointmentOut,
    BodyOut,
    HolderOut,
    IsoDate,
    JurisdictionDetail,
    JurisdictionOut,
    PackOut,
    PersonDetail,
    PersonOut,
    PostDetail,
    PostOut,
    responses,
)
from zeren.org import selectors
from zeren.org.models import Appointment, Body, Jurisdiction, Person, Post
from zeren.problems import Problem, Problems

api = NinjaAPI(
    title="zeren API",
    version="1",
    description=(
        "党政领导干部安全生产责任制 — organisation, posts, people, tenures, duty lists and compliance. "
        "Authenticate with `Authorization: Bearer <token>` (`zeren api_token create USERNAME`); the duty "
        "lists are public without one. Every account sees its jurisdiction subtree only: 403 outside it, "
        "404 for what does not exist. Every error has one body: "
        '`{"detail": "…", "problems": [{"message": "…", "field": "…"}]}`.'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def error(request: HttpRequest, problems: Problems, status: int | None = None) -> HttpResponse:
    """The one error response: ``problems.as_dict()`` with the problems' status (or ``status``)."""
    return api.create_response(request, problems.as_dict(), status=status or problems.status)


@api.exception_handler(Problems)
def refused(request: HttpRequest, exc: Problems) -> HttpResponse:
    return error(request, exc)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, Problems("outside your jurisdiction or role"), status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, Problems("not found"), status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = error(request, Problems("missing or invalid token: send Authorization: Bearer <token>"), status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, Problems(exc.message), status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422: one problem per bad parameter, ``field`` its path (``query.offset``, ``path.person_id``)."""
    found = []
    for e in exc.errors:
        where = ".".join(str(part) for part in e.get("loc", ()))
        found.append(
            Problem(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")), field=where)
        )
    return error(request, Problems(found or ["invalid request"]), status=422)


def _pack(jurisdiction: Jurisdiction, post: Post | None = None) -> PackOut | None:
    found = selectors.pack_in_force(jurisdiction, timezone.localdate(), post=post)
    if found is None:
        return None
    return PackOut(
        pack_id=found.pack_id,
        title=found.title,
        version=found.version,
        bound_at=found.bound_at.code,
        valid_from=found.valid_from,
        applies=found.applies,
        cites=list(found.cites),
    )


def _jurisdiction(j: Jurisdiction) -> dict[str, Any]:
    parts = j.path.strip("/").split("/")
    return {
        "code": j.code,
        "name": j.name,
        "level": j.level,
        "parent_code": parts[-2] if len(parts) > 1 else None,
        "depth": j.depth,
    }


def _body(b: Body) -> dict[str, Any]:
    return {
        "code": b.code,
        "name": b.name,
        "jurisdiction": b.jurisdiction.code,
        "kind": b.kind,
        "department_kind": b.department_kind or None,
    }


def _post(p: Post, holder: Appointment | None) -> dict[str, Any]:
    return {
        "code": p.code,
        "title": p.title,
        "body": p.body.code,
        "jurisdiction": p.body.jurisdiction.code,
        "level": p.level,
        "role": p.role,
        "department_kind": p.department_kind,
        "sectors": list(p.sectors),
        "on_standing_committee": p.on_standing_committee,
        "active": p.active,
        "holder": HolderOut(
            person_id=holder.person_id, name=holder.person.name, since=holder.start, appointment_id=holder.pk
        )
        if holder
        else None,
        "url": reverse("org:post", kwargs={"post_code": p.code}),
        "duty_list_url": reverse("api:duty_list_of_post", kwargs={"post_code": p.code}),
    }


def _appointment(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "person_id": a.person_id,
        "person": a.person.name,
        "post": a.post.code,
        "post_title": a.post.title,
        "jurisdiction": a.post.body.jurisdiction.code,
        "start": a.start,
        "end": a.end,
        "start_reason": a.start_reason,
        "end_reason": a.end_reason,
    }


def _posts_page(page: list[Post]) -> list[dict[str, Any]]:
    holders = selectors.current_appointments(page, timezone.localdate())
    return [_post(p, holders.get(p.pk)) for p in page]


# Jurisdictions --------------------------------------------------------------------------------

jurisdictions = Router(tags=["jurisdictions"])


@jurisdictions.get("", response=responses(list[JurisdictionOut], 401, 403, 404, 422), url_name="jurisdictions")
@paginate(Pagination)
def list_jurisdictions(request: HttpRequest, under: str | None = None) -> Any:
    """The jurisdictions of your subtree (or of the subtree under ``under``)."""
    found = access.jurisdictions_for(request.user)
    if under:
        found = found.filter(path__startswith=access.get_jurisdiction_for_user(request.user, under).path)
    return LazyPage(found, lambda page: [_jurisdiction(j) for j in page])


@jurisdictions.get("/{code}", response=responses(JurisdictionDetail, 401, 403, 404), url_name="jurisdiction")
def get_jurisdiction(request: HttpRequest, code: str) -> Any:
    j = access.get_jurisdiction_for_user(request.user, code)
    return {**_jurisdiction(j), "policy": _pack(j)}


# Bodies ---------------------------------------------------------------------------------------

bodies = Router(tags=["bodies"])


@bodies.get("", response=responses(list[BodyOut], 401, 403, 404, 422), url_name="bodies")
@paginate(Pagination)
def list_bodies(request: HttpRequest, jurisdiction: str | None = None) -> Any:
    found = access.bodies_for(request.user)
    if jurisdiction:
        found = found.filter(jurisdiction=access.get_jurisdiction_for_user(request.user, jurisdiction))
    return LazyPage(found, lambda page: [_body(b) for b in page])


@bodies.get("/{body_code}", response=responses(BodyOut, 401, 403, 404), url_name="body")
def get_body(request: HttpRequest, body_code: str) -> Any:
    return _body(access.get_body_for_user(request.user, body_code))


# Posts ----------------------------------------------------------------------------------------

posts = Router(tags=["posts"])


class PostFilter(Schema):
    jurisdiction: str | None = None
    role: str | None = None
    q: str | None = None


@posts.get("", response=responses(list[PostOut], 401, 403, 404, 422), url_name="posts")
@paginate(Pagination)
def list_posts(request: HttpRequest, filters: Query[PostFilter]) -> Any:
    """Posts in your subtree with their current holder; ``jurisdiction`` limits to a subtree."""
    within = ""
    if filters.jurisdiction:
        within = access.get_jurisdiction_for_user(request.user, filters.jurisdiction).code
    found = selectors.search_posts(request.user, text=filters.q or "", role=filters.role or "", within=within)
    return LazyPage(found, _posts_page)


@posts.get("/{post_code}", response=responses(PostDetail, 401, 403, 404), url_name="post")
def get_post(request: HttpRequest, post_code: str) -> Any:
    p = access.get_post_for_user(request.user, post_code)
    holder = selectors.current_appointments([p], timezone.localdate()).get(p.pk)
    return {**_post(p, holder), "policy": _pack(p.body.jurisdiction, post=p)}


# People ---------------------------------------------------------------------------------------

people = Router(tags=["people"])


@people.get("", response=responses(list[PersonOut], 401, 422), url_name="people")
@paginate(Pagination)
def list_people(request: HttpRequest, q: str | None = None) -> Any:
    """People managed in your subtree or who held a post in it."""
    found = selectors.search_people(request.user, text=q or "").order_by("name", "pk")
    return LazyPage(
        found, lambda page: [{"id": p.pk, "name": p.name, "jurisdiction": p.jurisdiction.code} for p in page]
    )


@people.get("/{person_id}", response=responses(PersonDetail, 401, 403, 404, 422), url_name="person")
def get_person(request: HttpRequest, person_id: int) -> Any:
    """A person with the whole tenure history across jurisdictions, newest first."""
    p: Person = access.get_person_for_user(request.user, person_id)
    tenures = p.appointments.select_related("person", "post__body__jurisdiction").order_by("-start")
    return {
        "id": p.pk,
        "name": p.name,
        "jurisdiction": p.jurisdiction.code,
        "tenures": [_appointment(a) for a in tenures],
    }


# Appointments ---------------------------------------------------------------------------------

appointments = Router(tags=["appointments"])


@appointments.get("", response=responses(list[AppointmentOut], 401, 403, 404, 422), url_name="appointments")
@paginate(Pagination)
def list_appointments(
    request: HttpRequest, post: str | None = None, person: int | None = None, on: IsoDate | None = None
) -> Any:
    """Tenures of posts in your subtree; ``on`` keeps those covering a date."""
    found = access.appointments_for(request.user).order_by("post__code", "-start")
    if post:
        found = found.filter(post=access.get_post_for_user(request.user, post))
    if person is not None:
        found = found.filter(person_id=person)
    if on is not None:
        found = found.filter(start__lte=on).exclude(end__lt=on)
    return LazyPage(found, lambda page: [_appointment(a) for a in page])


@appointments.get("/{appointment_id}", response=responses(AppointmentOut, 401, 403, 404, 422), url_name="appointment")
def get_appointment(request: HttpRequest, appointment_id: int) -> Any:
    return _appointment(access.get_appointment_for_user(request.user, appointment_id))


api.add_router("/jurisdictions", jurisdictions)
api.add_router("/bodies", bodies)
api.add_router("/posts", posts)
api.add_router("/people", people)
api.add_router("/appointments", appointments)
for _prefix, _router in MOUNTS:
    api.add_router(_prefix, _router)
