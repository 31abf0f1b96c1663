"""Refuse a NUL character in a request before any view sees it.

PostgreSQL cannot store or compare a string holding NUL (``\\x00``): a lookup with one fails inside
the database driver, which became a 500 on any page or API endpoint that passed a path part or a
parameter to a query (``/org/posts/%00/``, ``/cases/?state=%00``, ``/api/people?q=%00``). No user
types a NUL, so :class:`RefuseNulMiddleware` answers 400 with a short message for a NUL in the path,
the query string (raw or ``%00``) or a form's fields (uploaded files are not looked at): plain text
for the pages, the API's one error body (:meth:`zeren.problems.Problems.as_dict`) under ``/api/``.

Reading a form's fields parses the body here, before any view, as ``CsrfViewMiddleware`` does anyway:
a view that wants its own ``request.upload_handlers`` cannot have them (Django's csrf_exempt recipe for
that would need this middleware to skip its path).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from zeren.problems import Problems

NUL = "\x00"
API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(request: HttpRequest) -> bool:
    """Whether the path, the query string or a form field (name or value) holds a NUL."""
    if NUL in request.path_info or NUL in request.path:
        return True
    query = request.META.get("QUERY_STRING", "")
    if NUL in query or NUL in unquote_plus(query):
        return True
    if request.method == "POST" and request.content_type in FORM_TYPES:
        return any(NUL in key or any(NUL in value for value in values) for key, values in request.POST.lists())
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            message = _("The request contains a NUL character, which is not allowed.")
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse(Problems(message).as_dict(), status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
