"""URLs of the access report pages; appended to ``rights/urls.py`` (namespace ``rights``)."""

from django.urls import path

from . import report_views

report_urlpatterns = [
    path("<uuid:uuid>/inzagerapport/", report_views.report_page, name="report"),
    path("<uuid:uuid>/inzagerapport/notities/", report_views.report_notes, name="report_notes"),
    path("<uuid:uuid>/inzagerapport.pdf", report_views.report_pdf, name="report_pdf"),
    path("<uuid:uuid>/inzagerapport.json", report_views.report_json, name="report_json"),
    path("<uuid:uuid>/inzagerapport/verzenden/", report_views.report_send, name="report_send"),
]
