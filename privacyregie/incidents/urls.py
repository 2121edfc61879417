from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("melden/", views.report, name="report"),
    path("melden/papier/", views.report_paper, name="report_paper"),
    path("mijn-meldingen/", views.mine, name="mine"),
    path("volgen/", views.follow_up, name="follow_up"),
    path("betrokken/<int:pk>/", views.involved_detail, name="involved_detail"),
    path("", views.dashboard, name="dashboard"),
    path("register/", views.breach_register, name="register"),
    path("register/export.<str:fmt>", views.register_export, name="register_export"),
    path("statistieken/", views.statistics, name="statistics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/beoordelen/", views.triage, name="triage"),
    path("<int:pk>/risico/", views.assess, name="assess"),
    path("<int:pk>/werkgroep/", views.add_member, name="add_member"),
    path("<int:pk>/tijdlijn/", views.add_event, name="add_event"),
    path("<int:pk>/maatregelen/", views.add_measure, name="add_measure"),
    path("<int:pk>/maatregelen/<int:measure_pk>/", views.edit_measure, name="edit_measure"),
    path("<int:pk>/afsluiten/", views.close, name="close"),
    path("<int:pk>/heropenen/", views.reopen, name="reopen"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/ap-melding/", views.ap_draft, name="ap_draft"),
    path("<int:pk>/ap-melding.pdf", views.ap_pdf, name="ap_pdf"),
    path("<int:pk>/ap-melding.json", views.ap_json, name="ap_json"),
    path("<int:pk>/ap-melding/indienen/", views.ap_submit, name="ap_submit"),
    path("<int:pk>/ap-melding/aanvulling/", views.ap_supplement, name="ap_supplement"),
    path("<int:pk>/ap-melding/intrekken/", views.ap_withdraw, name="ap_withdraw"),
    path("<int:pk>/betrokkenen/", views.residents, name="residents"),
    path("<int:pk>/betrokkenen/grond/", views.residents_ground, name="residents_ground"),
]
