from django.urls import path

from zeren.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual_index, name="annual"),
    path("annual/<str:code>/<int:year>.docx", views.annual_document, name="annual_docx"),
]
