from django.urls import path, register_converter

from zeren.org import views
from zeren.org.converters import JurisdictionCodeConverter

register_converter(JurisdictionCodeConverter, "jcode")

app_name = "org"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("organisation-template.xlsx", views.organisation_template, name="organisation_template"),
    path("import/", views.organisation_upload, name="organisation_import"),
    path("import/<int:job_id>/", views.organisation_import_job, name="organisation_import_job"),
    path("import/<int:job_id>/rerun/", views.organisation_import_rerun, name="organisation_import_rerun"),
    path("bindings/", views.policy_bindings, name="policy_bindings"),
    path("bodies/new/", views.body_edit, name="body_create"),
    path("bodies/<str:body_code>/", views.body, name="body"),
    path("bodies/<str:body_code>/edit/", views.body_edit, name="body_edit"),
    path("posts/", views.post_search, name="post_search"),
    path("posts/new/", views.post_edit, name="post_create"),
    path("posts/<str:post_code>/", views.post, name="post"),
    path("posts/<str:post_code>/edit/", views.post_edit, name="post_edit"),
    path("posts/<str:post_code>/appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:appointment_id>/edit/", views.appointment_edit, name="appointment_edit"),
    path("people/", views.person_search, name="person_search"),
    path("people/new/", views.person_edit, name="person_create"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<jcode:code>/", views.jurisdiction, name="jurisdiction"),
]
