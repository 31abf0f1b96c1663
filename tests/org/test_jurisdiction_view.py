"""/org/<code>/: one jurisdiction and what lies below it."""

from django.urls import reverse


def page(code):
    return reverse("org:jurisdiction", kwargs={"code": code})


def test_a_county_office_sees_its_county_with_townships_and_counts(client, office_a):
    client.force_login(office_a)
    response = client.get(page("320412"))
    assert response.status_code == 200
    text = response.text
    assert "武进区" in text
    assert "湖塘镇" in text
    assert "320412100" in text
    assert "2 乡镇（街道）" in text
    assert "新北区" not in text
    assert "常州市" not in text  # not even in the breadcrumbs


def test_a_city_office_sees_counties_zones_and_their_townships(client, city_office):
    client.force_login(city_office)
    text = client.get(page("320400")).text
    assert "常州经济开发区" in text
    assert "戚墅堰街道" in text
    assert "本地代码" not in text
    assert "本地代码" in client.get(page("Z32040001")).text


def test_breadcrumbs_stop_at_the_top_of_the_users_scope(client, city_office):
    client.force_login(city_office)
    text = client.get(page("320412100")).text
    assert 'href="/org/320400/"' in text
    assert 'href="/org/320412/"' in text


def test_it_refuses_a_neighbouring_county(client, office_a):
    client.force_login(office_a)
    response = client.get(page("320411"))
    assert response.status_code == 403
    assert "您无权查看此页面" in response.text


def test_it_refuses_the_city_above(client, office_a):
    client.force_login(office_a)
    assert client.get(page("320400")).status_code == 403


def test_it_says_not_found_for_an_unknown_code(client, office_a):
    client.force_login(office_a)
    assert client.get(page("999999")).status_code == 404


def test_the_public_is_sent_to_log_in(client, world):
    response = client.get(page("320412"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
