from django.urls import path

from . import views

app_name = "detection"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<uuid:uuid>/", views.alert_detail, name="detail"),
    path("<uuid:uuid>/beoordelen/", views.alert_assess, name="assess"),
    path("<uuid:uuid>/datalek/", views.alert_to_breach, name="to_breach"),
    path("instellingen/", views.settings_page, name="settings"),
]
