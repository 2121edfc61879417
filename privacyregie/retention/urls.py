from django.urls import path

from . import views

app_name = "retention"
urlpatterns: list = [
    path("", views.index, name="index"),
    path("selectielijst/laden/", views.upload, name="upload"),
    path("verwerking/<int:pk>/", views.rules, name="rules"),
    path("casus/<uuid:uuid>/uitkomst/", views.case_outcome, name="case_outcome"),
]

from .destruction_urls import urlpatterns as destruction_urlpatterns  # noqa: E402

urlpatterns += destruction_urlpatterns
