from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("vaststellers/", views.bodies, name="bodies"),
    path("openbaar/<slug:organisation>/privacybeleid/", views.public_policy, name="public_policy"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/bewerken/", views.edit, name="edit"),
    path("<uuid:uuid>/versies/nieuw/", views.add_version, name="add_version"),
    path("<uuid:uuid>/versies/<uuid:version_uuid>/", views.download, name="download"),
    path("<uuid:uuid>/versies/<uuid:version_uuid>/vaststellen/", views.adopt, name="adopt"),
    path("<uuid:uuid>/herbeoordeling/", views.review, name="review"),
    path("<uuid:uuid>/normen/", views.link_norm, name="link_norm"),
    path("<uuid:uuid>/normen/<int:requirement_id>/ontkoppelen/", views.unlink_norm, name="unlink_norm"),
]
