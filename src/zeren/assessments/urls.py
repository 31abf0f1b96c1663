from django.urls import path

from zeren.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("<int:assessment>/", views.assessment_detail, name="detail"),
    path("<int:assessment>/prefill/", views.assessment_prefill, name="prefill"),
    path("<int:assessment>/open/", views.assessment_open, name="open"),
    path("<int:assessment>/approve/", views.assessment_approve_all, name="approve_all"),
    path("<int:assessment>/publish/", views.assessment_publish, name="publish"),
    path("<int:assessment>/notice.docx", views.assessment_notice, name="notice"),
    path("<int:assessment>/ranking.xlsx", views.assessment_ranking, name="ranking"),
    path("entries/<int:entry>/", views.entry_detail, name="entry"),
    path("entries/<int:entry>/self-score/", views.entry_self_score, name="self_score"),
    path("entries/<int:entry>/submit/", views.entry_submit, name="submit"),
    path("entries/<int:entry>/adjust/", views.entry_adjust, name="adjust"),
    path("entries/<int:entry>/accept/", views.entry_accept, name="accept"),
    path("entries/<int:entry>/return/", views.entry_return, name="return"),
    path("entries/<int:entry>/approve/", views.entry_approve, name="approve"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:assessment>/", views.public_detail, name="public_detail"),
]
