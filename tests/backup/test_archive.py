"""The archive's own checks (zeren.backup.archive): nothing is trusted that the manifest does not vouch for."""

from __future__ import annotations

import io
import tarfile

import pytest

from zeren.backup import archive
from zeren.problems import Problems


def _manifest(files):
    return archive.Manifest(
        zeren_version="0.1.0", created_at="2025-05-20T10:00:00+00:00", vendor="sqlite", database="database.sqlite3",
        tools={}, audit_events=0, audit_head="", evidence=0, files=files,
    )


@pytest.fixture
def good(tmp_path):
    database = tmp_path / "database.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"png bytes")
    members = [("database.sqlite3", database), ("media/evidence/ab/photo.png", photo)]
    out = tmp_path / "good.tar"
    archive.write(out, _manifest(archive.entries_for(members)), members)
    return out


def _add(path, name, data, kind=tarfile.REGTYPE):
    with tarfile.open(path, "a") as tar:
        info = tarfile.TarInfo(name)
        info.type, info.size = kind, len(data)
        if kind == tarfile.SYMTYPE:
            info.linkname, info.size = "/etc/passwd", 0
        tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def test_a_good_archive_unpacks_into_the_directory_with_every_member(good, tmp_path):
    into = tmp_path / "out"
    manifest = archive.unpack(good, into)
    assert [entry.path for entry in manifest.media] == ["media/evidence/ab/photo.png"]
    assert (into / "media/evidence/ab/photo.png").read_bytes() == b"png bytes"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("../escape.txt", tarfile.REGTYPE), ("/etc/cron.d/x", tarfile.REGTYPE), ("media/link", tarfile.SYMTYPE),
     ("media/extra.png", tarfile.REGTYPE), ("database.sqlite3", tarfile.REGTYPE),
     ("media/evidence/ab/photo.png/inside", tarfile.REGTYPE)],
)
def test_a_member_the_manifest_does_not_list_or_an_unsafe_one_is_refused(good, tmp_path, name, kind):
    _add(good, name, b"x")
    with pytest.raises(Problems) as refused:
        archive.unpack(good, tmp_path / "out")
    assert refused.value.problems == [f"归档中有不应存在的成员：{name}"]
    assert not (tmp_path / "escape.txt").exists()


def test_a_file_that_is_not_a_tar_archive_is_refused_with_its_name(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not an archive")
    with pytest.raises(Problems, match=r"notes\.txt"):
        archive.unpack(path, tmp_path / "out")


def test_a_tar_archive_without_a_manifest_is_not_a_backup(tmp_path):
    path = tmp_path / "other.tar"
    with tarfile.open(path, "w"):
        pass
    _add(path, "readme.txt", b"hello")
    with pytest.raises(Problems, match=r"manifest\.json"):
        archive.unpack(path, tmp_path / "out")


def test_the_archive_is_written_under_its_name_only_when_complete(tmp_path):
    source = tmp_path / "database.sqlite3"
    source.write_bytes(b"data")
    members = [("database.sqlite3", source)]
    manifest = _manifest(archive.entries_for(members))
    source.unlink()  # the copy fails half-way
    with pytest.raises(FileNotFoundError):
        archive.write(tmp_path / "out.tar", manifest, members)
    assert list(tmp_path.iterdir()) == []
