from django.urls import path
from django.views.i18n import set_language

from privacyregie.core.access import public

from . import views

app_name = "web"

urlpatterns = [
    path("", views.root, name="root"),
    path("start/", views.home, name="home"),
    path("gezondheid/", views.health, name="health"),
    path("taal/", public(set_language), name="set_language"),
]
