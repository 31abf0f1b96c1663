from django.urls import path

from zeren.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:case>/", views.case_detail, name="detail"),
    path("<int:case>/edit/", views.case_edit, name="edit"),
    path("<int:case>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:case>/officials/", views.subject_add, name="subject_add"),
    path("<int:case>/step/", views.case_step, name="step"),
    path("<int:case>/decide/", views.case_decide, name="decide"),
    path("<int:case>/appeal/", views.appeal_file, name="appeal"),
    path("<int:case>/decision.docx", views.decision_document, name="decision_docx"),
    path("officials/<int:subject>/", views.subject_detail, name="subject"),
    path("appeals/<int:appeal>/decide/", views.appeal_decide, name="appeal_decide"),
    path("published/", views.public_list, name="public_list"),
    path("published/<int:case>/", views.public_detail, name="public_detail"),
    path("dossier/", views.dossier_search, name="dossier_search"),
    path("dossier/<int:person>/", views.dossier, name="dossier"),
    path("dossier/<int:person>/dossier.docx", views.dossier_document, name="dossier_docx"),
    path("dossier/<int:person>/duty-report.docx", views.duty_report_document, name="duty_report_docx"),
    path("restrictions/<int:restriction>/end/", views.restriction_end, name="restriction_end"),
]
