"""`zeren backup OUT.tar`: one archive with the database, the evidence files and a manifest."""

from __future__ import annotations

import hashlib
import json
import stat
import tarfile

from .conftest import PNG


def test_it_writes_the_manifest_first_then_the_database_and_every_evidence_file(backed_up):
    with tarfile.open(backed_up.archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        contents = {name: tar.extractfile(name).read() for name in names[1:]}
    assert names[0] == "manifest.json"
    database = "database.pgdump" if manifest["vendor"] == "postgresql" else "database.sqlite3"
    assert manifest["database"] == database
    media = {name.removeprefix("media/"): data for name, data in contents.items() if name.startswith("media/")}
    # every file of the installation (the demo's own evidence with the two records'), the PNG given twice once
    assert media == backed_up.media
    assert sum(1 for data in media.values() if data == PNG) == 1
    listed = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    assert listed == {name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in contents.items()}
    assert manifest["evidence"] == 3
    assert manifest["audit_events"] > 0 and len(manifest["audit_head"]) == 64
    assert manifest["zeren_version"] and manifest["created_at"]


def test_the_archive_is_readable_by_its_owner_only(backed_up):
    assert stat.S_IMODE(backed_up.archive.stat().st_mode) == 0o600


def test_it_refuses_to_overwrite_an_existing_file(backed_up):
    before = backed_up.archive.read_bytes()
    result = backed_up.source.zeren("backup", str(backed_up.archive))
    assert result.returncode == 1
    assert str(backed_up.archive) in result.stderr
    assert backed_up.archive.read_bytes() == before
