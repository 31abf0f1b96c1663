"""Strict readers for the environment variables that configure zeren.

Each reader accepts a fixed, documented form and raises :class:`ConfigError` for
anything else, naming the variable, so a typo stops start-up with one clear line
instead of running with a silently wrong setting (the healthchecks ``envbool`` idea).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url

TRUE_VALUES = frozenset({"true", "1", "yes", "on"})
FALSE_VALUES = frozenset({"false", "0", "no", "off"})


class ConfigError(Exception):
    """A configuration value that zeren refuses to start with."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


def _raw(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def boolean(environ: Mapping[str, str], name: str, *, default: bool) -> bool:
    """true/1/yes/on or false/0/no/off (any case); anything else is an error."""
    value = _raw(environ, name)
    if value is None:
        return default
    if value.lower() in TRUE_VALUES:
        return True
    if value.lower() in FALSE_VALUES:
        return False
    raise ConfigError(name, f"expected true or false, got {value!r}")


def integer(environ: Mapping[str, str], name: str, *, default: int, minimum: int = 0) -> int:
    value = _raw(environ, name)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]+", value):
        raise ConfigError(name, f"expected a whole number, got {value!r}")
    number = int(value)
    if number < minimum:
        raise ConfigError(name, f"must be at least {minimum}, got {number}")
    return number


def string(environ: Mapping[str, str], name: str, *, default: str) -> str:
    value = _raw(environ, name)
    return default if value is None else value


_HOST = re.compile(r"^(\.?[A-Za-z0-9*]([A-Za-z0-9.\-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$")


def host_list(environ: Mapping[str, str], name: str, *, default: list[str] | None) -> list[str]:
    """Comma-separated host names (``example.org,.example.org``), no schemes or paths."""
    value = _raw(environ, name)
    if value is None:
        if default is None:
            raise ConfigError(
                name, "required in production (comma-separated host names, e.g. zeren.example.org)"
            )
        return default
    hosts = [part.strip() for part in value.split(",")]
    for host in hosts:
        if host == "":
            raise ConfigError(name, f"empty host name in {value!r}")
        if "://" in host or "/" in host:
            raise ConfigError(name, f"{host!r} is a URL; give the host name only (e.g. zeren.example.org)")
        if host != "*" and not _HOST.match(host):
            raise ConfigError(name, f"{host!r} is not a host name")
    return hosts


def database_url(environ: Mapping[str, str], name: str, *, default: str) -> dict[str, Any]:
    """``sqlite:///path/to/file.sqlite3`` or ``postgres://user:password@host:port/database``."""
    value = _raw(environ, name) or default
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        shown = scheme or value
        raise ConfigError(name, f"unsupported scheme {shown!r} (use sqlite:/// or postgres://)")
    if scheme == "sqlite":
        path = value[len("sqlite://") :]
        if path in {"", "/"}:
            raise ConfigError(name, "sqlite:/// needs a file path, e.g. sqlite:////srv/zeren/zeren.sqlite3")
    else:
        parts = urlsplit(value)
        try:
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError:
            raise ConfigError(name, f"malformed port in {_redact(value)!r}") from None
        if not parts.hostname:
            raise ConfigError(name, "postgres:// needs a host, e.g. postgres://zeren@127.0.0.1:5432/zeren")
        if parts.path.strip("/") == "":
            raise ConfigError(name, "postgres:// needs a database name, e.g. postgres://zeren@127.0.0.1/zeren")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(value))
    except ValueError as exc:
        raise ConfigError(name, str(exc)) from None
    if scheme != "sqlite":
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


_EMAIL_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtp+ssl": (465, False, True),
}


def email_url(environ: Mapping[str, str], name: str, *, default: str) -> EmailConfig:
    """``console://`` (print mails), or ``smtp://``, ``smtp+tls://`` (STARTTLS), ``smtp+ssl://``
    with ``user:password@host:port``."""
    value = _raw(environ, name) or default
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme == "console":
        return EmailConfig(backend="django.core.mail.backends.console.EmailBackend")
    if scheme not in _EMAIL_SCHEMES:
        shown = scheme or value
        raise ConfigError(
            name, f"unsupported scheme {shown!r} (use console://, smtp://, smtp+tls:// or smtp+ssl://)"
        )
    default_port, use_tls, use_ssl = _EMAIL_SCHEMES[scheme]
    parts = urlsplit(value)
    try:
        port = parts.port or default_port
    except ValueError:
        raise ConfigError(name, "malformed port") from None
    if not parts.hostname:
        raise ConfigError(name, f"{scheme}:// needs a host, e.g. {scheme}://user:password@mail.example.org")
    return EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


MIN_SECRET_KEY_LENGTH = 50


def secret_key(environ: Mapping[str, str], name: str, *, local_file: Path | None, required: bool = True) -> str:
    """The key from the environment; else, for the demo and DEBUG (``local_file`` given), a
    key generated once and kept in the data directory; else (production) an error, or ``""``
    when the key is not ``required`` (the features that need it then refuse to run)."""
    value = _raw(environ, name)
    if value is not None:
        if len(value) < MIN_SECRET_KEY_LENGTH or len(set(value)) < 5:
            raise ConfigError(
                name,
                f"too short or too simple ({len(value)} characters; "
                f"use at least {MIN_SECRET_KEY_LENGTH} random ones)",
            )
        return value
    if local_file is None and not required:
        return ""
    if local_file is None:
        raise ConfigError(
            name,
            "required in production (set DEBUG=true for development; generate one with "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))')",
        )
    if local_file.exists():
        return local_file.read_text(encoding="utf-8").strip()
    local_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(local_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def proxy_address(environ: Mapping[str, str], name: str, *, default: str) -> str:
    """One IPv4 or IPv6 address (``127.0.0.1``, ``::1``), as the server sees the proxy connect, or
    ``*`` for any address; written the way the server compares it (``::1``, not ``0:0::1``)."""
    value = _raw(environ, name) or default
    if value == "*":
        return value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ConfigError(name, f"expected an IP address such as 127.0.0.1 (or *), got {value!r}") from None


def directory(environ: Mapping[str, str], name: str, *, default: Path) -> Path:
    value = _raw(environ, name)
    path = default if value is None else Path(value)
    if path.exists() and not path.is_dir():
        raise ConfigError(name, f"{str(path)!r} is not a directory")
    return path.resolve()
