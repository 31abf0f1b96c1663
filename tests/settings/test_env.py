"""The strict environment readers of zeren.env."""

from pathlib import Path

import pytest

from zeren import env


def test_it_reads_true_and_false_in_their_usual_spellings():
    assert env.boolean({"DEBUG": "True"}, "DEBUG", default=False) is True
    assert env.boolean({"DEBUG": "0"}, "DEBUG", default=True) is False
    assert env.boolean({}, "DEBUG", default=True) is True


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y"])
def test_it_refuses_a_boolean_it_does_not_know(value):
    with pytest.raises(env.ConfigError, match=rf"^DEBUG: expected true or false, got '{value}'$"):
        env.boolean({"DEBUG": value}, "DEBUG", default=False)


def test_it_reads_sqlite_and_postgres_urls():
    sqlite = env.database_url({"DATABASE_URL": "sqlite:////srv/zeren/z.sqlite3"}, "DATABASE_URL", default="")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/srv/zeren/z.sqlite3"
    pg = env.database_url({"DATABASE_URL": "postgres://u:p@db:5433/zeren"}, "DATABASE_URL", default="")
    assert (pg["ENGINE"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql", "db", 5433, "zeren"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("foo://x/y", "unsupported scheme 'foo' (use sqlite:/// or postgres://)"),
        ("mysql://u@h/db", "unsupported scheme 'mysql' (use sqlite:/// or postgres://)"),
        ("zeren.sqlite3", "unsupported scheme 'zeren.sqlite3' (use sqlite:/// or postgres://)"),
        ("sqlite://", "sqlite:/// needs a file path"),
        ("postgres://u@h:abc/db", "malformed port"),
        ("postgres://u@h:5432", "postgres:// needs a database name"),
    ],
)
def test_it_refuses_a_malformed_database_url(value, message):
    with pytest.raises(env.ConfigError) as caught:
        env.database_url({"DATABASE_URL": value}, "DATABASE_URL", default="")
    assert str(caught.value).startswith(f"DATABASE_URL: {message}")


def test_it_hides_the_password_of_a_malformed_database_url():
    with pytest.raises(env.ConfigError) as caught:
        env.database_url({"DATABASE_URL": "postgres://u:secret@h:x/db"}, "DATABASE_URL", default="")
    assert "secret" not in str(caught.value)


def test_it_reads_a_list_of_hosts():
    assert env.host_list({"H": "a.example.org, .example.org"}, "H", default=None) == [
        "a.example.org",
        ".example.org",
    ]


@pytest.mark.parametrize("value", ["https://a.example.org", "a b", "a,,b"])
def test_it_refuses_hosts_that_are_not_host_names(value):
    with pytest.raises(env.ConfigError, match=r"^H: "):
        env.host_list({"H": value}, "H", default=None)


def test_it_requires_hosts_in_production():
    with pytest.raises(env.ConfigError, match=r"^ALLOWED_HOSTS: required in production"):
        env.host_list({}, "ALLOWED_HOSTS", default=None)


def test_it_reads_smtp_urls():
    config = env.email_url({"E": "smtp+tls://me%40x.org:pw@mail.x.org"}, "E", default="console://")
    assert (config.host, config.port, config.user, config.password, config.use_tls) == (
        "mail.x.org", 587, "me@x.org", "pw", True
    )
    assert env.email_url({}, "E", default="console://").backend.endswith("console.EmailBackend")


def test_it_refuses_an_unknown_mail_scheme():
    with pytest.raises(env.ConfigError, match=r"^E: unsupported scheme 'imap'"):
        env.email_url({"E": "imap://x"}, "E", default="console://")


def test_it_refuses_a_short_secret_key():
    with pytest.raises(env.ConfigError, match=r"^SECRET_KEY: too short"):
        env.secret_key({"SECRET_KEY": "abc"}, "SECRET_KEY", local_file=None)


def test_it_requires_a_secret_key_in_production():
    with pytest.raises(env.ConfigError, match=r"^SECRET_KEY: required in production"):
        env.secret_key({}, "SECRET_KEY", local_file=None)


def test_it_generates_a_local_key_once_and_keeps_it(tmp_path: Path):
    key_file = tmp_path / "var" / "secret_key"
    first = env.secret_key({}, "SECRET_KEY", local_file=key_file)
    second = env.secret_key({}, "SECRET_KEY", local_file=key_file)
    assert first == second
    assert len(first) >= env.MIN_SECRET_KEY_LENGTH
    assert key_file.stat().st_mode & 0o077 == 0


def test_it_refuses_an_integer_that_is_not_one():
    with pytest.raises(env.ConfigError, match=r"^SECURE_HSTS_SECONDS: expected a whole number"):
        env.integer({"SECURE_HSTS_SECONDS": "1y"}, "SECURE_HSTS_SECONDS", default=0)


def test_it_reads_the_proxy_address_as_the_server_compares_it():
    assert env.proxy_address({}, "TRUSTED_PROXY", default="127.0.0.1") == "127.0.0.1"
    assert env.proxy_address({"TRUSTED_PROXY": " 10.0.0.2 "}, "TRUSTED_PROXY", default="127.0.0.1") == "10.0.0.2"
    assert env.proxy_address({"TRUSTED_PROXY": "0:0::1"}, "TRUSTED_PROXY", default="127.0.0.1") == "::1"
    assert env.proxy_address({"TRUSTED_PROXY": "*"}, "TRUSTED_PROXY", default="127.0.0.1") == "*"


@pytest.mark.parametrize("value", ["proxy.example.org", "10.0.0.0/8", "127.0.0.1:8080"])
def test_it_refuses_a_proxy_address_that_is_not_one_ip_address(value):
    with pytest.raises(env.ConfigError, match=r"^TRUSTED_PROXY: expected an IP address such as 127.0.0.1"):
        env.proxy_address({"TRUSTED_PROXY": value}, "TRUSTED_PROXY", default="127.0.0.1")
