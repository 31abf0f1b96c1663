from django.urls import path, register_converter

from zeren.duties import views
from zeren.org.converters import JurisdictionCodeConverter

register_converter(JurisdictionCodeConverter, "duties_jcode")

app_name = "duties"

urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_index, name="public_index"),
    path("public/<int:list_id>/", views.public_list, name="public_list"),
    path("public/<int:list_id>/duty-list.docx", views.public_docx, name="public_docx"),
    path("j/<duties_jcode:code>/", views.jurisdiction, name="jurisdiction"),
    path("j/<duties_jcode:code>/generate/", views.jurisdiction_generate, name="jurisdiction_generate"),
    path("j/<duties_jcode:code>/publish/", views.jurisdiction_publish, name="jurisdiction_publish"),
    path("j/<duties_jcode:code>/duty-lists.xlsx", views.jurisdiction_export, name="jurisdiction_export"),
    path("post/<str:post_code>/", views.post, name="post"),
    path("post/<str:post_code>/generate/", views.post_generate, name="post_generate"),
    path("post/<str:post_code>/compare/", views.post_compare, name="post_compare"),
    path("list/<int:list_id>/", views.duty_list, name="list"),
    path("list/<int:list_id>/publish/", views.list_publish, name="list_publish"),
    path("list/<int:list_id>/items/", views.list_add_item, name="list_add_item"),
    path("list/<int:list_id>/duty-list.docx", views.list_docx, name="list_docx"),
    path("list/<int:list_id>/duty-list.xlsx", views.list_xlsx, name="list_xlsx"),
    path("item/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("item/<int:item_id>/remove/", views.item_remove, name="item_remove"),
]
