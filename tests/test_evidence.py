"""zeren.evidence, the one module every app's evidence files go through: the content decides the type,
the size is limited, a file is stored whole under its checksum, and it is served sandboxed, not
sniffed, inline only when it is an image the app shows inline; kept files of refused forms that no
valid token can name are removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from zeren import evidence
from zeren.problems import Problems
from zeren.records.models import Evidence

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DAY = 24 * 3600


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _problem(upload) -> str:
    with pytest.raises(Problems) as refused:
        evidence.check(upload)
    [problem] = refused.value.problems
    return problem


# checking ------------------------------------------------------------------------------------


def test_a_good_file_is_typed_from_its_content_with_its_checksum():
    import hashlib

    checked = evidence.check(SimpleUploadedFile("现场.PNG", PNG))
    assert (checked.name, checked.media_type, checked.extension) == ("现场.PNG", "image/png", "png")
    assert checked.size == len(PNG)
    assert checked.sha256 == hashlib.sha256(PNG).hexdigest()


def test_a_bad_type_is_refused_whatever_its_name_says():
    assert _problem(SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 60)) == (
        "“tool.exe”：佐证材料只能是 PDF、图片（JPEG、PNG、GIF、WebP、HEIC）或 Word .docx 文件。"
    )
    assert _problem(SimpleUploadedFile("scan.pdf", PNG)) == "“scan.pdf”与文件名不符：其内容是 PNG，而不是 PDF 文件。"
    assert _problem(SimpleUploadedFile("photo.jpg", b"just some text, no image")) == (
        "“photo.jpg”与文件名不符：其内容是 无法识别的内容，而不是 JPEG 文件。"
    )
    assert _problem(SimpleUploadedFile("empty.pdf", b"")) == "“empty.pdf”是空文件。"


def test_the_size_limit_is_the_setting(settings):
    settings.ZEREN_EVIDENCE_MAX_BYTES = len(PDF) - 1
    assert "佐证材料每个文件最大" in _problem(SimpleUploadedFile("big.pdf", PDF))
    settings.ZEREN_EVIDENCE_MAX_BYTES = len(PDF)
    assert evidence.check(SimpleUploadedFile("big.pdf", PDF)).size == len(PDF)


def test_require_all_refuses_the_lot_when_one_file_is_bad(media):
    with pytest.raises(Problems) as refused:
        evidence.require_all([SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PNG)])
    assert len(refused.value.problems) == 1 and "“b.pdf”" in refused.value.problems[0]
    assert not (media / "evidence").exists()


# storing -------------------------------------------------------------------------------------


def test_a_file_is_stored_once_under_its_checksum_with_the_model_fields(media):
    first = evidence.stored_fields(evidence.check(SimpleUploadedFile("a.pdf", PDF)))
    again = evidence.stored_fields(evidence.check(SimpleUploadedFile("b" * 300 + ".pdf", PDF)))
    assert first["file"] == again["file"] == f"evidence/{first['sha256'][:2]}/{first['sha256']}.pdf"
    assert (media / first["file"]).read_bytes() == PDF
    assert [p.name for p in (media / first["file"]).parent.iterdir()] == [f"{first['sha256']}.pdf"]
    assert first["media_type"] == "application/pdf" and first["size"] == len(PDF)
    assert len(again["original_name"]) == 255  # the models' column


class _Broken(ContentFile):
    def chunks(self, chunk_size=None):
        yield PDF[:10]
        raise OSError("disk full")


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary_one(media):
    checked = evidence.check(SimpleUploadedFile("a.pdf", PDF))
    broken = evidence.CheckedFile(checked.name, checked.media_type, "pdf", checked.size, checked.sha256, _Broken(PDF))
    with pytest.raises(OSError, match="disk full"):
        evidence.store(broken)
    folder = media / "evidence" / checked.sha256[:2]
    assert list(folder.iterdir()) == []
    assert (media / evidence.store(checked)).read_bytes() == PDF  # the next upload stores it whole


# serving -------------------------------------------------------------------------------------


def _item(upload: SimpleUploadedFile) -> Evidence:
    fields = evidence.stored_fields(evidence.check(upload))
    return Evidence(file=fields["file"], original_name=fields["original_name"], media_type=fields["media_type"])


def test_a_pdf_is_a_sandboxed_unsniffed_download():
    response = evidence.serve(_item(SimpleUploadedFile("report.pdf", PDF)))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_an_image_is_inline_unless_the_app_serves_every_file_as_a_download():
    item = _item(SimpleUploadedFile("现场照片.png", PNG))
    shown = evidence.serve(item)
    assert shown["Content-Disposition"] == "inline; filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    assert shown["Content-Type"] == "image/png" and shown["Content-Security-Policy"] == "sandbox"
    downloaded = evidence.serve(item, inline_images=False)
    assert downloaded["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert downloaded["X-Content-Type-Options"] == "nosniff"


def test_a_file_gone_from_the_disk_is_not_found(media):
    item = _item(SimpleUploadedFile("report.pdf", PDF))
    (media / item.file.name).unlink()
    with pytest.raises(Http404):
        evidence.serve(item)


# kept files ----------------------------------------------------------------------------------


def _age(media: Path, name: str, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(media / name, (then, then))


def test_stale_kept_files_are_removed_and_fresh_or_stored_ones_stay(media):
    _token, [old] = evidence.keep([SimpleUploadedFile("old.pdf", PDF)], user_id=1)
    _token, [fresh] = evidence.keep([SimpleUploadedFile("fresh.png", PNG)], user_id=1)
    stored = evidence.store(evidence.check(SimpleUploadedFile("kept.pdf", PDF)))
    _age(media, old.stored, DAY + 60)
    _age(media, fresh.stored, DAY - 600)
    _age(media, stored, 30 * DAY)
    partial = media / "evidence" / "ab" / ".left-by-a-crash.part"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"%PDF-")
    _age(media, "evidence/ab/.left-by-a-crash.part", DAY + 60)
    assert evidence.remove_stale_pending() == 2
    assert not (media / old.stored).exists() and not partial.exists()
    assert (media / fresh.stored).exists() and (media / stored).exists()


def test_a_token_renews_its_files_so_none_it_names_is_stale(media):
    _token, [kept] = evidence.keep([SimpleUploadedFile("photo.png", PNG)], user_id=7)
    _age(media, kept.stored, DAY + 60)
    token, files = evidence.keep([], already=[kept], user_id=7)  # the form refused once more
    assert evidence.remove_stale_pending() == 0
    assert evidence.kept_files(token, user_id=7) == files == [kept]
