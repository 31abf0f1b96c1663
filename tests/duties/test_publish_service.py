"""duty_list_publish: a draft becomes the published list; published lists never change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from zeren.audit.services import history
from zeren.duties.models import DutyItem, DutyList, Source, Status
from zeren.duties.services import (
    duty_item_add_local,
    duty_item_remove,
    duty_item_update,
    duty_list_publish,
    duty_lists_publish_drafts,
)
from zeren.problems import Conflict, Problems


def test_publishing_freezes_the_draft_and_records_who_and_when(published_a, office_a):
    assert published_a.status == Status.PUBLISHED
    assert published_a.published_by == office_a and published_a.published_at is not None
    assert [e.action for e in history(published_a)] == ["duty_list.generate", "duty_list.publish"]


def test_publishing_a_new_version_supersedes_the_old_one(published_a, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    duty_list_publish(actor=office_a, duty_list=draft)
    published_a.refresh_from_db()
    assert published_a.status == Status.SUPERSEDED
    assert list(DutyList.objects.filter(post=posts.secretary_a).values_list("version", "status")) == [
        (2, "published"),
        (1, "superseded"),
    ]


def test_services_refuse_to_change_a_published_list(published_a, office_a):
    local = published_a.items.get(source=Source.LOCAL)
    for attempt in (
        lambda: duty_item_add_local(actor=office_a, duty_list=published_a, title="补充"),
        lambda: duty_item_update(actor=office_a, item=local, title="改"),
        lambda: duty_item_remove(actor=office_a, item=local),
        lambda: duty_list_publish(actor=office_a, duty_list=published_a),
    ):
        with pytest.raises(Problems):
            attempt()
    assert published_a.items.get(source=Source.LOCAL).title == "每月带队检查一次化工园区"


def test_the_models_refuse_to_save_or_delete_a_published_list(published_a):
    item = published_a.items.first()
    item.title = "改"
    with pytest.raises(Conflict):
        item.save()
    with pytest.raises(Conflict):
        item.delete()
    published_a.pack_id = "hebei-2018"
    with pytest.raises(Conflict):
        published_a.save()
    with pytest.raises(Conflict):
        published_a.delete()


def test_the_database_refuses_updates_that_bypass_the_models(published_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyItem.objects.filter(duty_list=published_a).update(title="改")
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyList.objects.filter(pk=published_a.pk).update(pack_id="hebei-2018")
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyItem.objects.bulk_create([DutyItem(duty_list=published_a, position=99, source="local", key="x", title="x")])
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyList.objects.filter(pk=published_a.pk).update(status="draft")
    assert not DutyItem.objects.filter(title__in=["改", "x"]).exists()


def test_an_empty_draft_cannot_be_published(generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    DutyItem.objects.filter(duty_list=draft).delete()
    with pytest.raises(Problems):
        duty_list_publish(actor=office_a, duty_list=draft)


def test_publish_all_publishes_the_jurisdictions_drafts_only(generate, posts, office_a, province_office, world):
    generate(office_a, posts.secretary_a)
    generate(office_a, posts.deputy_a)
    hebei = generate(province_office, posts.secretary_hebei)
    published = duty_lists_publish_drafts(actor=office_a, jurisdiction=world.county_a)
    assert {d.post_id for d in published} == {posts.secretary_a.pk, posts.deputy_a.pk}
    hebei.refresh_from_db()
    assert hebei.status == Status.DRAFT


def test_a_neighbouring_office_cannot_publish(generate, posts, office_a, office_b):
    draft = generate(office_a, posts.secretary_a)
    with pytest.raises(PermissionDenied):
        duty_list_publish(actor=office_b, duty_list=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
