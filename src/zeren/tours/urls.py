from django.urls import path, register_converter

from zeren.org.converters import JurisdictionCodeConverter
from zeren.tours import views

register_converter(JurisdictionCodeConverter, "tjcode")

app_name = "tours"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_new, name="plan_new"),
    path("rounds/<int:tour_plan_id>/", views.plan_detail, name="plan"),
    path("rounds/<int:tour_plan_id>/members/", views.member_add, name="member_add"),
    path("rounds/<int:tour_plan_id>/tours/", views.tour_add, name="tour_add"),
    path("<int:tour_id>/", views.tour_detail, name="tour"),
    path("<int:tour_id>/record/", views.tour_record, name="tour_record"),
    path("<int:tour_id>/findings/", views.finding_add, name="finding_add"),
    path("<int:tour_id>/feedback/", views.feedback, name="feedback"),
    path("<int:tour_id>/feedback.docx", views.feedback_document, name="feedback_docx"),
    path("<int:tour_id>/notice.docx", views.notice_document, name="notice_docx"),
    path("<int:tour_id>/rectification/", views.rectification_new, name="rectification_new"),
    path("files/<int:tour_file_id>/", views.attachment, name="file"),
    path("cycle/", views.cycle_home, name="cycle_home"),
    path("cycle/<tjcode:code>/", views.cycle, name="cycle"),
    path("rectification/<int:rectification_id>/", views.rectification_detail, name="rectification"),
    path("rectification/<int:rectification_id>/items/", views.item_add, name="item_add"),
    path("rectification/<int:rectification_id>/follow-up/", views.follow_up, name="follow_up"),
    path("items/", views.item_list, name="items"),
    path("items.xlsx", views.item_export, name="items_xlsx"),
    path("items/<int:rect_item_id>/", views.item_detail, name="item"),
    path("items/<int:rect_item_id>/report/", views.report, name="report"),
    path("items/<int:rect_item_id>/close/", views.close, name="close"),
    path("items/<int:rect_item_id>/send-back/", views.send_back, name="send_back"),
    path("findings/", views.finding_list, name="findings"),
]
