from django.urls import path, register_converter

from zeren.org import views
from zeren.org.converters import JurisdictionCodeConverter

register_converter(JurisdictionCodeConverter, "jcode")

app_name = "org"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("<jcode:code>/", views.jurisdiction, name="jurisdiction"),
]
