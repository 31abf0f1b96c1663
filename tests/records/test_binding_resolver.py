"""One binding rule: the recompute's in-memory resolver (zeren.org.bindings.Bindings) and the one
jurisdiction query (binding_for / policy_for) agree on every jurisdiction and day, for random
bindings — nearest up the tree, own-only bindings, ends, and two bindings valid from the same day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeren.org.bindings import Bindings, binding_for, policy_for
from zeren.org.models import Jurisdiction, PolicyBinding

pytestmark = pytest.mark.django_db

CODES = ["130000", "130100", "130123", "320400", "320412", "320412100", "320411", "Z32040001"]
DAYS = [dt.date(2024, 1, 1), dt.date(2024, 6, 15), dt.date(2025, 1, 1), dt.date(2025, 3, 17), dt.date(2025, 12, 31)]
starts = st.sampled_from([dt.date(2023, 1, 1), dt.date(2024, 6, 15), dt.date(2025, 1, 1), dt.date(2025, 3, 17)])
bindings = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(["hebei-2018", "changzhou-2018"]),
        starts,
        st.one_of(st.none(), st.integers(min_value=1, max_value=700)),
        st.booleans(),
    ),
    max_size=7,
)


def pack(policy):
    return policy.id if policy is not None else None


def assert_both_paths_agree():
    resolver = Bindings()
    for node in Jurisdiction.objects.all():
        for day in DAYS:
            expected = binding_for(node, day)
            assert pack(resolver.policy_on(node.path, day)) == (expected.pack_id if expected else None), (
                node.code,
                day,
            )
            assert pack(policy_for(node, day)) == (expected.pack_id if expected else None)
        covered: set[dt.date] = set()
        for first, last, policy in resolver.parts(node.path, dt.date(2024, 1, 1), dt.date(2025, 12, 31)):
            for day in (first, last, first + (last - first) / 2):
                assert pack(policy_for(node, day)) == policy.id, (node.code, day)
            covered.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        for day in DAYS:
            assert (day in covered) == (policy_for(node, day) is not None), (node.code, day)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bindings)
def test_the_recomputes_resolver_and_binding_for_agree(world, drawn):
    with transaction.atomic():
        for code, pack_id, start, length, subtree in drawn:
            PolicyBinding.objects.create(
                jurisdiction=Jurisdiction.objects.get(code=code),
                pack_id=pack_id,
                valid_from=start,
                valid_until=start + dt.timedelta(days=length) if length else None,
                include_subtree=subtree,
            )
        assert_both_paths_agree()
        transaction.set_rollback(True)


def test_of_two_bindings_valid_from_the_same_day_the_one_made_last_governs_on_both_paths(world):
    for pack_id in ("hebei-2018", "changzhou-2018"):
        PolicyBinding.objects.create(jurisdiction=world.county_a, pack_id=pack_id, valid_from=dt.date(2024, 1, 1))
    assert binding_for(world.county_a, dt.date(2025, 1, 1)).pack_id == "changzhou-2018"
    assert pack(Bindings().policy_on(world.county_a.path, dt.date(2025, 1, 1))) == "changzhou-2018"
    assert_both_paths_agree()
