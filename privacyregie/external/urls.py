from django.urls import path, re_path

from . import views

app_name = "external"

urlpatterns = [
    # the single-use token (secrets.token_urlsafe(32): 43 characters), never an object id
    re_path(r"^uitnodiging/(?P<token>[A-Za-z0-9_-]{32,100})/$", views.invitation, name="invitation"),
    path("welkom/", views.first_visit, name="first_visit"),
    path("geheimhouding/", views.statement, name="statement"),
    path("gedeeld/", views.shared, name="shared"),
    path("toegang/", views.overview, name="overview"),
    path("toegang/<uuid:uuid>/intrekken/", views.grant_revoke, name="grant_revoke"),
    path("uitnodigingen/<uuid:uuid>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("uitnodigingen/<uuid:uuid>/opnieuw/", views.invitation_resend, name="invitation_resend"),
]
