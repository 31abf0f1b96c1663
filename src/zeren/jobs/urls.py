from django.urls import path

from zeren.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:job_id>/", views.job, name="job"),
    path("<int:job_id>/file", views.job_file, name="job_file"),
]
