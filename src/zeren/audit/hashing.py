"""The hash formulas of the audit chain, one per scheme; each event stores the scheme it was written with.

* Scheme 1 (the first trail): SHA-256 of the JSON list ``[prev_hash, at, actor_name, action,
  object_type, object_id, data]``. It left out ``id``, ``actor_id`` and ``jurisdiction_path``, so
  those could be changed without a trace. Events written with it keep it and still verify.
* Scheme 2 (current): SHA-256 of a JSON object holding every stored field but the hash itself:
  ``scheme, id, prev_hash, at`` (UTC, ISO 8601 with microseconds), ``actor_id, actor_name, action,
  object_type, object_id, jurisdiction_path, data``. A new field of ``AuditEvent`` must be added
  here in a new scheme (tests/audit/test_hashing.py fails until it is).

The JSON is canonical: keys sorted, no spaces, UTF-8 (``ensure_ascii=False``). docs/audit.md
"The hash" gives the formula for an outside checker.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from zeren.audit.models import AuditEvent

GENESIS = "0" * 64
CURRENT_SCHEME = 2


def _sha256(value: Any) -> str:
    payload = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _scheme_1(event: AuditEvent) -> str:
    return _sha256(
        [
            event.prev_hash,
            event.at.isoformat(),
            event.actor_name,
            event.action,
            event.object_type,
            event.object_id,
            event.data,
        ]
    )


def _scheme_2(event: AuditEvent) -> str:
    return _sha256(
        {
            "scheme": 2,
            "id": event.pk,
            "prev_hash": event.prev_hash,
            "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": event.actor_id,
            "actor_name": event.actor_name,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "jurisdiction_path": event.jurisdiction_path,
            "data": event.data,
        }
    )


SCHEMES = {1: _scheme_1, 2: _scheme_2}

# The fields each scheme covers, for the test that keeps the current scheme complete.
COVERED = {
    1: frozenset({"prev_hash", "at", "actor_name", "action", "object_type", "object_id", "data"}),
    2: frozenset(
        {
            "scheme", "id", "prev_hash", "at", "actor", "actor_name", "action", "object_type", "object_id",
            "jurisdiction_path", "data",
        }
    ),
}


class UnknownScheme(ValueError):
    """An event names a hash scheme this version of zeren does not know."""


def event_hash(event: AuditEvent) -> str:
    """The hash of ``event`` by its own scheme (the event need not be saved; ``pk`` must be set)."""
    formula = SCHEMES.get(event.scheme)
    if formula is None:
        raise UnknownScheme(f"unknown hash scheme {event.scheme!r}")
    return formula(event)
