"""The backup archive: a plain tar with ``manifest.json`` first, then the members it lists.

The manifest gives the size and SHA-256 of every other member; :func:`unpack` refuses an archive
with a member that is missing, extra, unsafe (absolute, ``..``, a link) or whose bytes do not match,
before anything is restored. Written to ``OUT.partial`` and renamed, readable by its owner only (it
holds the whole database).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

from zeren.problems import Problems

MANIFEST = "manifest.json"
FORMAT = "zeren-backup"
FORMAT_VERSION = 1
MEDIA_PREFIX = "media/"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One member of the archive besides the manifest."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    zeren_version: str
    created_at: str
    vendor: str  # "postgresql" or "sqlite"
    database: str  # the member holding the database
    tools: dict[str, str]
    audit_events: int
    audit_head: str
    evidence: int
    files: list[Entry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True).encode()

    @property
    def media(self) -> list[Entry]:
        return [entry for entry in self.files if entry.path.startswith(MEDIA_PREFIX)]

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data: Any = json.loads(raw)
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError("format")
            files = [Entry(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in data["files"]]
            return cls(
                zeren_version=str(data["zeren_version"]),
                created_at=str(data["created_at"]),
                vendor=str(data["vendor"]),
                database=str(data["database"]),
                tools={str(k): str(v) for k, v in dict(data["tools"]).items()},
                audit_events=int(data["audit_events"]),
                audit_head=str(data["audit_head"]),
                evidence=int(data["evidence"]),
                files=files,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise Problems(_("This is not a zeren backup: its manifest.json is missing or unreadable.")) from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def entries_for(members: Iterable[tuple[str, Path]]) -> list[Entry]:
    return [Entry(name, source.stat().st_size, sha256_of(source)) for name, source in members]


def write(out: Path, manifest: Manifest, members: Iterable[tuple[str, Path]]) -> None:
    """Write the archive: the manifest, then each (name, source file) in the manifest's order."""
    sources = dict(members)
    partial = out.with_name(out.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
            raw = manifest.to_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(raw), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(raw))
            for entry in manifest.files:
                source = sources[entry.path]
                info = tarfile.TarInfo(entry.path)
                info.size, info.mode, info.mtime = entry.size, 0o600, int(source.stat().st_mtime)
                with source.open("rb") as data:
                    tar.addfile(info, data)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and str(path) == name


def _copy_hashing(source: IO[bytes], target: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def unpack(archive: Path, into: Path) -> Manifest:
    """Extract the archive into the directory ``into`` and check every member against the manifest;
    raise :class:`Problems` (one per bad member) if anything does not match."""
    try:
        tar = tarfile.open(archive, mode="r:")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError):
        raise Problems(_("%(path)s cannot be read as a tar archive.") % {"path": archive}) from None
    problems: list[str] = []
    found: dict[str, tuple[int, str]] = {}
    manifest: Manifest | None = None
    with tar:
        try:
            for member in tar:
                name = member.name
                if not member.isfile() or not _safe(name) or name in found or (name == MANIFEST and manifest):
                    problems.append(_("The archive holds an unexpected member: %(name)s") % {"name": name})
                    continue
                source = tar.extractfile(member)
                if source is None:
                    problems.append(_("The archive holds an unexpected member: %(name)s") % {"name": name})
                    continue
                if name == MANIFEST:
                    manifest = Manifest.from_json(source.read())
                    continue
                try:
                    found[name] = _copy_hashing(source, into / name)
                except OSError:  # e.g. a member "media/x" after a member "media"
                    problems.append(_("The archive holds an unexpected member: %(name)s") % {"name": name})
        except tarfile.TarError:
            raise Problems(_("%(path)s is damaged: the tar archive ends early.") % {"path": archive}) from None
    if manifest is None:
        raise Problems(_("This is not a zeren backup: its manifest.json is missing or unreadable."))
    listed = {entry.path for entry in manifest.files}
    for entry in manifest.files:
        if entry.path not in found:
            problems.append(
                _("%(name)s is listed in the manifest but missing from the archive.") % {"name": entry.path}
            )
        elif found[entry.path] != (entry.size, entry.sha256):
            problems.append(_("%(name)s does not match its checksum in the manifest.") % {"name": entry.path})
    problems.extend(
        _("The archive holds an unexpected member: %(name)s") % {"name": name} for name in sorted(set(found) - listed)
    )
    if manifest.database not in listed:
        problems.append(_("The manifest names no database file."))
    if problems:
        raise Problems(problems)
    return manifest
