"""URL configuration. Every route that names an object must be covered by the scoping walk
in tests/test_url_scoping.py."""

from django.urls import include, path

from zeren import search, views

urlpatterns = [
    path("", views.home, name="home"),
    path("policy/review/", views.policy_review, name="policy_review"),
    path("search/", search.search, name="search"),
    path("accounts/", include("zeren.accounts.urls")),
    path("org/", include("zeren.org.urls")),
    path("duties/", include("zeren.duties.urls")),
    path("records/", include("zeren.records.urls")),
    path("accidents/", include("zeren.accidents.urls")),
    path("cases/", include("zeren.cases.urls")),
    path("commendations/", include("zeren.commendations.urls")),
    path("reports/", include("zeren.reports.urls")),
    path("assessments/", include("zeren.assessments.urls")),
    path("tours/", include("zeren.tours.urls")),
    path("supervision/", include("zeren.supervision.urls")),
    path("jobs/", include("zeren.jobs.urls")),
    path("api/", include(("zeren.api.urls", "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
]
