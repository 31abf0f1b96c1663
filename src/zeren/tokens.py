"""Secret tokens that are their own key (API bearer tokens, calendar feed URLs): random, shown to
their owner once, stored only as the SHA-256 digest, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib


def token_digest(token: str) -> str:
    """The stored form of ``token``: its SHA-256, hex (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()
