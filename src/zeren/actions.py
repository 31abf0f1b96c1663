"""One way to write a page's action: take a form by POST, call a service, answer.

Every page that changes something follows the same steps, written once in :func:`post_action`:

1. the view loads its object through the access layer (403/404 before anything else, so a refusal
   never depends on the method);
2. ``post_action`` answers 405 unless the request is a POST — or, for a form page, shows the form;
3. it validates the form: an invalid one is shown again with its problems (400);
4. it calls the service (``act``);
5. a :class:`~zeren.problems.Problems` from the service is shown again with status 400, a
   :class:`~zeren.problems.Conflict` with 409 (``show``; nothing was saved);
6. otherwise ``done`` answers, usually :func:`saved`: a message and a redirect.

An action on one object's page is usually all of that with one service called on the object and its
page as the way back: :func:`act_on` says it in one call (``versioned`` reads the form's data as the
service's keywords).

For example::

    found = selectors.get_case_for_user(request.user, case)
    return post_action(
        request,
        form=StepForm,
        act=lambda form: services.case_step(actor=request.user, case=found, **form.cleaned_data),
        done=lambda _: saved(request, _("Done."), "cases:detail", case=found.pk),
        show=lambda form, problems: _detail(request, found, status=problems.status, problems=problems.problems),
    )

The organisation services (``zeren.org.changes``) refuse with Django's ``ValidationError`` keyed by
field; it is read here as :class:`Problems` with the same fields, so views see one error type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect

from zeren.problems import Problem, Problems

F = TypeVar("F", bound=forms.BaseForm)
T = TypeVar("T")
D = TypeVar("D")


def post_action(
    request: HttpRequest,
    *,
    form: Callable[[QueryDict | None], F],
    act: Callable[[F], T],
    done: Callable[[T], HttpResponse],
    show: Callable[[F, Problems | None], HttpResponse],
    form_on_get: bool = False,
) -> HttpResponse:
    """Run one action (see the module's docstring).

    ``form`` builds the form from the POST data (``None``: the empty form of a GET); ``act`` calls the
    service with the valid form; ``done`` answers its result; ``show`` shows the page again with the
    form and the problems (status ``problems.status``), or — only with ``form_on_get`` — the form page
    of a GET (``problems`` is None, status 200). Without ``form_on_get`` a GET is answered 405."""
    if request.method != "POST":
        return show(form(None), None) if form_on_get else HttpResponseNotAllowed(["POST"])
    bound = form(request.POST)
    if not bound.is_valid():
        return show(bound, form_problems(bound))
    try:
        result = act(bound)
    except Problems as problems:
        return show(bound, problems)
    except ValidationError as error:
        return show(bound, validation_problems(error))
    return done(result)


def act_on(
    request: HttpRequest,
    form: Callable[[QueryDict | None], F],
    service: Callable[..., T],
    *,
    message: str | Callable[[T], str],
    to: str,
    show: Callable[[F, Problems | None], HttpResponse],
    **target: Any,
) -> HttpResponse:
    """:func:`post_action` on the one object named in ``target`` (``entry=found``): the service is called
    as ``service(actor=request.user, entry=found, **versioned(form))``; done, the ``message`` (or the
    message worded from the service's result) and back to the object's page ``to``, whose URL keyword
    is the same name (``entry=found.pk``)."""
    ((name, found),) = target.items()
    return post_action(
        request,
        form=form,
        act=lambda bound: service(actor=request.user, **target, **versioned(bound)),
        done=lambda result: saved(request, message(result) if callable(message) else message, to, **{name: found.pk}),
        show=show,
    )


def versioned(form: forms.BaseForm, *leave_out: str) -> dict[str, Any]:
    """A valid form's data as a service's keywords: its ``version`` (optimistic locking) passed as
    ``expected_version``, the fields named in ``leave_out`` not passed."""
    data = {name: value for name, value in form.cleaned_data.items() if name not in leave_out}
    if "version" in data:
        data["expected_version"] = data.pop("version")
    return data


def form_input(cls: type[D], form: forms.BaseForm, **given: Any) -> D:
    """A service's input (the dataclass ``cls``) read from a valid form: each of its fields from the
    form's field of that name, or from ``given`` (a field the form has not keeps its default)."""
    data = form.cleaned_data
    return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data} | given)  # type: ignore[arg-type]


def saved(request: HttpRequest, message: str, to: str, **kwargs: Any) -> HttpResponse:
    """The usual answer of a done action: a success message and a redirect to the named URL."""
    messages.success(request, message)
    return redirect(to, **kwargs)


def flash(request: HttpRequest, problems: Problems | None, to: str, **kwargs: Any) -> HttpResponse:
    """Answer refused problems as error messages on the page the action came from (a redirect)."""
    for problem in problems.problems if problems is not None else []:
        messages.error(request, problem)
    return redirect(to, **kwargs)


def form_problems(form: forms.BaseForm) -> Problems:
    """A bound, invalid form's errors as problems: ``label：message``, with the field's name."""
    found = []
    for name, errors in form.errors.items():
        field = name if name in form.fields else ""
        label = form.fields[name].label if field else ""
        for error in errors:
            found.append(Problem(f"{label}：{error}" if label else str(error), field=field))
    return Problems(found)


def validation_problems(error: ValidationError) -> Problems:
    """Django's ``ValidationError`` (keyed by field or not) as problems with the same fields."""
    if hasattr(error, "error_dict"):
        return Problems(
            Problem(message, field="" if name == "__all__" else name)
            for name, messages_ in error.message_dict.items()
            for message in messages_
        )
    return Problems(error.messages)


def add_to_form(form: forms.BaseForm, problems: Problems) -> None:
    """Put the service's problems on the form, each on its field (or the form's own errors). An invalid
    form already carries its problems: nothing is added twice."""
    if form.errors:
        return
    for problem in problems.items:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)
