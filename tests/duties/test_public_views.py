"""The 公示 pages: anonymous access, published lists only, with citations and article text."""

from django.urls import reverse


def test_the_public_index_lists_published_lists_by_jurisdiction(client, published_a, generate, posts, office_b):
    generate(office_b, posts.secretary_b)  # a draft: not public
    response = client.get(reverse("duties:public_index"))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [(g.jurisdiction.code, [d.pk for d in g.lists]) for g in groups] == [("320412", [published_a.pk])]


def test_the_public_index_filters_by_jurisdiction(client, published_a):
    response = client.get(reverse("duties:public_index"), {"j": "320411"})
    assert response.context["groups"] == []


def test_a_published_list_shows_its_citations_and_article_text(client, published_a):
    response = client.get(reverse("duties:public_list", kwargs={"list_id": published_a.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "常州 第六条 第（四）项" in page and "CZ-6.4" in page
    assert "党委常委会" in page  # the article's words, in a <details>
    assert "changzhou-2018" in page
    assert "每月带队检查一次化工园区" in page and "武委发〔2024〕1号" in page


def test_a_draft_does_not_exist_for_the_public(client, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    assert client.get(reverse("duties:public_list", kwargs={"list_id": draft.pk})).status_code == 404
    assert client.get(reverse("duties:public_docx", kwargs={"list_id": draft.pk})).status_code == 404


def test_anonymous_visitors_cannot_reach_the_internal_pages(client, published_a):
    response = client.get(reverse("duties:list", kwargs={"list_id": published_a.pk}))
    assert response.status_code == 302


def test_the_public_docx_downloads(client, published_a):
    response = client.get(reverse("duties:public_docx", kwargs={"list_id": published_a.pk}))
    assert response.status_code == 200 and response.content[:2] == b"PK"
