"""duty_list_generate: a draft from the pack in force, citing articles verbatim."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from zeren.audit.services import history
from zeren.duties.models import DutyList, Source, Status
from zeren.duties.services import duty_list_generate, duty_lists_generate_missing
from zeren.problems import Problems

from .conftest import ON


def test_it_generates_a_draft_with_every_pack_item_and_its_article_text(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    assert (draft.version, draft.status, draft.pack_id) == (1, Status.DRAFT, "changzhou-2018")
    items = list(draft.items.all())
    assert [item.position for item in items] == list(range(1, len(items) + 1))
    cites = {cite for item in items for cite in item.cites}
    assert {"CZ-6.1", "CZ-6.4", "CZ-6.6"} <= cites
    standing = next(item for item in items if item.every == "half_year")
    assert standing.articles[0]["label"] == "常州 第六条 第（四）项"
    assert "党委常委会" in standing.articles[0]["text"]
    assert standing.text == standing.articles[0]["text"]


def test_a_hebei_county_secretary_gets_every_item_of_article_five(generate, posts, province_office):
    draft = generate(province_office, posts.secretary_hebei)
    cites = {cite for item in draft.items.all() for cite in item.cites}
    assert {f"HB-5.{n}" for n in range(1, 10)} <= cites


def test_it_records_an_audit_event(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    events = list(history(draft))
    assert [event.action for event in events] == ["duty_list.generate"]
    assert events[0].data["after"]["version"] == 1


def test_generating_again_refreshes_the_draft_and_keeps_its_local_items(generate, posts, office_a):
    from zeren.duties.services import duty_item_add_local

    draft = generate(office_a, posts.secretary_a)
    duty_item_add_local(actor=office_a, duty_list=draft, title="本地职责")
    again = generate(office_a, posts.secretary_a)
    assert again.pk == draft.pk
    local = list(again.items.filter(source=Source.LOCAL))
    assert [item.title for item in local] == ["本地职责"]
    assert local[0].position == again.items.count()


def test_a_change_of_pack_makes_a_new_draft_and_leaves_the_published_list_alone(published_a, posts, office_a, world):
    from zeren.org.models import PolicyBinding

    before = [(item.key, item.title, item.text) for item in published_a.items.all()]
    PolicyBinding.objects.create(
        jurisdiction=world.county_a, pack_id="hebei-2018", valid_from=datetime.date(2025, 1, 1)
    )
    result = duty_lists_generate_missing(actor=office_a, jurisdiction=world.county_a, on=ON)
    new = next(draft for draft in result.generated if draft.post_id == posts.secretary_a.pk)
    assert (new.version, new.status, new.pack_id) == (2, Status.DRAFT, "hebei-2018")
    assert [item.title for item in new.items.filter(source=Source.LOCAL)] == ["每月带队检查一次化工园区"]
    published_a.refresh_from_db()
    assert published_a.status == Status.PUBLISHED
    assert published_a.pack_id == "changzhou-2018"
    assert [(item.key, item.title, item.text) for item in published_a.items.all()] == before


def test_a_change_of_post_makes_a_new_draft(published_a, posts, office_a, world):
    posts.secretary_a.title = "区委书记（兼）"
    posts.secretary_a.save()
    result = duty_lists_generate_missing(actor=office_a, jurisdiction=world.county_a, on=ON)
    assert [(d.post_id, d.version, d.post_title) for d in result.generated if d.post_id == posts.secretary_a.pk] == [
        (posts.secretary_a.pk, 2, "区委书记（兼）")
    ]


def test_up_to_date_lists_are_left_alone(published_a, posts, office_a, world):
    result = duty_lists_generate_missing(actor=office_a, jurisdiction=world.county_a, on=ON)
    assert posts.secretary_a.pk not in {draft.post_id for draft in result.generated}
    assert DutyList.objects.filter(post=posts.secretary_a).count() == 1


def test_a_jurisdiction_without_a_binding_gets_a_clear_error_and_nothing(posts, office_a):
    with pytest.raises(Problems, match="2018"):
        duty_list_generate(actor=office_a, post=posts.secretary_a, on=datetime.date(2018, 1, 1))
    assert not DutyList.objects.exists()


def test_a_neighbouring_office_may_not_generate(posts, office_b):
    with pytest.raises(PermissionDenied):
        duty_list_generate(actor=office_b, post=posts.secretary_a, on=ON)
    assert not DutyList.objects.exists()


@pytest.mark.parametrize("persona", ["organisation", "discipline", "official_a"])
def test_only_the_office_may_generate(request, posts, persona):
    with pytest.raises(PermissionDenied):
        duty_list_generate(actor=request.getfixturevalue(persona), post=posts.secretary_a, on=ON)
