"""The records list (/records/all/): scoped, filtered, paged by seek on (date, id), counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zeren.listing import Cursor

URL = "/records/all/"


@pytest.fixture
def records(world, office_a):
    """Records on distinct days: 60 in 武进区, 5 in its township 湖塘镇, 3 in the neighbouring 新北区."""
    from zeren.records.models import PerformanceRecord

    def make(jurisdiction, day, activity="led_inspection", place="", **extra):
        return PerformanceRecord.objects.create(
            activity=activity, occurred_on=day, jurisdiction=jurisdiction, place=place, created_by=office_a, **extra
        )

    start = dt.date(2025, 1, 1)
    county = [make(world.county_a, start + dt.timedelta(days=i)) for i in range(60)]
    township = [
        make(world.township_a, dt.date(2025, 6, 1 + i), activity="executive_meeting", place="湖塘镇会议室")
        for i in range(5)
    ]
    neighbour = [make(world.county_b, dt.date(2025, 3, 1 + i), place="新北区") for i in range(3)]
    return county, township, neighbour


def ids(response):
    return [r.pk for r in response.context["page"].rows]


def test_the_list_uses_the_url_it_always_had():
    assert reverse("records:list") == URL


def test_it_shows_only_the_records_of_the_users_subtree_newest_first(client, office_a, records):
    _county, _township, neighbour = records
    client.force_login(office_a)
    response = client.get(URL)
    assert response.status_code == 200
    shown = ids(response)
    assert len(shown) == 50
    assert not set(shown) & {r.pk for r in neighbour}
    days = [r.occurred_on for r in response.context["page"].rows]
    assert days == sorted(days, reverse=True)
    assert response.context["count"] == 65
    assert "共 65 条" in response.content.decode()


def test_next_and_previous_pages_follow_the_cursor_without_gaps_or_repeats(client, office_a, records):
    county, township, _neighbour = records
    client.force_login(office_a)
    first = client.get(URL)
    cursor = first.context["page"].next_cursor
    assert cursor is not None
    second = client.get(URL, {"after": str(cursor)})
    assert second.status_code == 200
    assert len(ids(second)) == 15
    assert set(ids(first)) | set(ids(second)) == {r.pk for r in county + township}
    assert second.context["page"].next_cursor is None
    back = client.get(URL, {"before": str(second.context["page"].previous_cursor)})
    assert ids(back) == ids(first)
    assert back.context["page"].first


def test_a_page_link_keeps_the_filter(client, office_a, records):
    client.force_login(office_a)
    response = client.get(URL, {"activity": "led_inspection"})
    cursor = response.context["page"].next_cursor
    assert f'?activity=led_inspection&amp;after={cursor}"' in response.content.decode()


def test_the_jurisdiction_filter_keeps_to_the_chosen_subtree(client, office_a, world, records):
    _county, township, _neighbour = records
    client.force_login(office_a)
    response = client.get(URL, {"jurisdiction": world.township_a.code})
    assert sorted(ids(response)) == sorted(r.pk for r in township)
    assert response.context["count"] == 5


def test_a_jurisdiction_outside_the_users_subtree_is_refused_with_a_message(client, office_a, world, records):
    client.force_login(office_a)
    response = client.get(URL, {"jurisdiction": world.county_b.code})
    assert response.status_code == 400
    assert ids(response) == []
    assert 'data-testid="problems"' in response.content.decode()


def test_the_activity_filter(client, office_a, records):
    _county, township, _neighbour = records
    client.force_login(office_a)
    response = client.get(URL, {"activity": "executive_meeting"})
    assert sorted(ids(response)) == sorted(r.pk for r in township)


def test_the_date_range_filter(client, office_a, records):
    county, _township, _neighbour = records
    client.force_login(office_a)
    response = client.get(URL, {"date_from": "2025-01-10", "date_to": "2025-01-19"})
    assert sorted(ids(response)) == sorted(r.pk for r in county[9:19])


def test_a_date_range_the_wrong_way_round_is_said_plainly(client, office_a, records):
    client.force_login(office_a)
    response = client.get(URL, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.status_code == 400
    assert "结束日期早于开始日期" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2025-13-45"},
        {"activity": "dancing"},
        {"status": "burnt"},
        {"jurisdiction": "' OR 1=1 --"},
        {"q": "x" * 101},
    ],
)
def test_bad_filter_input_gives_a_message_never_a_500(client, office_a, records, params):
    client.force_login(office_a)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'data-testid="problems"' in response.content.decode()
    assert ids(response) == []


@pytest.mark.parametrize("cursor", ["nonsense", "2025-02-30.1", "2025-01-01.x", "."])
def test_a_bad_page_link_gives_a_message_never_a_500(client, office_a, records, cursor):
    client.force_login(office_a)
    for name in ("after", "before"):
        response = client.get(URL, {name: cursor})
        assert response.status_code == 400
        assert "第一页" in response.content.decode()


def test_the_search_finds_the_place(client, office_a, records):
    _county, township, _neighbour = records
    client.force_login(office_a)
    response = client.get(URL, {"q": "会议室"})
    assert sorted(ids(response)) == sorted(r.pk for r in township)


def test_the_search_finds_the_summary_in_any_case_and_on_postgresql_by_its_trigram_indexes(
    client, office_a, world, records
):
    """On PostgreSQL the list's search can be served by the trigram indexes of records migration 0009:
    the plan of the list's own search filter, with plain scans off, reads both; SQLite scans."""
    from django.db import connection

    from zeren.records.filters import RecordFilter
    from zeren.records.models import PerformanceRecord

    found = PerformanceRecord.objects.create(
        activity="led_inspection", occurred_on=dt.date(2025, 8, 1), jurisdiction=world.county_a,
        summary="检查 LPG 燃气储配站", created_by=office_a,
    )
    client.force_login(office_a)
    response = client.get(URL, {"q": "lpg 燃气"})
    assert ids(response) == [found.pk]
    if connection.vendor != "postgresql":
        return
    searched = RecordFilter({"q": "lpg 燃气"}, queryset=PerformanceRecord.objects.all(), user=office_a).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = searched.explain()
    assert "records_rec_place_trgm" in plan and "records_rec_summary_trgm" in plan, plan


def test_deleted_records_are_hidden_unless_asked_for(client, office_a, records):
    from django.utils import timezone

    county, _township, _neighbour = records
    deleted = county[0]
    deleted.deleted_at = timezone.now()
    deleted.save()
    client.force_login(office_a)
    assert deleted.pk not in ids(client.get(URL, {"date_to": "2025-01-05"}))
    assert ids(client.get(URL, {"status": "deleted"})) == [deleted.pk]


def test_the_count_is_bounded_above_the_cap(client, office_a, records, monkeypatch):
    monkeypatch.setattr("zeren.listing.COUNT_CAP", 10)
    from zeren.listing import bounded_count
    from zeren.records.models import PerformanceRecord

    assert bounded_count(PerformanceRecord.objects.all(), cap=10) == (10, True)
    assert bounded_count(PerformanceRecord.objects.all(), cap=100) == (68, False)


def test_a_neighbouring_county_sees_none_of_them_but_its_own(client, office_b, records):
    _county, _township, neighbour = records
    client.force_login(office_b)
    assert sorted(ids(client.get(URL))) == sorted(r.pk for r in neighbour)


def test_an_anonymous_visitor_is_sent_to_log_in(client, records):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_cursor_reads_back_what_it_wrote():
    cursor = Cursor(dt.date(2025, 3, 1), 42)
    assert Cursor.parse(str(cursor)) == cursor
