from django.urls import path

from zeren.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.ticket_list, name="tickets"),
    path("export.xlsx", views.ticket_export, name="ticket_export"),
    path("new/", views.ticket_create, name="ticket_create"),
    path("<int:ticket>/", views.ticket_detail, name="ticket"),
    path("<int:ticket>/extension/", views.ticket_extension, name="ticket_extension"),
    path("<int:ticket>/extension/answer/", views.ticket_extension_answer, name="ticket_extension_answer"),
    path("<int:ticket>/report/", views.ticket_report, name="ticket_report"),
    path("<int:ticket>/review/", views.ticket_review, name="ticket_review"),
    path("evidence/<int:sv_evidence>/", views.evidence_file, name="evidence"),
    path("hazards/", views.listing_list, name="listings"),
    path("hazards/public/", views.public_listings, name="public_listings"),
    path("hazards/list/<int:hazard_id>/", views.listing_create, name="listing_create"),
    path("hazards/<int:listing>/", views.listing_detail, name="listing"),
    path("hazards/<int:listing>/notice.docx", views.listing_notice, name="listing_notice"),
    path("hazards/<int:listing>/publish/", views.listing_publish, name="listing_publish"),
    path("hazards/<int:listing>/extension/", views.listing_extension, name="listing_extension"),
    path("hazards/<int:listing>/extension/answer/", views.listing_extension_answer, name="listing_extension_answer"),
    path("hazards/<int:listing>/delist/", views.listing_delist, name="listing_delist"),
    path("hazards/<int:listing>/poor/", views.listing_poor, name="listing_poor"),
    path("summonses/", views.summons_list, name="summonses"),
    path("summonses/record/", views.summons_record, name="summons_record"),
    path("summonses/<int:summons>/", views.summons_detail, name="summons"),
]
