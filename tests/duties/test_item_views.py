"""Editing and removing local items of a draft."""

from django.urls import reverse

from zeren.duties.models import Source
from zeren.duties.services import duty_item_add_local


def test_the_office_edits_a_local_item(client, generate, posts, office_a):
    item = duty_item_add_local(actor=office_a, duty_list=generate(office_a, posts.secretary_a), title="旧")
    client.force_login(office_a)
    url = reverse("duties:item_edit", kwargs={"item_id": item.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "新", "text": "", "basis": "依据"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.basis) == ("新", "依据")


def test_an_empty_edit_is_refused_with_a_message(client, generate, posts, office_a):
    item = duty_item_add_local(actor=office_a, duty_list=generate(office_a, posts.secretary_a), title="旧")
    client.force_login(office_a)
    response = client.post(reverse("duties:item_edit", kwargs={"item_id": item.pk}), {"title": ""})
    assert response.status_code == 400 and "不能为空" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "旧"


def test_the_office_removes_a_local_item(client, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    item = duty_item_add_local(actor=office_a, duty_list=draft, title="删")
    client.force_login(office_a)
    client.post(reverse("duties:item_remove", kwargs={"item_id": item.pk}))
    assert not draft.items.filter(source=Source.LOCAL).exists()


def test_a_published_item_cannot_be_removed(client, published_a, office_a):
    item = published_a.items.get(source=Source.LOCAL)
    client.force_login(office_a)
    client.post(reverse("duties:item_remove", kwargs={"item_id": item.pk}))
    assert published_a.items.filter(pk=item.pk).exists()


def test_others_may_not_edit(client, generate, posts, office_a, office_b, discipline):
    item = duty_item_add_local(actor=office_a, duty_list=generate(office_a, posts.secretary_a), title="旧")
    for user, status in ((office_b, 403), (discipline, 403)):
        client.force_login(user)
        assert (
            client.post(reverse("duties:item_edit", kwargs={"item_id": item.pk}), {"title": "x"}).status_code == status
        )
        assert client.post(reverse("duties:item_remove", kwargs={"item_id": item.pk})).status_code == status
    item.refresh_from_db()
    assert item.title == "旧"
