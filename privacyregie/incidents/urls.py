from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("melden/", views.report, name="report"),
    path("melden/ontvangen/", views.receipt, name="receipt"),
    path("melden/papier/", views.report_paper, name="report_paper"),
    path("mijn-meldingen/", views.mine, name="mine"),
    path("volgen/", views.follow_up, name="follow_up"),
    path("betrokken/<uuid:uuid>/", views.involved_detail, name="involved_detail"),
    path("", views.dashboard, name="dashboard"),
    path("register/", views.breach_register, name="register"),
    path("register/export.<str:fmt>", views.register_export, name="register_export"),
    path("statistieken/", views.statistics, name="statistics"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/beoordelen/", views.triage, name="triage"),
    path("<uuid:uuid>/risico/", views.assess, name="assess"),
    path("<uuid:uuid>/werkgroep/", views.add_member, name="add_member"),
    path("<uuid:uuid>/tijdlijn/", views.add_event, name="add_event"),
    path("<uuid:uuid>/maatregelen/", views.add_measure, name="add_measure"),
    path("<uuid:uuid>/maatregelen/<uuid:measure_uuid>/", views.edit_measure, name="edit_measure"),
    path("<uuid:uuid>/afsluiten/", views.close, name="close"),
    path("<uuid:uuid>/heropenen/", views.reopen, name="reopen"),
    path("<uuid:uuid>/bijlagen/<uuid:attachment_uuid>/", views.attachment, name="attachment"),
    path("<uuid:uuid>/ap-melding/", views.ap_draft, name="ap_draft"),
    path("<uuid:uuid>/ap-melding.pdf", views.ap_pdf, name="ap_pdf"),
    path("<uuid:uuid>/ap-melding.json", views.ap_json, name="ap_json"),
    path("<uuid:uuid>/ap-melding/indienen/", views.ap_submit, name="ap_submit"),
    path("<uuid:uuid>/ap-melding/aanvulling/", views.ap_supplement, name="ap_supplement"),
    path("<uuid:uuid>/ap-melding/intrekken/", views.ap_withdraw, name="ap_withdraw"),
    path("<uuid:uuid>/betrokkenen/", views.residents, name="residents"),
    path("<uuid:uuid>/betrokkenen/grond/", views.residents_ground, name="residents_ground"),
]
