"""The jurisdiction overview: posts × list status; generate missing drafts; publish all drafts."""

from django.urls import reverse

from zeren.duties.models import DutyList, Status


def test_the_office_sees_its_posts_with_their_list_status(client, published_a, posts, office_a):
    client.force_login(office_a)
    response = client.get(reverse("duties:jurisdiction", kwargs={"code": "320412"}))
    assert response.status_code == 200
    rows = {row.post.code: row.state for row in response.context["rows"]}
    assert rows == {"320412-PS": "published", "320412-DS": "missing", "320412-YJ-P": "missing"}
    assert "changzhou-2018" in response.content.decode()


def test_generate_makes_drafts_for_posts_without_a_list(client, published_a, posts, office_a):
    client.force_login(office_a)
    response = client.post(reverse("duties:jurisdiction_generate", kwargs={"code": "320412"}))
    assert response.status_code == 302
    assert set(DutyList.objects.filter(status=Status.DRAFT).values_list("post__code", flat=True)) == {
        "320412-DS",
        "320412-YJ-P",
    }


def test_publish_all_publishes_the_drafts(client, generate, posts, office_a):
    generate(office_a, posts.secretary_a)
    generate(office_a, posts.deputy_a)
    client.force_login(office_a)
    client.post(reverse("duties:jurisdiction_publish", kwargs={"code": "320412"}))
    assert set(DutyList.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_the_overview_xlsx_has_every_post_with_a_list(client, published_a, generate, posts, office_a):
    from zeren.documents import read_rows

    generate(office_a, posts.deputy_a)
    client.force_login(office_a)
    response = client.get(reverse("duties:jurisdiction_export", kwargs={"code": "320412"}))
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    rows = read_rows(
        response.content, headers=["单位", "岗位代码", "岗位", "角色", "版本", "状态", "依据规定", "职责条数"]
    )
    assert {(r["岗位代码"], r["状态"]) for _, r in rows} == {("320412-PS", "已发布"), ("320412-DS", "草稿")}


def test_organisation_users_read_but_cannot_generate(client, posts, organisation):
    client.force_login(organisation)
    assert client.get(reverse("duties:jurisdiction", kwargs={"code": "320412"})).status_code == 200
    assert client.post(reverse("duties:jurisdiction_generate", kwargs={"code": "320412"})).status_code == 403
    assert not DutyList.objects.exists()


def test_a_neighbouring_office_is_refused(client, posts, office_b):
    client.force_login(office_b)
    assert client.get(reverse("duties:jurisdiction", kwargs={"code": "320412"})).status_code == 403
    assert client.post(reverse("duties:jurisdiction_publish", kwargs={"code": "320412"})).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, posts):
    response = client.get(reverse("duties:jurisdiction", kwargs={"code": "320412"}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
