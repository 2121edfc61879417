from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("", views.index, name="index"),
    path("activiteit/nieuw/", views.activity_create, name="activity_create"),
    path("activiteit/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activiteit/<int:pk>/wijzigen/", views.activity_edit, name="activity_edit"),
    path("versie/<int:pk>/", views.version_detail, name="version_detail"),
    path("verwerker/", views.processors, name="processors"),
    path("ketenpartners/", views.partners, name="partners"),
    path("ketenpartners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("landschap/", views.landscape, name="landscape"),
    path("landschap.svg", views.landscape_svg, name="landscape_svg"),
    path("controles/", views.checks, name="checks"),
    path("exporteren/", views.export, name="export"),
    path("importeren/", views.import_register, name="import"),
    path("importeren/bevestigen/", views.import_confirm, name="import_confirm"),
    path("importeren/sjabloon.xlsx", views.import_template, name="import_template"),
    path("importeren/sjabloon.csv", views.import_template_csv, name="import_template_csv"),
    path("bewerken/<slug:kind>/nieuw/", views.object_edit, name="object_create"),
    path("bewerken/<slug:kind>/<int:pk>/", views.object_edit, name="object_edit"),
    path("overeenkomst/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("openbaar/<slug:organisation>/", views.public_index, name="public_index"),
    path("openbaar/<slug:organisation>/<int:pk>/", views.public_statement, name="public_statement"),
]
