"""`zeren restore IN.tar`: checksums first, an empty database only (unless --force), then verified."""

from __future__ import annotations

import io
import tarfile

import pytest

ADD_AN_ACCOUNT = (
    "import django; django.setup(); from zeren.accounts.models import User; "
    "User.objects.create(username='after', is_superuser=True)"
)


@pytest.fixture(scope="module")
def restored(backed_up, sides):
    """A new installation with the backup restored into its empty database."""
    target = sides.new("dst")
    result = target.zeren("restore", str(backed_up.archive))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return target


def test_a_restore_into_an_empty_database_gives_back_the_same_data_files_and_audit_trail(backed_up, restored):
    assert restored.fingerprint() == backed_up.fingerprint
    assert restored.media_files() == backed_up.media
    # The two checks an operator runs afterwards, on their own.
    assert restored.zeren("audit_verify").returncode == 0
    assert restored.zeren("evidence_verify").returncode == 0


def test_it_refuses_a_database_that_already_holds_tables_and_changes_nothing(backed_up, restored):
    before = restored.fingerprint()
    result = restored.zeren("restore", str(backed_up.archive))
    assert result.returncode == 1
    assert "--force" in result.stderr
    assert restored.fingerprint() == before


def test_with_force_it_replaces_what_the_database_held(backed_up, sides):
    target = sides.new("dst")
    target.ok("restore", str(backed_up.archive))
    added = target.python(ADD_AN_ACCOUNT)
    assert added.returncode == 0, added.stderr
    assert target.fingerprint() != backed_up.fingerprint
    result = target.zeren("restore", "--force", str(backed_up.archive))
    assert result.returncode == 0, result.stderr
    assert target.fingerprint() == backed_up.fingerprint
    assert target.media_files() == backed_up.media


def _rewrite(source, destination, change):
    """Copy a tar archive member by member, letting ``change(name, data)`` alter each member's bytes."""
    with tarfile.open(source) as old, tarfile.open(destination, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def test_an_altered_evidence_file_in_the_archive_stops_the_restore_before_anything_changes(backed_up, sides, tmp_path):
    damaged = tmp_path / "damaged.tar"
    _rewrite(
        backed_up.archive,
        damaged,
        lambda name, data: data.replace(b"%%EOF", b"%%EOX") if name.endswith(".pdf") else data,
    )
    target = sides.new("dst")
    result = target.zeren("restore", str(damaged))
    assert result.returncode == 1
    assert ".pdf" in result.stderr
    assert not target.has_tables()
    assert target.media_files() == {}


def test_a_member_missing_from_the_archive_stops_the_restore(backed_up, sides, tmp_path):
    cut = tmp_path / "cut.tar"
    _rewrite(backed_up.archive, cut, lambda name, data: None if name.endswith(".png") else data)
    target = sides.new("dst")
    result = target.zeren("restore", str(cut))
    assert result.returncode == 1
    assert ".png" in result.stderr
    assert not target.has_tables()


def test_an_evidence_file_altered_on_disk_after_the_restore_is_reported(backed_up, sides):
    target = sides.new("dst")
    target.ok("restore", str(backed_up.archive))
    pdf = next(path for path in target.media.rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    result = target.zeren("evidence_verify")
    assert result.returncode == 1
    assert pdf.name in result.stderr
