"""The OpenAPI document says what the API does: one class per schema name, the holder as returned,
the public duty lists as needing no token, every error status with the one error schema."""

import typing

import pydantic
import pytest
from django.test import Client

from zeren.api.api import api
from zeren.api.registry import MOUNTS

PUBLIC = {"/api/duty-lists", "/api/duty-lists/posts/{post_code}", "/api/duty-lists/{list_id}"}


@pytest.fixture(scope="module")
def document():
    """The published document (building it reads no data)."""
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def models_in(annotation, found):
    """Every pydantic model reachable from a type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in found.get(annotation.__name__, set()):
            return
        found.setdefault(annotation.__name__, set()).add(annotation)
        for field in annotation.model_fields.values():
            models_in(field.annotation, found)
    for argument in typing.get_args(annotation):
        models_in(argument, found)


def test_every_schema_name_belongs_to_one_class():
    found: dict[str, set[type]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                # django-ninja's own wrappers (a response model, the query and path parameters),
                # one per operation and never a component, hold the schemas in their fields.
                for wrapper in [*operation.response_models.values(), *operation.models]:
                    for field in wrapper.model_fields.values():
                        models_in(field.annotation, found)
    assert {"HolderOut", "VerdictHolderOut", "ErrorOut", "PostOut"} <= set(found)
    shared = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in found.items()
        if len(classes) > 1
    }
    assert shared == {}


def test_a_posts_holder_is_documented_as_returned(document, client, office_a, org, token_for):
    holder = document["components"]["schemas"]["HolderOut"]
    returned = client.get("/api/posts/320412-DS", **token_for(office_a)).json()["holder"]
    assert set(holder["properties"]) == set(returned) == {"person_id", "name", "since", "appointment_id"}


def test_the_duty_lists_need_no_token_and_everything_else_a_token(document):
    for path, _, operation in operations(document):
        if path in PUBLIC:
            assert operation["security"] == [{"TokenAuth": []}, {}], path
            assert "401" not in operation["responses"], path
        else:
            assert operation["security"] == [{"TokenAuth": []}], path
            assert "401" in operation["responses"], path
    assert set(document["paths"]) >= PUBLIC


def test_every_error_status_has_the_one_error_schema(document):
    for path, method, operation in operations(document):
        statuses = set(operation["responses"]) - {"200"}
        assert "400" in statuses, path
        for status in statuses:
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"detail", "problems"}


CHECKED = {"limit", "offset", "year", "on", "person", "person_id", "appointment_id", "list_id"}


def test_an_operation_with_a_checked_parameter_documents_422(document):
    for path, _, operation in operations(document):
        if CHECKED & {p["name"] for p in operation["parameters"]}:
            assert "422" in operation["responses"], path


def test_every_listed_router_is_mounted(document):
    prefixes = {f"/api{prefix}" for prefix, _ in MOUNTS}
    assert prefixes == {"/api/duty-lists", "/api/compliance"}
    for prefix in prefixes:
        assert any(path.startswith(prefix) for path in document["paths"]), prefix
