"""The REST API (django-ninja), mounted at ``/api/``.

- ``/api/openapi.json`` — the published OpenAPI document; ``/api/docs`` — Swagger UI served from
  django-ninja's own static files (``ninja`` is in INSTALLED_APPS, so no CDN is used).
- Authentication: ``Authorization: Bearer <token>``. Tokens are created with
  ``zeren api_token create USERNAME`` (printed once; only a SHA-256 digest is stored, see
  :class:`zeren.api.models.ApiToken`) and revoked with ``zeren api_token revoke PREFIX``.
  No token or a bad one → 401. The token acts as its user: the same scoping as the pages,
  through :mod:`zeren.accounts.access` — an object outside the user's subtree is 403, a missing
  one 404. Errors are JSON: ``{"detail": "…"}``.

Mounting another app's router (for the duty-list helper and later apps)
------------------------------------------------------------------------
Do **not** edit this package. Create ``zeren/duties/api.py`` with::

    from ninja import Router
    from zeren.api.auth import TokenAuth   # already the API-wide default; no need to pass it

    router = Router(tags=["duty lists"])

    @router.get("/posts/{post_code}", response=DutyListOut, url_name="duty_list_of_post")
    def duty_list_of_post(request, post_code: str):
        post = access.get_post_for_user(request.user, post_code)   # 403 / 404 as JSON
        ...

and it is mounted at ``/api/duty-lists`` automatically: :data:`zeren.api.registry.MOUNTS` lists
``("/duty-lists", "zeren.duties.api")`` and the API includes every listed module that exists
(a module that is listed but missing is skipped; an ImportError *inside* it is raised). Rules:

- ``request.user`` is the token's user; load objects only through ``zeren.accounts.access`` /
  your app's ``<things>_for(user)``; raise ``PermissionDenied``/``Http404`` as usual.
- Name URL kwargs like the pages do (``post_code``, ``person_id``, …) so the scoping walk in
  ``tests/test_url_scoping.py`` (which walks the API with a token) has a builder for them; add
  kwarg-less routes to its UNSCOPED with a reason.
- The post endpoint here (``GET /api/posts/{post_code}``) returns ``duty_list_url`` =
  ``/api/duty-lists/posts/<post_code>`` once ``zeren.duties.api`` exists — serve that path.
"""
