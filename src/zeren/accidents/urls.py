from django.urls import path

from zeren.accidents import views

app_name = "accidents"
urlpatterns = [
    path("", views.accident_list, name="list"),
    path("new/", views.accident_create, name="create"),
    path("<int:accident>/", views.accident_detail, name="detail"),
    path("<int:accident>/casualties/", views.accident_casualties, name="casualties"),
    path("<int:accident>/report/", views.accident_report, name="report"),
    path("<int:accident>/responsibility/add/", views.responsibility_add, name="responsibility_add"),
    path("responsibility/<int:responsibility>/include/", views.responsibility_include, name="responsibility_include"),
]
