from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("casus/nieuw/", views.case_create, name="case_create"),
    path("casus/<int:pk>/", views.case_detail, name="case_detail"),
    path("casus/<int:pk>/notitie/", views.note_create, name="note_create"),
    path("casus/<int:pk>/status/", views.status_change, name="status_change"),
    path("casus/<int:pk>/document/", views.document_upload, name="document_upload"),
    path("casus/<int:pk>/toestemming/", views.consent_create, name="consent_create"),
    path("casus/<int:pk>/delen/", views.case_share, name="case_share"),
    path("casus/<int:pk>/noodtoegang/", views.break_glass, name="break_glass"),
    path("casus/<int:pk>/toewijzen/", views.case_assign, name="case_assign"),
    path("betrokkenheid/<int:pk>/intrekken/", views.membership_revoke, name="membership_revoke"),
    path("document/<int:pk>/", views.document_download, name="document_download"),
    path("toestemming/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("zoeken/", views.search, name="search"),
    path("team/", views.team, name="team"),
    path("noodtoegang/", views.break_glass_reviews, name="break_glass_reviews"),
    path("noodtoegang/<int:pk>/beoordelen/", views.break_glass_review, name="break_glass_review"),
    path("autorisatiecontrole/", views.authorisation_reviews, name="authorisation_reviews"),
    path("autorisatiecontrole/starten/", views.authorisation_review_start, name="authorisation_review_start"),
    path("autorisatiecontrole/<int:pk>/afronden/", views.authorisation_review_close, name="authorisation_review_close"),
    path("autorisatiecontrole/item/<int:pk>/", views.authorisation_review_decide, name="authorisation_review_decide"),
]
