"""``ZEREN_AUDIT_KEY`` is read strictly: a short key stops start-up; demo and DEBUG generate one."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeren import env

GOOD = "audit-key-" + "Xr5Tq8Wm2Kd7Ln4B" * 3


def test_it_reads_the_key_from_the_environment(tmp_path: Path) -> None:
    assert env.secret_key({"ZEREN_AUDIT_KEY": GOOD}, "ZEREN_AUDIT_KEY", local_file=None, required=False) == GOOD


def test_it_refuses_a_short_key() -> None:
    with pytest.raises(env.ConfigError, match="ZEREN_AUDIT_KEY: too short or too simple"):
        env.secret_key({"ZEREN_AUDIT_KEY": "short"}, "ZEREN_AUDIT_KEY", local_file=None, required=False)


def test_production_starts_without_it_and_the_anchors_refuse_to_run() -> None:
    assert env.secret_key({}, "ZEREN_AUDIT_KEY", local_file=None, required=False) == ""


def test_demo_and_debug_keep_a_generated_key_in_the_data_dir(tmp_path: Path) -> None:
    first = env.secret_key({}, "ZEREN_AUDIT_KEY", local_file=tmp_path / "audit_key", required=False)
    assert len(first) >= env.MIN_SECRET_KEY_LENGTH
    assert env.secret_key({}, "ZEREN_AUDIT_KEY", local_file=tmp_path / "audit_key", required=False) == first
    assert (tmp_path / "audit_key").stat().st_mode & 0o077 == 0
