"""A post's duty list page: generate, add a local item, publish, compare versions."""

from django.urls import reverse

from zeren.duties.models import DutyList, Source, Status


def _url(name, post):
    return reverse(f"duties:{name}", kwargs={"post_code": post.code})


def test_the_office_generates_edits_and_publishes(client, posts, office_a):
    client.force_login(office_a)
    client.post(_url("post_generate", posts.secretary_a))
    draft = DutyList.objects.get(post=posts.secretary_a)
    client.post(
        reverse("duties:list_add_item", kwargs={"list_id": draft.pk}), {"title": "本地：每月检查", "basis": "区文件"}
    )
    page = client.get(_url("post", posts.secretary_a)).content.decode()
    assert "本地：每月检查" in page and "常州 第六条 第（四）项" in page
    client.post(reverse("duties:list_publish", kwargs={"list_id": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.items.filter(source=Source.LOCAL).count() == 1


def test_a_bad_local_item_is_reported_and_nothing_changes(client, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    client.force_login(office_a)
    response = client.post(reverse("duties:list_add_item", kwargs={"list_id": draft.pk}), {"title": " "}, follow=True)
    assert "不能为空" in response.content.decode()
    assert not draft.items.filter(source=Source.LOCAL).exists()


def test_generating_where_no_regulation_is_bound_says_why(client, posts, office_a, world):
    from zeren.org.models import PolicyBinding

    PolicyBinding.objects.all().delete()
    client.force_login(office_a)
    response = client.post(_url("post_generate", posts.secretary_a), follow=True)
    assert "武进区" in response.content.decode() and not DutyList.objects.exists()


def test_compare_shows_the_changes_side_by_side(client, published_a, generate, posts, office_a):
    from zeren.duties.services import duty_item_add_local

    draft = generate(office_a, posts.secretary_a)
    duty_item_add_local(actor=office_a, duty_list=draft, title="第二版新增")
    client.force_login(office_a)
    response = client.get(_url("post_compare", posts.secretary_a), {"from": 1, "to": 2})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.added, comparison.removed, comparison.changed) == (1, 0, 0)
    assert "第二版新增" in response.content.decode()


def test_an_official_reads_but_cannot_generate(client, posts, official_a):
    client.force_login(official_a)
    assert client.get(_url("post", posts.secretary_a)).status_code == 200
    assert client.post(_url("post_generate", posts.secretary_a)).status_code == 403
    assert not DutyList.objects.exists()


def test_a_neighbouring_office_cannot_see_the_post_or_its_draft(client, generate, posts, office_a, office_b):
    draft = generate(office_a, posts.secretary_a)
    client.force_login(office_b)
    assert client.get(_url("post", posts.secretary_a)).status_code == 403
    assert client.get(reverse("duties:list", kwargs={"list_id": draft.pk})).status_code == 403
    assert client.get(reverse("duties:list_docx", kwargs={"list_id": draft.pk})).status_code == 403
