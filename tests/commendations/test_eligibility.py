"""Who the commendation list names (常州 第十九条, 第二十二条; 河北 第十九、二十、二十三条): the officials of
a region rated excellent three years running within their term, never one under a one-vote veto."""

from __future__ import annotations

import datetime

import pytest

from accidents.factories import leaders
from commendations.factories import publish
from commendations.helpers import veto
from zeren.cases.selectors import reward_restrictions
from zeren.commendations.eligibility import commendation_list, person_eligibility
from zeren.org.models import Appointment, Person

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 1)


def _excellent(jurisdiction, by, years=(2023, 2024, 2025)):
    for year in years:
        publish(jurisdiction, year, "excellent", by=by)


def _listing(jurisdiction, on=ON, year=2025):
    return commendation_list(jurisdiction, as_of_year=year, on=on, restrictions=reward_restrictions)


def _names(candidates):
    return {c.term.person.name for c in candidates}


def test_the_officials_of_a_region_excellent_three_years_within_their_term_are_eligible(bound, wujin, xinbei):
    _excellent(bound.county_a, bound.city)
    publish(bound.county_b, 2025, "excellent", by=bound.city)
    publish(bound.county_b, 2024, "good", by=bound.city)
    listing = _listing(bound.city)
    eligible = {c.term.person.name: c for c in listing.eligible}
    region_leaders = {
        wujin.secretary,
        wujin.head,
        wujin.deputy_for_safety,
        wujin.building_deputy,
        wujin.industry_deputy,
    }
    assert set(eligible) == {p.name for p in region_leaders}
    secretary = eligible[wujin.secretary.name]
    assert secretary.verdict["awards"] == ["citation", "merit"]
    assert ["嘉奖" in secretary.awards[0], "记功" in secretary.awards[1]] == [True, True]
    assert secretary.years == [2023, 2024, 2025]
    assert [a["label"] for a in secretary.articles] == ["常州 第十九条"]
    assert secretary.verdict["policy"] == "changzhou-2018"
    # the department's head is not a member of the region's party committee or government
    assert wujin.bureau_chief.name not in eligible
    # 新北区 was excellent only in 2025: nobody there
    assert not _names(listing.eligible + listing.refused) & {p.name for p in (xinbei.secretary, xinbei.head)}


def test_an_official_under_a_one_vote_veto_on_the_day_is_refused_with_the_article(bound, wujin):
    _excellent(bound.county_a, bound.city)
    veto(wujin.deputy_for_safety, wujin.posts["DS"], start=datetime.date(2025, 9, 10))
    listing = _listing(bound.city)
    assert wujin.deputy_for_safety.name not in _names(listing.eligible)
    refused = {c.term.person.name: c for c in listing.refused}[wujin.deputy_for_safety.name]
    assert refused.refused
    assert [a["label"] for a in refused.articles] == ["常州 第十九条", "常州 第二十二条"]
    assert any("一票否决" in r or "one-vote veto" in r for r in refused.reasons)
    assert wujin.secretary.name in _names(listing.eligible)


def test_a_veto_that_ended_the_day_before_no_longer_refuses_but_one_ending_tomorrow_does(bound, wujin):
    _excellent(bound.county_a, bound.city)
    veto(wujin.deputy_for_safety, wujin.posts["DS"], start=datetime.date(2024, 3, 1), until=ON)
    veto(wujin.head, wujin.posts["GH"], start=datetime.date(2024, 3, 1), until=ON + datetime.timedelta(days=1))
    listing = _listing(bound.city)
    assert wujin.deputy_for_safety.name in _names(listing.eligible)
    assert wujin.head.name in _names(listing.refused)


def test_a_veto_lifted_on_appeal_before_the_day_no_longer_refuses(bound, wujin):
    _excellent(bound.county_a, bound.city)
    veto(wujin.secretary, wujin.posts["PS"], start=datetime.date(2025, 9, 10), lifted_on=datetime.date(2026, 1, 5))
    assert wujin.secretary.name in _names(_listing(bound.city).eligible)


