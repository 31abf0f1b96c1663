"""The ``zeren`` command.

* ``zeren policy …``, ``zeren duties …``, ``zeren evaluate …`` run the pure legal core
  (``zeren.policy.cli``) without loading Django at all.
* ``zeren demo`` migrates an embedded SQLite database in ./var/, loads the demo data and
  serves http://127.0.0.1:8000 with a background worker beside it; ``zeren serve`` serves the
  configured database.
* ``zeren worker`` runs the background tasks (imports, recomputes, reminders, documents): the
  database worker of the django-tasks backport (``db_worker``), which takes the same options.
* Anything else is a Django management command: ``zeren migrate``, ``zeren createsuperuser``,
  ``zeren import_jurisdictions FILE.xlsx``, ``zeren check --deploy``, …
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys

POLICY_COMMANDS = frozenset({"policy", "duties", "evaluate"})
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

USAGE = """\
usage: zeren COMMAND [ARGS]

  demo                     migrate a local SQLite database in ./var/, load demo data, serve it
  serve [--host H] [--port P] [--threads N]
                           serve the web application (waitress)
  worker [--batch] [--max-tasks N] [--interval S]
                           run the background tasks (imports, recomputes, reminders);
                           run one beside every `zeren serve`
  policy | duties | evaluate
                           the legal core: policy packs, duty lists, verdicts
  any Django command       e.g. migrate, createsuperuser, import_jurisdictions FILE.xlsx,
                           jurisdiction_template OUT.xlsx, load_demo, check --deploy

`zeren help` lists every Django command.
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in POLICY_COMMANDS:
        # Imported here, by name, so neither this module nor the core loads Django.
        policy_cli = importlib.import_module("zeren.policy.cli")
        return int(policy_cli.main(args))
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE, end="")
        return 0
    if args[0] == "demo":
        os.environ["ZEREN_DEMO"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")
    if args[0] == "demo":
        return _demo(args[1:])
    if args[0] == "serve":
        return _serve(args[1:])
    if args[0] == "worker":
        return _worker(args[1:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zeren", *args])
    return 0


def _server_options(prog: str, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"zeren {prog}")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--threads", type=int, default=8)
    return parser.parse_args(argv)


def _demo(argv: list[str]) -> int:
    options = _server_options("demo", argv)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    print(f"zeren demo: database {settings.DATABASES['default']['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    from zeren.demo.data import ACCOUNTS, DEMO_PASSWORD

    url = f"http://{options.host}:{options.port}/"
    print()
    print(f"  zeren 演示 / demo:  {url}")
    print(f"  密码 / password for every account:  {DEMO_PASSWORD}")
    print("  账号 / accounts:")
    for account in ACCOUNTS:
        scope = account.jurisdiction or "*"
        print(f"    {account.username:<18} {account.role or 'superuser':<13} {scope}")
    print("  Ctrl+C 停止 / to stop")
    print()
    worker = _start_worker()
    try:
        return _run_waitress(options)
    finally:
        _stop_worker(worker)


def _worker(argv: list[str]) -> int:
    """The django-tasks database worker; no code reloading unless asked (it would restart a task)."""
    from django.core.management import execute_from_command_line

    reload = [] if any(a in {"--reload", "--no-reload"} for a in argv) else ["--no-reload"]
    execute_from_command_line(["zeren", "db_worker", *reload, *argv])
    return 0


def _start_worker() -> subprocess.Popen[bytes]:
    """``zeren worker`` in a child process, with this process's settings (the demo's database)."""
    return subprocess.Popen([sys.executable, "-m", "zeren", "worker"], env=os.environ.copy())


def _stop_worker(worker: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """SIGTERM: the worker finishes the task it runs (or, when idle, stops at once); then SIGKILL,
    which loses nothing either — the task's transaction rolls back and the task can run again."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _serve(argv: list[str]) -> int:
    options = _server_options("serve", argv)
    import django

    django.setup()
    print(f"zeren: serving on http://{options.host}:{options.port}/")
    return _run_waitress(options)


def _run_waitress(options: argparse.Namespace) -> int:
    # waitress: a production-grade, pure-Python WSGI server from PyPI — no compiler, no
    # C extensions, runs offline and on any OS — unlike runserver, which Django says is
    # not for production. Static files come from WhiteNoise inside the application.
    import waitress
    from django.conf import settings

    from zeren.wsgi import application

    # Behind a TLS-terminating proxy (TRUST_X_FORWARDED_PROTO=true) waitress must be told whom to
    # believe: it drops X-Forwarded-Proto from any other peer, and Django would then redirect every
    # request to https again. From the trusted proxy it sets wsgi.url_scheme and keeps the header.
    proxy: dict[str, object] = {}
    if settings.TRUSTED_PROXY is not None:
        proxy = {"trusted_proxy": settings.TRUSTED_PROXY, "trusted_proxy_headers": {"x-forwarded-proto"}}
    # A request body larger than the largest upload zeren accepts (plus room for the form around it)
    # is refused by waitress with 413 before it is read or spooled to disk (its default is 1 GB).
    body_limit = settings.ZEREN_UPLOAD_MAX_BYTES + 1024 * 1024
    try:
        waitress.serve(
            application,
            host=options.host,
            port=options.port,
            threads=options.threads,
            ident="zeren",
            max_request_body_size=body_limit,
            **proxy,
        )
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        print(f"zeren: cannot listen on {options.host}:{options.port}: {error.strerror}", file=sys.stderr)
        return 1
    return 0
