from django.urls import path

from . import views

app_name = "hub"

urlpatterns = [
    path("", views.applications, name="applications"),
    path("export/", views.export, name="export"),
]
