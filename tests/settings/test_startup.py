"""Start-up as an operator sees it: the real `zeren` command in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_KEY = "prod-key-" + "k7Qx2Lm9Vb4Nz8Rt1Yw6Hc3Jd5Fg0Sa" * 2
OUR_VARIABLES = (
    "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL", "ZEREN_DEMO", "ZEREN_DATA_DIR",
    "DEFAULT_FROM_EMAIL", "TRUST_X_FORWARDED_PROTO", "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_zeren(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    environ["ZEREN_DATA_DIR"] = str(tmp_path / "var")
    environ.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "zeren", *args],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def production(**overrides: str) -> dict[str, str]:
    return {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "zeren.example.org", **overrides}


def assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode != 0
    assert result.stderr.splitlines() == [expected]
    assert "Traceback" not in result.stderr


def test_it_stops_with_one_line_on_a_malformed_database_url(tmp_path):
    result = run_zeren(tmp_path, "check", **production(DATABASE_URL="foo://db/zeren"))
    assert_one_line_error(result, "zeren: DATABASE_URL: unsupported scheme 'foo' (use sqlite:/// or postgres://)")


def test_it_stops_with_one_line_on_a_malformed_debug(tmp_path):
    result = run_zeren(tmp_path, "check", **production(DEBUG="yes please"))
    assert_one_line_error(result, "zeren: DEBUG: expected true or false, got 'yes please'")


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = run_zeren(tmp_path, "check", ALLOWED_HOSTS="zeren.example.org")
    assert result.returncode != 0
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("zeren: SECRET_KEY: required in production")


def test_it_refuses_to_start_in_production_without_allowed_hosts(tmp_path):
    result = run_zeren(tmp_path, "check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert result.stderr.startswith("zeren: ALLOWED_HOSTS: required in production")


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_zeren(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("mode", [{"DEBUG": "true"}, {"ZEREN_DEMO": "true"}])
def test_it_keeps_a_generated_key_in_the_data_dir_outside_production(tmp_path, mode):
    result = run_zeren(tmp_path, "check", **mode)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "secret_key").exists()
