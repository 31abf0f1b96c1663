"""Every duty item of 常州 Ch.2 and 河北 Ch.2–3 appears in the duty list of the posts it binds."""

from __future__ import annotations

import pytest

from zeren.policy.duties import duty_list
from zeren.policy.model import Policy
from zeren.policy.vocabulary import DEPARTMENT_KINDS, LEVELS, ROLES


def _duty_items(policy: Policy, articles: range) -> set[str]:
    """The ids of every 项 of these articles (the article itself when it has no items)."""
    source = policy.pack.sources[0]
    wanted = set()
    for article in source.articles:
        if article.number in articles:
            items = article.paragraphs[0].items
            ids = [f"{source.prefix}-{article.number}.{i}" for i in range(1, len(items) + 1)]
            wanted |= set(ids) or {f"{source.prefix}-{article.number}"}
    return wanted


def _listed(policy: Policy) -> set[str]:
    listed: set[str] = set()
    for role in ROLES:
        for level in LEVELS:
            for kind in (None, *DEPARTMENT_KINDS):
                for item in duty_list(policy, role, level, kind).as_dict()["items"]:
                    listed |= set(item["cites"])
    return listed


@pytest.mark.parametrize(("pack", "articles"), [("changzhou-2018", range(6, 11)), ("hebei-2018", range(5, 13))])
def test_every_duty_item_is_in_some_posts_duty_list(pack: str, articles: range, registry: object) -> None:
    policy = registry.get(pack)  # type: ignore[attr-defined]
    missing = _duty_items(policy, articles) - _listed(policy)
    assert not missing, f"{pack}: duty items listed for no post: {sorted(missing)}"


def test_changzhou_covers_townships_by_reference_as_county(changzhou: Policy) -> None:
    county = duty_list(changzhou, "party_secretary", "county").as_dict()
    township = duty_list(changzhou, "party_secretary", "township").as_dict()
    assert county["applies"] == "direct" and township["applies"] == "by_reference"
    assert [i["id"] for i in township["items"]] == [i["id"] for i in county["items"]]
    assert township["read_as_level"] == "county"


def test_changzhou_does_not_cover_the_city_leadership(changzhou: Policy) -> None:
    result = duty_list(changzhou, "party_secretary", "city").as_dict()
    assert result["in_scope"] is False and result["items"] == []
    assert result["notes"]


def test_hebei_key_regulators_and_other_departments_get_different_counts(hebei: Policy) -> None:
    key = duty_list(hebei, "dept_principal", "county", "key_regulator").as_dict()["items"]
    other = duty_list(hebei, "dept_principal", "county", "regulator").as_dict()["items"]
    key_counts = {(i["activity"], i["every"]) for i in key if i["kind"] == "periodic"}
    other_counts = {(i["activity"], i["every"]) for i in other if i["kind"] == "periodic"}
    assert key_counts == {("led_inspection", "half_year"), ("special_meeting", "half_year")}
    assert other_counts == {("party_group_meeting", "half_year")}
