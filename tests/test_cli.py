"""The `zeren` console command."""

import os
import subprocess
import sys
import textwrap

from zeren import cli


def test_it_hands_policy_duties_and_evaluate_to_the_core_without_loading_django():
    script = textwrap.dedent(
        """
        import sys, types
        fake = types.ModuleType("zeren.policy.cli")
        fake.main = lambda argv: print("core got", argv) or 7
        sys.modules["zeren.policy.cli"] = fake
        from zeren.cli import main
        codes = [main([name, "--json"]) for name in ("policy", "duties", "evaluate")]
        assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django loaded"
        sys.exit(codes[0] + codes[1] + codes[2])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert result.returncode == 21, result.stderr
    assert result.stdout.splitlines() == [
        "core got ['policy', '--json']",
        "core got ['duties', '--json']",
        "core got ['evaluate', '--json']",
    ]


def test_it_prints_its_usage_without_arguments(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert "demo" in out
    assert "serve" in out


def test_it_runs_django_management_commands(capsys, db):
    assert cli.main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out