def test_a_term_that_began_mid_streak_does_not_count_the_years_before_it(bound, wujin):
    _excellent(bound.county_a, bound.city, years=(2022, 2023, 2024, 2025))
    old = Appointment.objects.get(person=wujin.head)
    old.end, old.end_reason = datetime.date(2023, 3, 31), "transferred"
    old.save()
    newcomer = Person.objects.create(name="武新区长", jurisdiction=bound.county_a)
    Appointment.objects.create(person=newcomer, post=wujin.posts["GH"], start=datetime.date(2023, 4, 1))
    listing = _listing(bound.city)
    refused = {c.term.person.name: c for c in listing.refused}
    assert newcomer.name in refused and newcomer.name not in _names(listing.eligible)
    assert refused[newcomer.name].years == [2024, 2025]
    assert any("2023" in r for r in refused[newcomer.name].reasons)
    assert wujin.head.name not in _names(listing.eligible + listing.refused)  # no longer in post at 2025's end


def test_consecutive_posts_in_the_region_are_one_term(bound, wujin):
    """区长 from 2020, then 书记 from 2024-06-01: the term in the region runs from 2020."""
    _excellent(bound.county_a, bound.city)
    old = Appointment.objects.get(person=wujin.secretary)
    old.end, old.end_reason = datetime.date(2024, 5, 31), "transferred"
    old.save()
    head = Appointment.objects.get(person=wujin.head)
    head.end, head.end_reason = datetime.date(2024, 5, 31), "promoted"
    head.save()
    Appointment.objects.create(person=wujin.head, post=wujin.posts["PS"], start=datetime.date(2024, 6, 1))
    found = {c.term.person.name: c for c in _listing(bound.city).eligible}
    assert found[wujin.head.name].term.start == datetime.date(2020, 1, 1)
    assert found[wujin.head.name].term.posts == ("区长", "书记")


def test_the_list_covers_only_the_regions_directly_below(bound, wujin):
    township = leaders(bound.township_a)
    _excellent(bound.township_a, bound.county_a)
    _excellent(bound.county_a, bound.city)
    assert _names(_listing(bound.county_a).eligible) == {
        p.name
        for p in (
            township.secretary,
            township.head,
            township.deputy_for_safety,
            township.building_deputy,
            township.industry_deputy,
        )
    }
    assert township.secretary.name not in _names(_listing(bound.city).eligible)


def test_hebei_gives_merit_and_commendation_for_one_excellent_year_refused_under_a_veto(bound):
    county = bound.province.children.get().children.get()
    city = county.parent
    zd = leaders(county, names="子丑寅卯辰巳")
    publish(county, 2025, "excellent", by=city)
    veto(zd.head, zd.posts["GH"], start=datetime.date(2025, 7, 1))
    listing = _listing(city)
    eligible = {c.term.person.name: c for c in listing.eligible}
    assert eligible[zd.secretary.name].verdict["awards"] == ["commendation", "merit"]
    refused = {c.term.person.name: c for c in listing.refused}[zd.head.name]
    assert "河北 第二十三条" in [a["label"] for a in refused.articles]


def test_the_dossier_view_of_one_person(bound, wujin):
    _excellent(bound.county_a, bound.city)
    veto(wujin.deputy_for_safety, wujin.posts["DS"], start=datetime.date(2025, 9, 10))
    (mine,) = person_eligibility(wujin.secretary, on=ON, restrictions=reward_restrictions)
    assert mine.eligible and mine.term.jurisdiction == bound.county_a
    (theirs,) = person_eligibility(wujin.deputy_for_safety, on=ON, restrictions=reward_restrictions)
    assert theirs.refused
    assert person_eligibility(wujin.bureau_chief, on=ON, restrictions=reward_restrictions) == []
