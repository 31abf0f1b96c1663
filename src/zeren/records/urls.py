from django.urls import path, register_converter

from zeren.org.converters import JurisdictionCodeConverter
from zeren.records import views

register_converter(JurisdictionCodeConverter, "rjcode")

app_name = "records"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.record_new, name="new"),
    path("all/", views.record_list, name="list"),
    path("<int:record_id>/", views.record_detail, name="detail"),
    path("<int:record_id>/edit/", views.record_edit, name="edit"),
    path("<int:record_id>/delete/", views.record_delete, name="delete"),
    path("<int:record_id>/confirm/", views.record_confirm, name="confirm"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path("evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence_remove"),
    path("dashboard/", views.dashboard_home, name="dashboard_home"),
    path("dashboard/<rjcode:code>/", views.dashboard, name="dashboard"),
    path("dashboard/<rjcode:code>/overdue.xlsx", views.overdue_xlsx, name="overdue_xlsx"),
    path("posts/<str:post_code>/", views.post_detail, name="post"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:feed_token>.ics", views.feed, name="feed"),
]
