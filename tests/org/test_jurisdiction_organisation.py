"""The jurisdiction page lists its bodies and posts with current holders, and the pack in force."""

import datetime

from django.urls import reverse

from zeren.org.models import PolicyBinding


def page(code):
    return reverse("org:jurisdiction", kwargs={"code": code})


def test_it_lists_bodies_posts_and_current_holders(client, office_a, org):
    client.force_login(office_a)
    response = client.get(page("320412"))
    bodies = response.context["bodies"]
    assert [b.code for b, _ in bodies] == ["320412-ZF", "320412-YJ"]  # government before departments
    text = response.text
    assert 'href="/org/posts/320412-DS/"' in text
    assert "周立新" in text


def test_it_shows_the_pack_bound_up_the_tree(client, office_a, org):
    client.force_login(office_a)
    pack = client.get(page("320412")).context["pack"]
    assert (pack.pack_id, pack.bound_at.code) == ("changzhou-2018", "320400")


def test_without_a_binding_in_force_it_says_none(client, province_office, org, world):
    client.force_login(province_office)
    assert client.get(page("130000")).context["pack"] is None
    PolicyBinding.objects.create(
        jurisdiction=world.province, pack_id="hebei-2018", valid_from=datetime.date(2100, 1, 1)
    )
    assert client.get(page("130000")).context["pack"] is None  # not yet in force
