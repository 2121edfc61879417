from django.urls import path

from . import views

app_name = "protocol"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("melden/", views.report, name="report"),
    path("mijn-meldingen/", views.mine, name="mine"),
    path("evaluaties/", views.reviews, name="reviews"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/categoriseren/", views.categorise, name="categorise"),
    path("<uuid:uuid>/acties/", views.add_action, name="add_action"),
    path("<uuid:uuid>/acties/<uuid:action_uuid>/", views.update_action, name="update_action"),
    path("<uuid:uuid>/afhandelen/", views.close, name="close"),
    path("<uuid:uuid>/heropenen/", views.reopen, name="reopen"),
    path("<uuid:uuid>/tekst/", views.redact, name="redact"),
]
