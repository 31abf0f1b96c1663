"""Evidence files: the type is read from the content (magic bytes, with ``filetype``), never taken
from the name; the name's extension must agree with the content; size is limited; the SHA-256 is
kept. Files are stored under MEDIA_ROOT (in the data directory) by checksum, so the same file
uploaded twice is stored once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
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


def store(checked: CheckedFile) -> str:
    """Save the file under MEDIA_ROOT by its checksum; return the stored name."""
    name = f"evidence/{checked.sha256[:2]}/{checked.sha256}.{checked.extension}"
    if not default_storage.exists(name):
        checked.upload.seek(0)
        saved = default_storage.save(name, checked.upload)
        return str(saved)
    return name


# Files kept across a refused form ------------------------------------------------------------
#
# A browser cannot put a chosen file back into a file input, so a form refused for any reason (a
# missing field, a date outside the tenure) would lose the photo taken on site. The files that pass
# the check are kept server-side instead, under ``evidence-pending/`` by checksum, and the form carries
# them in a signed token (zeren's SECRET_KEY; bound to the account, valid a day): only files this
# account uploaded can come back, and a changed token is refused. They become evidence when the record
# is saved, through the same check as a new upload.

PENDING_SALT = "zeren.records.evidence.pending"
PENDING_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class KeptFile:
    """A file kept from an earlier, refused submission of the record form."""

    stored: str
    name: str
    sha256: str
    size: int

    def upload(self) -> File[bytes]:
        """The file as an upload, with its original name, for :func:`check`."""
        handle = default_storage.open(self.stored, "rb")
        return File(handle, name=self.name)


def _pending_name(checked: CheckedFile) -> str:
    return f"evidence-pending/{checked.sha256[:2]}/{checked.sha256}.{checked.extension}"


def keep(
    uploads: Iterable[File[bytes]], *, already: Iterable[KeptFile] = (), user_id: int
) -> tuple[str, list[KeptFile]]:
    """Keep the uploads that pass the check (the others are the form's problems); return the token
    for the form with them and the files ``already`` kept, and the kept files."""
    kept = {k.sha256: k for k in already}
    for checked in check_all(uploads)[0]:
        if checked.sha256 in kept:
            continue
        name = _pending_name(checked)
        if not default_storage.exists(name):
            checked.upload.seek(0)
            name = default_storage.save(name, checked.upload)
        kept[checked.sha256] = KeptFile(name, checked.name, checked.sha256, checked.size)
    files = list(kept.values())
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
        if not item.stored.startswith("evidence-pending/") or not default_storage.exists(item.stored):
            raise Problems(_("“%(name)s” is no longer kept; choose it again.") % {"name": item.name})
    return files
