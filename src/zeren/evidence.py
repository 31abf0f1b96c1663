"""Evidence files, for every app that keeps them (the records' evidence, the tours' attachments,
supervision's evidence): one place that checks an upload, stores it and serves it. Each app keeps only
its own model (with the fields :func:`stored_fields` fills) and its own access rule (the selector that
finds the row for the user before :func:`serve` sends its file).

* Checking: the type is read from the content (magic bytes, with ``filetype``), never taken from the
  name; the name's extension must agree with the content; size is limited; the SHA-256 is kept.
* Storing: under MEDIA_ROOT (in the data directory) by checksum, so the same file uploaded twice is
  stored once; written to a temporary file beside its place and renamed into it, so a file under its
  checksum's name is always whole (a later upload of the same content trusts what is there).
* Serving: only images inline (where the app allows it); anything else (a PDF may carry an
  /OpenAction script) a download; the response is sandboxed and not sniffed, so even a file opened in
  the browser runs no script with this site's rights.
* Keeping across a refused form: see :func:`keep`; stale kept files are removed by the daily job
  (:func:`remove_stale_pending`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Protocol

import filetype  # type: ignore[import-untyped]
from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from zeren.problems import Problems

ALLOWED: dict[str, tuple[str, frozenset[str]]] = {
    # detected extension -> (media type, name extensions that may carry it)
    "pdf": ("application/pdf", frozenset({".pdf"})),
    "jpg": ("image/jpeg", frozenset({".jpg", ".jpeg"})),
    "png": ("image/png", frozenset({".png"})),
    "gif": ("image/gif", frozenset({".gif"})),
    "webp": ("image/webp", frozenset({".webp"})),
    "heic": ("image/heic", frozenset({".heic", ".heif"})),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({".docx"}),
    ),
}
NAME_EXTENSIONS = frozenset(ext for _, exts in ALLOWED.values() for ext in exts)
KIND_NAMES = {
    "pdf": "PDF",
    "jpg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "heic": "HEIC",
    "docx": "Word (.docx)",
}
HEAD_BYTES = 8192
STORED_DIR = "evidence"
PENDING_DIR = "evidence-pending"
NAME_MAX = 255  # the models' original_name
PARTIAL_SUFFIX = ".part"


# Checking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    name: str
    media_type: str
    extension: str
    size: int
    sha256: str
    upload: File[bytes]


def max_bytes() -> int:
    return int(getattr(settings, "ZEREN_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))


def check(upload: File[bytes]) -> CheckedFile:
    """Check one upload: allowed name extension, content of an allowed type that matches the name,
    within the size limit. Raises :class:`~zeren.problems.Problems` with a message naming the file."""
    name = PurePath(upload.name or "").name or "?"
    size = upload.size or 0
    suffix = PurePath(name).suffix.lower()
    if suffix not in NAME_EXTENSIONS:
        raise Problems(
            _("“%(name)s”: only PDF, images (JPEG, PNG, GIF, WebP, HEIC) and Word .docx files can be evidence.")
            % {"name": name}
        )
    if size == 0:
        raise Problems(_("“%(name)s” is empty.") % {"name": name})
    if size > max_bytes():
        raise Problems(
            _("“%(name)s” is %(size)s MB; evidence files may be at most %(limit)s MB.")
            % {"name": name, "size": f"{size / 1048576:.1f}", "limit": f"{max_bytes() / 1048576:.0f}"}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    kind = filetype.guess(head)
    detected = kind.extension if kind is not None else None
    if detected is None or detected not in ALLOWED:
        found = (kind.mime if kind is not None else _("unrecognised content"))
        raise Problems(
            _("“%(name)s” is not what its name says: its content is %(found)s, not a %(expected)s file.")
            % {"name": name, "found": found, "expected": _expected_for(suffix)}
        )
    media_type, extensions = ALLOWED[detected]
    if suffix not in extensions:
        raise Problems(
            _("“%(name)s” is not what its name says: its content is %(found)s, not a %(expected)s file.")
            % {"name": name, "found": KIND_NAMES[detected], "expected": _expected_for(suffix)}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name, media_type, detected, size, digest.hexdigest(), upload)


def _expected_for(suffix: str) -> str:
    for detected, (_media, extensions) in ALLOWED.items():
        if suffix in extensions:
            return KIND_NAMES[detected]
    return suffix


def check_all(uploads: Iterable[File[bytes]]) -> tuple[list[CheckedFile], list[str]]:
    """Every upload checked; the good ones and one message per bad one."""
    good, problems = [], []
    for upload in uploads:
        try:
            good.append(check(upload))
        except Problems as error:
            problems += error.problems
    return good, problems


def require_all(uploads: Iterable[File[bytes]]) -> list[CheckedFile]:
    """Every upload checked; raises :class:`~zeren.problems.Problems` (one message per bad file) if
    any fails, so that none is kept."""
    checked, problems = check_all(uploads)
    if problems:
        raise Problems(problems)
    return checked


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (parsed only; :func:`check_all` judges them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.docx", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


# Storing -------------------------------------------------------------------------------------


def _name_in(folder: str, checked: CheckedFile) -> str:
    return f"{folder}/{checked.sha256[:2]}/{checked.sha256}.{checked.extension}"


def _write(name: str, upload: File[bytes]) -> str:
    """The upload saved as ``name`` under MEDIA_ROOT unless a file is there already (stored by
    checksum: it is the same content). Written beside its place and renamed into it: a crash or a full
    disk never leaves a partial file under the checksum's name."""
    if default_storage.exists(name):
        return name
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=PARTIAL_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if settings.FILE_UPLOAD_PERMISSIONS is not None:
            os.chmod(partial, settings.FILE_UPLOAD_PERMISSIONS)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise
    upload.seek(0)
    return name


