from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.report_index, name="reports"),
    path("stoplicht/<int:pk>/", views.stoplight, name="stoplight"),
    path("stoplicht/<int:pk>.pdf", views.stoplight_pdf, name="stoplight_pdf"),
    path("scorekaart/", views.scorecard_report, name="scorecard"),
    path("scorekaart.pdf", views.scorecard_pdf, name="scorecard_pdf"),
    path("scorekaart/meting/", views.snapshot, name="snapshot"),
    path("opvolging-aanbevelingen/", views.recommendations_report, name="recommendations_report"),
    path("opvolging-aanbevelingen.pdf", views.recommendations_pdf, name="recommendations_pdf"),
    path("normenkaders/", views.framework_list, name="frameworks"),
    path("normenkaders/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("normenkaders/<int:pk>/export.yaml", views.framework_export, name="framework_export"),
    path("beoordelingen/", views.assessment_list, name="assessments"),
    path("beoordelingen/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("beoordelingen/<int:pk>/afsluiten/", views.assessment_close, name="assessment_close"),
    path("beoordelingen/<int:pk>/nieuwe-versie/", views.assessment_new_version, name="assessment_new_version"),
    path("beoordelingen/<int:pk>/vergelijken/", views.assessment_compare, name="assessment_compare"),
    path("beoordelingen/<int:pk>/geschiedenis/", views.assessment_history, name="assessment_history"),
    path("norm/<int:pk>/", views.item_edit, name="item_edit"),
    path("norm/<int:pk>/bewijs/", views.evidence_upload, name="evidence_upload"),
    path("bewijs/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("aanbevelingen/", views.recommendation_list, name="recommendations"),
    path("aanbevelingen/<int:pk>/reactie/", views.recommendation_respond, name="recommendation_respond"),
    path("aanbevelingen/<int:pk>/actie/", views.action_add, name="action_add"),
    path("aanbevelingen/<int:pk>/geschiedenis/", views.recommendation_history, name="recommendation_history"),
    path("acties/<int:pk>/", views.action_edit, name="action_edit"),
    path("risicos/", views.risk_list, name="risks"),
    path("risicos/nieuw/", views.risk_edit, name="risk_new"),
    path("risicos/<int:pk>/", views.risk_edit, name="risk_edit"),
    path("risicos/<int:pk>/maatregel/", views.measure_add, name="measure_add"),
    path("indicatoren/", views.indicators, name="indicators"),
    path("indicatoren/<int:pk>/waarde/", views.indicator_value, name="indicator_value"),
]
