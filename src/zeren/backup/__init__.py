"""Backup and restore: the database and the evidence files together, in one archive, and back.

``zeren backup OUT.tar`` writes one tar archive: ``manifest.json`` first (format, zeren version,
time, database vendor and tool versions, the audit trail's length and head hash, and the size and
SHA-256 of every other member), then the database (PostgreSQL: ``pg_dump -Fc`` from one snapshot;
SQLite: the online backup API) and every file under MEDIA_ROOT (the evidence, stored by checksum
and never deleted, so files copied after the database snapshot include all it refers to).

``zeren restore IN.tar`` checks every member against the manifest before it touches anything,
refuses a database that already holds tables unless ``--force``, restores the database
(``pg_restore`` in one transaction / the SQLite backup API) and puts the files back, then verifies
the result: the audit chain (``zeren audit_verify``), its length and head against the manifest,
and every evidence file against the SHA-256 the database holds (``zeren evidence_verify``).

Django's dumpdata/loaddata is not a backup here: it re-inserts published duty-list items, which
the frozen-list trigger refuses, and it rounds the audit trail's timestamps, which breaks the chain.
What must be kept besides an archive (SECRET_KEY, ZEREN_IDENTITY_KEY, …): docs/operations.md.
"""
