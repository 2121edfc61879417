from django.urls import path

from . import usage_views, views

app_name = "exchange"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("delen/", views.share, name="share"),
    path("gebruik/", usage_views.usage_report, name="usage"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/bestand/<uuid:file_uuid>/", views.download, name="download"),
    path("<uuid:uuid>/antwoorden/", views.answer, name="answer"),
    path("<uuid:uuid>/doorsturen/", views.forward, name="forward"),
    path("<uuid:uuid>/intrekken/", views.revoke, name="revoke"),
]
