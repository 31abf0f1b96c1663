"""The REST API (django-ninja), mounted at ``/api/``; docs/api.md describes it for its users.

- ``/api/openapi.json`` — the published OpenAPI document; ``/api/docs`` — Swagger UI served from
  django-ninja's own static files (``ninja`` is in INSTALLED_APPS, so no CDN is used).
- Authentication (:mod:`zeren.api.auth`): ``Authorization: Bearer <token>``. Tokens are created with
  ``zeren api_token create USERNAME`` (printed once; only a SHA-256 digest is stored, see
  :class:`zeren.api.models.ApiToken`) and revoked with ``zeren api_token revoke PREFIX``.
  The token acts as its user: the same scoping as the pages, through :mod:`zeren.accounts.access`.
- Errors (:mod:`zeren.api.api`): every one has the body :class:`zeren.api.schemas.ErrorOut`, the shape
  of :meth:`zeren.problems.Problems.as_dict`: no token or a bad one → 401, outside the user's subtree
  → 403, missing → 404, a malformed parameter → 422 (``field`` names it), a service's ``Problems`` →
  its status (400, or 409 for a ``Conflict``); a NUL character anywhere → 400 (:mod:`zeren.middleware`).

Adding a router
---------------
1. Write ``zeren/<app>/api.py`` holding ``router = Router(tags=[...])``. Its endpoints are thin: they
   load objects only through :mod:`zeren.accounts.access` or the app's ``<things>_for(user)`` /
   ``get_<thing>_for_user`` (``tests/accounts/test_views_use_access_layer.py`` refuses ``.objects`` in
   any ``api.py``), and call the app's selectors and services. Raise ``PermissionDenied``, ``Http404``
   or :class:`zeren.problems.Problems`; the handlers turn them into the error body::

       from ninja import Router
       from zeren.accounts import access
       from zeren.api.schemas import responses

       router = Router(tags=["duty lists"])

       @router.get("/posts/{post_code}", response=responses(DutyListOut, 401, 403, 404), url_name="duty_list_of_post")
       def duty_list_of_post(request, post_code: str):
           post = access.get_post_for_user(request.user, post_code)
           ...

2. Document every status the operation can give with :func:`zeren.api.schemas.responses` (401 for
   token-only endpoints, 403/404 when it loads an object, 409 when it writes with a version, 422 when
   a parameter can be malformed — any ``int``, date, bounded or paginated one). Paginate with
   ``@paginate(zeren.api.pages.Pagination)`` and return a :class:`zeren.api.pages.LazyPage`.
3. Name every schema uniquely across the whole API (OpenAPI components are filed by class name);
   shapes used by several routers (``ArticleOut``, ``ErrorOut``) live in :mod:`zeren.api.schemas`.
4. Public endpoints take ``auth=TOKEN_OR_PUBLIC`` and ``openapi_extra=PUBLIC`` from :mod:`zeren.api.auth`.
5. Import the router in :mod:`zeren.api.registry` and add it to ``MOUNTS`` with its prefix.
6. Name URL kwargs like the pages do (``post_code``, ``person_id``, …) so the scoping walk in
   ``tests/test_url_scoping.py`` has a builder for them; add kwarg-less routes to its UNSCOPED with a
   reason. ``tests/api/test_schemathesis.py`` then fuzzes the new operations too.
"""
