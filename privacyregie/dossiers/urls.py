from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("casus/nieuw/", views.case_create, name="case_create"),
    path("casus/<uuid:uuid>/", views.case_detail, name="case_detail"),
    path("casus/<uuid:uuid>/notitie/", views.note_create, name="note_create"),
    path("casus/<uuid:uuid>/status/", views.status_change, name="status_change"),
    path("casus/<uuid:uuid>/document/", views.document_upload, name="document_upload"),
    path("casus/<uuid:uuid>/toestemming/", views.consent_create, name="consent_create"),
    path("casus/<uuid:uuid>/delen/", views.case_share, name="case_share"),
    path("casus/<uuid:uuid>/noodtoegang/", views.break_glass, name="break_glass"),
    path("casus/<uuid:uuid>/toewijzen/", views.case_assign, name="case_assign"),
    path("betrokkenheid/<uuid:uuid>/intrekken/", views.membership_revoke, name="membership_revoke"),
    path("document/<uuid:uuid>/", views.document_download, name="document_download"),
    path("toestemming/<uuid:uuid>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("zoeken/", views.search, name="search"),
    path("noodzoeken/", views.emergency_search, name="emergency_search"),
    path("noodzoeken/<uuid:uuid>/", views.emergency_search_results, name="emergency_search_results"),
    path("noodzoeken/<uuid:uuid>/openen/<uuid:case_uuid>/", views.emergency_search_open, name="emergency_search_open"),
    path("team/", views.team, name="team"),
    path("noodtoegang/", views.break_glass_reviews, name="break_glass_reviews"),
    path("noodtoegang/<uuid:uuid>/beoordelen/", views.break_glass_review, name="break_glass_review"),
    path("autorisatiecontrole/", views.authorisation_reviews, name="authorisation_reviews"),
    path("autorisatiecontrole/starten/", views.authorisation_review_start, name="authorisation_review_start"),
    path("autorisatiecontrole/<int:pk>/afronden/", views.authorisation_review_close, name="authorisation_review_close"),
    path("autorisatiecontrole/item/<int:pk>/", views.authorisation_review_decide, name="authorisation_review_decide"),
]
