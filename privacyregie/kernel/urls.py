from django.urls import path

from . import views

app_name = "kernel"

urlpatterns = [
    path("verwerkingslogboek/", views.log, name="log"),
    path("verwerkingslogboek/controleren/", views.verify, name="verify"),
    path("wie-heeft-geraadpleegd/", views.subject, name="subject"),
    path("afwijkingen/", views.deviations, name="deviations"),
    path("afwijkingen/<int:pk>/beoordelen/", views.deviation_review, name="deviation_review"),
]
