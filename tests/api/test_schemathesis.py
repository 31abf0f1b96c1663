"""Fuzzing every operation of /api/openapi.json in-process (schemathesis): no 5xx, and every response is
documented — its status listed, its body matching the schema — as a county office and as a city office.

A bounded, reproducible run: 25 examples per operation and phase, a fixed seed, no example database.
Path parameters are drawn from the generated values and from the objects that exist, so the detail
endpoints answer 200 with their bodies too, not only 404."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from zeren.wsgi import application

TOKENS = {"county": "zr_schemathesis-county-office-0000000000000", "city": "zr_schemathesis-city-office-00000000000000"}


def existing(name: str) -> list[object]:
    """Values of the path parameter ``name`` that name an object in the database."""
    from zeren.duties.models import DutyList
    from zeren.org.models import Appointment, Body, Jurisdiction, Person, Post

    column = {
        "code": (Jurisdiction, "code"),
        "body_code": (Body, "code"),
        "post_code": (Post, "code"),
        "person_id": (Person, "pk"),
        "appointment_id": (Appointment, "pk"),
        "list_id": (DutyList, "pk"),
    }[name]
    model, field = column
    return sorted(model.objects.values_list(field, flat=True))


def flatmap_path_parameters(context, path_parameters):
    """Each path parameter: the generated value or one naming an existing object."""
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {name: st.sampled_from([value, *existing(name)]) for name, value in path_parameters.items()}
    )


def load(persona: str) -> schemathesis.schemas.BaseSchema:
    config = SchemathesisConfig.from_dict(
        {
            "seed": 14,
            "generation": {"max-examples": 25, "deterministic": True, "database": "none"},
            "auth": {"openapi": {"TokenAuth": {"bearer": TOKENS[persona]}}},
        }
    )
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=config)
    schema.hook(flatmap_path_parameters)
    return schema


county, city = load("county"), load("city")


@pytest.fixture
def connections_stay_open():
    """The WSGI app closes the database connection after each request (Django's request_finished);
    inside a test's transaction that would end it, so the test keeps it open, as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(api_data, office_a, city_office, connections_stay_open):
    from zeren.api.models import ApiToken, token_digest

    for persona, user in (("county", office_a), ("city", city_office)):
        secret = TOKENS[persona]
        ApiToken.objects.create(user=user, prefix=secret[3:11], digest=token_digest(secret))


# The fixtures are the data and the tokens, read and never changed by the GETs fuzzed here.
FIXTURES_ARE_READ_ONLY = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@county.parametrize()
@FIXTURES_ARE_READ_ONLY
def test_every_operation_answers_a_county_office_as_documented(case, tokens):
    case.call_and_validate()


@city.parametrize()
@FIXTURES_ARE_READ_ONLY
def test_every_operation_answers_a_city_office_as_documented(case, tokens):
    case.call_and_validate()
