"""duty_lists_compare: added, removed and changed items between two versions."""

import datetime

import pytest

from zeren.duties.services import (
    duty_item_add_local,
    duty_item_remove,
    duty_item_update,
    duty_lists_compare,
)
from zeren.problems import Problems


def test_it_names_added_removed_and_changed_items(published_a, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    carried = draft.items.get(key="local-1")
    duty_item_update(actor=office_a, item=carried, title="每两周带队检查一次化工园区", basis=carried.basis)
    duty_item_add_local(actor=office_a, duty_list=draft, title="新增本地职责")
    comparison = duty_lists_compare(old=published_a, new=draft)
    by_key = {(row.new or row.old).key: row for row in comparison.rows}
    assert by_key["local-1"].change == "changed" and by_key["local-1"].fields == ("title",)
    assert by_key["local-2"].change == "added"
    assert (comparison.added, comparison.removed, comparison.changed) == (1, 0, 1)
    assert not comparison.pack_changed


def test_a_removed_local_item_shows_as_removed(published_a, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    duty_item_remove(actor=office_a, item=draft.items.get(key="local-1"))
    comparison = duty_lists_compare(old=published_a, new=draft)
    assert [(row.change, row.old.key) for row in comparison.rows if row.change == "removed"] == [("removed", "local-1")]


def test_a_new_pack_shows_its_items_as_added_and_the_old_ones_as_removed(published_a, posts, office_a, world):
    from zeren.duties.services import duty_list_generate
    from zeren.org.models import PolicyBinding

    PolicyBinding.objects.create(
        jurisdiction=world.county_a, pack_id="hebei-2018", valid_from=datetime.date(2025, 1, 1)
    )
    draft = duty_list_generate(actor=office_a, post=posts.secretary_a, on=datetime.date(2025, 3, 1))
    comparison = duty_lists_compare(old=published_a, new=draft)
    assert comparison.pack_changed
    assert comparison.removed == published_a.items.filter(source="pack").count()
    assert comparison.added == draft.items.filter(source="pack").count()


def test_lists_of_two_posts_cannot_be_compared(published_a, generate, posts, office_a):
    other = generate(office_a, posts.deputy_a)
    with pytest.raises(Problems):
        duty_lists_compare(old=published_a, new=other)