def store(checked: CheckedFile) -> str:
    """Save the file under MEDIA_ROOT by its checksum; return the stored name."""
    return _write(_name_in(STORED_DIR, checked), checked.upload)


def stored_fields(checked: CheckedFile) -> dict[str, Any]:
    """The file stored, and the fields every evidence model has for it (``file``, ``original_name``,
    ``media_type``, ``size``, ``sha256``): ``Model.objects.create(**stored_fields(c), ...)``."""
    return {
        "file": store(checked),
        "original_name": checked.name[:NAME_MAX],
        "media_type": checked.media_type,
        "size": checked.size,
        "sha256": checked.sha256,
    }


# Serving -------------------------------------------------------------------------------------


class StoredEvidence(Protocol):
    """A row of an evidence model, as :func:`serve` reads it."""

    @property
    def file(self) -> FieldFile: ...

    @property
    def media_type(self) -> str: ...

    @property
    def original_name(self) -> str: ...


def serve(item: StoredEvidence, *, inline_images: bool = True) -> FileResponse:
    """The file of an evidence row the caller has already found for the user (its access rule).
    Images are shown inline if ``inline_images``; every other file is a download. The name goes out
    as Django writes it (``filename="…"`` for plain ASCII, RFC 5987 ``filename*=utf-8''…`` else); the
    response is sandboxed and not sniffed. A file gone from the disk is a 404."""
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = inline_images and item.media_type.startswith("image/")
    response = FileResponse(handle, content_type=item.media_type, as_attachment=not inline, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


# Files kept across a refused form ------------------------------------------------------------
#
# A browser cannot put a chosen file back into a file input, so a form refused for any reason (a
# missing field, a date outside the tenure) would lose the photo taken on site. The files that pass
# the check are kept server-side instead, under ``evidence-pending/`` by checksum, and the form carries
# them in a signed token (zeren's SECRET_KEY; bound to the account, valid a day): only files this
# account uploaded can come back, and a changed token is refused. They become evidence when the record
# is saved, through the same check as a new upload. Each time a token names a kept file, the file's
# modification time is renewed; a kept file not renewed for longer than a token lives can be named by
# no valid token, and the daily job removes it (:func:`remove_stale_pending`).

PENDING_SALT = "zeren.records.evidence.pending"  # its first home: tokens signed before the move stay valid
PENDING_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class KeptFile:
    """A file kept from an earlier, refused submission of a form."""

    stored: str
    name: str
    sha256: str
    size: int

    def upload(self) -> File[bytes]:
        """The file as an upload, with its original name, for :func:`check`."""
        handle = default_storage.open(self.stored, "rb")
        return File(handle, name=self.name)


def _renew(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.utime(default_storage.path(name))


def keep(
    uploads: Iterable[File[bytes]], *, already: Iterable[KeptFile] = (), user_id: int
) -> tuple[str, list[KeptFile]]:
    """Keep the uploads that pass the check (the others are the form's problems); return the token
    for the form with them and the files ``already`` kept, and the kept files."""
    kept = {k.sha256: k for k in already}
    for checked in check_all(uploads)[0]:
        if checked.sha256 in kept:
            continue
        name = _write(_name_in(PENDING_DIR, checked), checked.upload)
        kept[checked.sha256] = KeptFile(name, checked.name, checked.sha256, checked.size)
    files = list(kept.values())
    for item in files:
        _renew(item.stored)
    token = signing.dumps({"u": user_id, "f": [[k.stored, k.name, k.sha256, k.size] for k in files]}, salt=PENDING_SALT)
    return (token if files else ""), files


def kept_files(token: str, *, user_id: int) -> list[KeptFile]:
    """The files a form's token names. Raises :class:`~zeren.problems.Problems` for a token that was
    changed, made for another account, expired, or names a file that is gone."""
    if not token:
        return []
    try:
        data = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.SignatureExpired:
        raise Problems(_("The files kept from your last try are more than a day old; choose them again.")) from None
    except signing.BadSignature:
        raise Problems(_("The kept files could not be read; choose them again.")) from None
    if data.get("u") != user_id:
        raise Problems(_("The kept files could not be read; choose them again."))
    files = [KeptFile(str(s), str(n), str(h), int(z)) for s, n, h, z in data.get("f", [])]
    for item in files:
        if not item.stored.startswith(f"{PENDING_DIR}/") or not default_storage.exists(item.stored):
            raise Problems(_("“%(name)s” is no longer kept; choose it again.") % {"name": item.name})
    return files


def remove_stale_pending(*, max_age: int = PENDING_MAX_AGE) -> int:
    """Remove the kept files not renewed for longer than ``max_age`` seconds (no valid token can name
    them: a file that became evidence was copied under ``evidence/``), and any partial write a crash
    left behind under ``evidence/`` or ``evidence-pending/``. Returns how many files were removed."""
    cutoff = time.time() - max_age
    root = Path(settings.MEDIA_ROOT)
    stale = [p for p in (root / PENDING_DIR).glob("*/*") if p.is_file()]
    stale += list((root / STORED_DIR).glob(f"*/.*{PARTIAL_SUFFIX}"))
    removed = 0
    for path in stale:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
