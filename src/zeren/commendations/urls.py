from django.urls import path

from zeren.commendations import views

app_name = "commendations"
urlpatterns = [
    path("", views.commendations, name="list"),
]
