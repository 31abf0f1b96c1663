"""The one action helper (zeren.actions.post_action): 405 unless POST, validate, call, answer; and
act_on, the same for one service on one object, with the form's data read as the service's keywords."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from zeren.actions import act_on, add_to_form, form_input, post_action, validation_problems, versioned
from zeren.problems import Conflict, Problems


class NameForm(forms.Form):
    name = forms.CharField(label="名称", max_length=5)


def run(request, act, **options):
    """post_action with a ``show`` that answers what it was given, so the test can read it."""
    seen: dict[str, object] = {}

    def show(form, problems):
        seen.update(form=form, problems=problems)
        return HttpResponse(status=problems.status if problems else 200)

    response = post_action(
        request, form=NameForm, act=act, done=lambda result: HttpResponse(f"done {result}"), show=show, **options
    )
    return response, seen


def test_it_answers_405_to_a_get():
    response, seen = run(RequestFactory().get("/"), act=lambda form: pytest.fail("the service ran"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert seen == {}


def test_a_form_page_shows_the_empty_form_on_a_get():
    response, seen = run(RequestFactory().get("/"), act=lambda form: pytest.fail("the service ran"), form_on_get=True)
    assert response.status_code == 200
    assert not seen["form"].is_bound and seen["problems"] is None


def test_an_invalid_form_is_shown_again_with_its_problems_and_the_service_does_not_run():
    response, seen = run(RequestFactory().post("/", {"name": "太长的名称不行"}), act=lambda form: pytest.fail("ran"))
    assert response.status_code == 400
    (problem,) = seen["problems"].items
    assert problem.field == "name" and problem.message.startswith("名称：")


def test_a_valid_form_calls_the_service_and_answers_done():
    response, _seen = run(RequestFactory().post("/", {"name": "甲"}), act=lambda form: form.cleaned_data["name"])
    assert response.content.decode() == "done 甲"


def test_the_services_problems_are_shown_with_400():
    def refuse(form):
        raise Problems("不行")

    response, seen = run(RequestFactory().post("/", {"name": "甲"}), act=refuse)
    assert response.status_code == 400 and seen["problems"].problems == ["不行"]


def test_a_conflict_is_shown_with_409_and_the_current_object():
    def stale(form):
        raise Conflict("已被他人修改", current="now")

    response, seen = run(RequestFactory().post("/", {"name": "甲"}), act=stale)
    assert response.status_code == 409 and seen["problems"].current == "now"


def test_a_validation_error_of_the_organisation_services_is_read_as_problems_with_their_fields():
    def refuse(form):
        raise ValidationError({"name": "已有同名机构", "__all__": "整体不行"})

    response, seen = run(RequestFactory().post("/", {"name": "甲"}), act=refuse)
    assert response.status_code == 400
    assert {(p.field, p.message) for p in seen["problems"].items} == {("name", "已有同名机构"), ("", "整体不行")}


def test_a_plain_validation_error_has_no_field():
    assert [(p.field, p.message) for p in validation_problems(ValidationError("不行")).items] == [("", "不行")]


def test_the_services_problems_go_on_the_form_fields_once():
    form = NameForm({"name": "甲"})
    assert form.is_valid()
    add_to_form(form, validation_problems(ValidationError({"name": "已有同名机构"})))
    assert form.errors == {"name": ["已有同名机构"]}
    invalid = NameForm({"name": ""})
    invalid.is_valid()
    add_to_form(invalid, Problems("不会再加"))
    assert "不会再加" not in str(invalid.errors)



class VersionedNameForm(NameForm):
    version = forms.IntegerField(min_value=1)
    files = forms.CharField(required=False)


def test_versioned_passes_the_version_as_expected_version_and_leaves_out_what_it_is_told():
    form = VersionedNameForm({"name": "甲", "version": "3", "files": "x"})
    assert form.is_valid()
    assert versioned(form, "files") == {"name": "甲", "expected_version": 3}
    plain = NameForm({"name": "乙"})
    assert plain.is_valid()
    assert versioned(plain) == {"name": "乙"}


@dataclasses.dataclass
class NameInput:
    name: str
    place: str
    note: str = "默认"


def test_form_input_reads_the_dataclass_fields_from_the_form_and_keeps_the_defaults():
    form = VersionedNameForm({"name": "甲", "version": "3"})
    assert form.is_valid()
    assert form_input(NameInput, form, place="某县") == NameInput(name="甲", place="某县", note="默认")


def _posted(data):
    request = RequestFactory().post("/", data)
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def test_act_on_calls_the_service_on_the_object_and_goes_back_to_its_page_with_the_message():
    request, entry, calls = _posted({"name": "甲", "version": "2"}), SimpleNamespace(pk=7), []

    def service(**kwargs):
        calls.append(kwargs)
        return "乙"

    response = act_on(
        request,
        VersionedNameForm,
        service,
        message=lambda result: f"已保存{result}",
        to="assessments:entry",
        show=lambda form, problems: pytest.fail("shown again"),
        entry=entry,
    )
    assert calls == [{"actor": request.user, "entry": entry, "name": "甲", "expected_version": 2, "files": ""}]
    assert response.status_code == 302 and response["Location"] == reverse("assessments:entry", kwargs={"entry": 7})
    assert [str(m) for m in get_messages(request)] == ["已保存乙"]


def test_act_on_shows_the_services_problems_again():
    def refuse(**kwargs):
        raise Problems("不行")

    response = act_on(
        _posted({"name": "甲", "version": "2"}),
        VersionedNameForm,
        refuse,
        message="不会说",
        to="assessments:entry",
        show=lambda form, problems: HttpResponse(problems.message, status=problems.status),
        entry=SimpleNamespace(pk=7),
    )
    assert response.status_code == 400 and response.content.decode() == "不行"
