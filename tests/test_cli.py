"""The `zeren` console command."""

import contextlib
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


def test_zeren_worker_runs_the_database_worker_without_reloading_code(monkeypatch):
    import django.core.management

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    assert cli.main(["worker", "--batch"]) == 0
    assert cli.main(["worker", "--reload"]) == 0
    assert seen == [["zeren", "db_worker", "--no-reload", "--batch"], ["zeren", "db_worker", "--reload"]]


def test_zeren_worker_knows_the_database_worker_options(capsys, db):
    import pytest

    with pytest.raises(SystemExit):
        cli.main(["worker", "--help"])
    assert "--max-tasks" in capsys.readouterr().out


class FakeWorker:
    def __init__(self, argv, env):
        self.argv, self.env, self.stopped = argv, env, []

    def poll(self):
        return None if not self.stopped else 0

    def terminate(self):
        self.stopped.append("SIGTERM")

    def wait(self, timeout=None):
        return 0


def test_the_demo_starts_a_worker_beside_the_server_and_stops_it_with_the_server(monkeypatch, capsys):
    import django.core.management

    workers = []
    monkeypatch.setattr(cli.subprocess, "Popen", lambda argv, env: workers.append(FakeWorker(argv, env)) or workers[-1])
    monkeypatch.setattr(django.core.management, "call_command", lambda *args, **kwargs: None)

    def serve(options):
        assert workers and not workers[0].stopped  # the worker runs while the server does
        raise KeyboardInterrupt  # Ctrl+C

    monkeypatch.setattr(cli, "_run_waitress", lambda options: serve(options))
    monkeypatch.setenv("ZEREN_DEMO", "true")
    with contextlib.suppress(KeyboardInterrupt):
        cli._demo([])
    (worker,) = workers
    assert worker.argv[1:] == ["-m", "zeren", "worker"]
    assert worker.env["ZEREN_DEMO"] == "true"  # the demo's database
    assert worker.stopped == ["SIGTERM"]
