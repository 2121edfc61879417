from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("aanvragen/", views.request_create, name="request"),
    path("aanvragen/<uuid:uuid>/", views.request_detail, name="detail"),
    path("aanvragen/<uuid:uuid>/besluit/", views.request_decide, name="decide"),
    path("aanvragen/<uuid:uuid>/werk/", views.request_work, name="record_work"),
    path("aanvragen/<uuid:uuid>/bevestigen/", views.request_confirm, name="confirm"),
    path("aanvragen/<uuid:uuid>/intrekken/", views.request_withdraw, name="withdraw"),
    path("verbindingslog/", views.connection_log, name="connection_log"),
    path("inbelvragen/", views.answers, name="answers"),
    path("datalek-melden/", views.report_breach, name="report_breach"),
]
