"""`zeren serve` behind a TLS-terminating proxy: the real waitress server in a fresh process."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GOOD_KEY = "prod-key-" + "k7Qx2Lm9Vb4Nz8Rt1Yw6Hc3Jd5Fg0Sa" * 2
HOST = "zeren.example.org"
OUR_VARIABLES = (
    "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL", "ZEREN_DEMO", "ZEREN_DATA_DIR",
    "DEFAULT_FROM_EMAIL", "TRUST_X_FORWARDED_PROTO", "TRUSTED_PROXY", "SECURE_HSTS_SECONDS",
    "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE",
)
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def zeren_serve(tmp_path: Path, **variables: str) -> Iterator[int]:
    """A production `zeren serve` on a free loopback port; stopped (and waited for) on exit."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    environ.update(
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS=HOST,
        ZEREN_DATA_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'zeren.sqlite3'}",
        **variables,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "zeren", "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "2"],
        env=environ,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                raise AssertionError(f"zeren serve exited with {server.returncode}: {server.stdout.read()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"zeren serve did not listen on {port} within {START_TIMEOUT} s") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_behind_a_trusted_proxy_a_forwarded_https_request_is_served_not_redirected_again(tmp_path):
    with zeren_serve(tmp_path, TRUST_X_FORWARDED_PROTO="true") as port:
        login = get(port, "/accounts/login/", **{"X-Forwarded-Proto": "https"})
        page = get(port, "/org/", **{"X-Forwarded-Proto": "https"})
        plain = get(port, "/accounts/login/")
    assert login.status == 200
    assert page.status == 302
    assert page.getheader("Location", "").startswith("/accounts/login/")
    # Without the proxy's header the request came over plain HTTP: production sends it to HTTPS.
    assert plain.status == 301
    assert plain.getheader("Location") == f"https://{HOST}/accounts/login/"


def test_the_header_from_an_address_other_than_the_trusted_proxy_is_ignored(tmp_path):
    with zeren_serve(tmp_path, TRUST_X_FORWARDED_PROTO="true", TRUSTED_PROXY="192.0.2.7") as port:
        response = get(port, "/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/accounts/login/"


def test_without_trust_the_forwarded_header_changes_nothing(tmp_path):
    with zeren_serve(tmp_path) as port:
        response = get(port, "/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert response.status == 301


def test_a_trusted_proxy_without_trusting_the_header_stops_start_up_with_one_line(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    environ.update(
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=HOST, ZEREN_DATA_DIR=str(tmp_path / "var"), TRUSTED_PROXY="10.0.0.2"
    )
    result = subprocess.run(
        [sys.executable, "-m", "zeren", "check"], env=environ, cwd=tmp_path, capture_output=True, text=True,
        timeout=60, check=False,
    )
    assert result.returncode != 0
    assert result.stderr.splitlines() == ["zeren: TRUSTED_PROXY: has no effect without TRUST_X_FORWARDED_PROTO=true"]


def test_a_request_body_larger_than_the_largest_upload_is_refused_before_it_is_read(tmp_path):
    with zeren_serve(tmp_path) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest("POST", "/org/import/")
        connection.putheader("Host", HOST)
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(200 * 1024 * 1024))  # announced, never sent
        connection.endheaders(b"x" * 1024)
        response = connection.getresponse()
        response.read()
        connection.close()
    assert response.status == 413
