"""Shared fixtures: a small jurisdiction tree and one persona per role and jurisdiction.

The tree::

    常州市 320400 (city)
    ├── 武进区 320412 (county A) ── 湖塘镇 320412100, 牛塘镇 320412101
    ├── 新北区 320411 (county B) ── 河海街道 320411001
    └── 常州经济开发区 Z32040001 (zone) ── 戚墅堰街道 320405001
    河北省 130000 (province) ── 石家庄市 130100 ── 正定县 130123

A skipped test fails the run (see pytest_sessionfinish): CI must never pass by skipping.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

TREE = [
    ("320400", "常州市", "city", ""),
    ("320412", "武进区", "county", "320400"),
    ("320412100", "湖塘镇", "township", "320412"),
    ("320412101", "牛塘镇", "township", "320412"),
    ("320411", "新北区", "county", "320400"),
    ("320411001", "河海街道", "township", "320411"),
    ("Z32040001", "常州经济开发区", "zone", "320400"),
    ("320405001", "戚墅堰街道", "township", "Z32040001"),
    ("130000", "河北省", "province", ""),
    ("130100", "石家庄市", "city", "130000"),
    ("130123", "正定县", "county", "130100"),
]


@dataclass
class World:
    """The tree's nodes by role in the tests."""

    city: object
    county_a: object
    township_a: object
    county_b: object
    township_b: object
    zone: object
    province: object


@pytest.fixture
def world(db):
    from zeren.org.models import Jurisdiction
    from zeren.org.services import JurisdictionRow, jurisdictions_upsert

    jurisdictions_upsert(
        rows=[JurisdictionRow(code=c, name=n, level=lv, parent_code=p) for c, n, lv, p in TREE], actor=None
    )
    get = Jurisdiction.objects.get
    return World(
        city=get(code="320400"),
        county_a=get(code="320412"),
        township_a=get(code="320412100"),
        county_b=get(code="320411"),
        township_b=get(code="320411001"),
        zone=get(code="Z32040001"),
        province=get(code="130000"),
    )


@pytest.fixture
def run_tasks(db, monkeypatch):
    """Run the queued background tasks as ``zeren worker`` does (the database backend's worker), in
    this process and this test's transaction, until none is left."""
    from django_tasks_db.management.commands import db_worker

    # The worker closes stale connections between tasks; inside a test's transaction that would
    # end the transaction itself.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
            excluded_queue_names=[],
        ).run()

    return run


def _make_user(username, *, role="", jurisdiction=None, superuser=False, person=None):
    from zeren.accounts.models import User

    user = User(
        username=username,
        role=role,
        jurisdiction=jurisdiction,
        is_superuser=superuser,
        is_staff=superuser,
        person=person,
        last_name="测",
        first_name=username,
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def make_user(db):
    """Create an account: make_user("name", role="office", jurisdiction=node)."""
    return _make_user


@pytest.fixture
def office_a(world):
    """安委办 staff of county A (武进区)."""
    return _make_user("office-a", role="office", jurisdiction=world.county_a)


@pytest.fixture
def office_b(world):
    """安委办 staff of the neighbouring county B (新北区)."""
    return _make_user("office-b", role="office", jurisdiction=world.county_b)


@pytest.fixture
def city_office(world):
    return _make_user("city-office", role="office", jurisdiction=world.city)


@pytest.fixture
def township_office(world):
    return _make_user("township-office", role="office", jurisdiction=world.township_a)


@pytest.fixture
def organisation(world):
    return _make_user("organisation", role="organisation", jurisdiction=world.city)


@pytest.fixture
def discipline(world):
    return _make_user("discipline", role="discipline", jurisdiction=world.city)


@pytest.fixture
def official_a(world):
    from zeren.org.models import Person

    person = Person.objects.create(name="钱志刚", jurisdiction=world.county_a)
    return _make_user("official-a", role="official", jurisdiction=world.county_a, person=person)


@pytest.fixture
def province_office(world):
    return _make_user("province-office", role="office", jurisdiction=world.province)


@pytest.fixture
def superuser(world):
    return _make_user("root", superuser=True)


@pytest.fixture
def bound(world):
    """The tree with its packs bound: 常州 2018 to the city, 河北 2018 to the province."""
    from accidents.factories import bind

    bind(world)
    return world


@pytest.fixture
def wujin(bound):
    """武进区 (county A) leaders, in post since 2020 (accidents.factories.leaders)."""
    from accidents.factories import leaders

    return leaders(bound.county_a)


@pytest.fixture
def xinbei(bound):
    """新北区 (county B) leaders, in post since 2020."""
    from accidents.factories import leaders

    return leaders(bound.county_b, names="子丑寅卯辰巳")


def pytest_sessionfinish(session, exitstatus):
    """Turn skips into a failure: a check that did not run is a check that did not pass."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"zeren: {skipped} test(s) skipped; skipping is not allowed", red=True)
        session.exitstatus = 1
