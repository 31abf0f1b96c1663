"""duty_item_add_local / duty_item_update / duty_item_remove: local duties in a draft only."""

import pytest
from django.core.exceptions import PermissionDenied

from zeren.audit.services import history
from zeren.duties.models import DutyItem, Source
from zeren.duties.services import duty_item_add_local, duty_item_remove, duty_item_update
from zeren.problems import Problems


def test_a_local_item_goes_to_the_end_marked_local_with_its_basis(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    count = draft.items.count()
    item = duty_item_add_local(actor=office_a, duty_list=draft, title="  每月带队检查化工园区 ", basis="区委文件")
    assert (item.source, item.position, item.key, item.title, item.basis) == (
        Source.LOCAL,
        count + 1,
        "local-1",
        "每月带队检查化工园区",
        "区委文件",
    )
    assert [e.action for e in history(item)] == ["duty_item.add_local"]


def test_an_empty_local_item_is_refused_and_nothing_changes(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    with pytest.raises(Problems):
        duty_item_add_local(actor=office_a, duty_list=draft, title="   ")
    with pytest.raises(Problems):
        duty_item_add_local(actor=office_a, duty_list=draft, title="很长" * 200)
    assert not draft.items.filter(source=Source.LOCAL).exists()


def test_a_local_item_can_be_edited_with_an_audit_trail(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    item = duty_item_add_local(actor=office_a, duty_list=draft, title="旧")
    duty_item_update(actor=office_a, item=item, title="新", text="说明", basis="依据")
    item.refresh_from_db()
    assert (item.title, item.text, item.basis) == ("新", "说明", "依据")
    event = list(history(item))[-1]
    assert event.data["before"]["title"] == "旧" and event.data["after"]["title"] == "新"


def test_removing_a_local_item_closes_the_gap(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    first = duty_item_add_local(actor=office_a, duty_list=draft, title="一")
    duty_item_add_local(actor=office_a, duty_list=draft, title="二")
    duty_item_remove(actor=office_a, item=first)
    positions = list(draft.items.values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    assert list(draft.items.filter(source=Source.LOCAL).values_list("title", flat=True)) == ["二"]


def test_pack_items_cannot_be_edited_or_removed(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    item = draft.items.filter(source=Source.PACK).first()
    with pytest.raises(Problems):
        duty_item_update(actor=office_a, item=item, title="改")
    with pytest.raises(Problems):
        duty_item_remove(actor=office_a, item=item)
    assert DutyItem.objects.get(pk=item.pk).title == item.title


def test_local_keys_are_not_reused_across_versions(published_a, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    item = duty_item_add_local(actor=office_a, duty_list=draft, title="第二条本地职责")
    assert item.key == "local-2"


def test_a_neighbouring_office_cannot_add_to_the_draft(generate, posts, office_a, office_b):
    draft = generate(office_a, posts.secretary_a)
    with pytest.raises(PermissionDenied):
        duty_item_add_local(actor=office_b, duty_list=draft, title="越权")
    assert not draft.items.filter(source=Source.LOCAL).exists()
