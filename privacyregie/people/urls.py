from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("mijn/", views.mine, name="mine"),
    path("mijn/woonadres/", views.home_address, name="home_address"),
    path("gedragscode/", views.conduct, name="conduct"),
    path("team/", views.team, name="team"),
    path("team/training-vastleggen/", views.record, name="record"),
    path("verklaringen/vastleggen/", views.attest, name="attest"),
    path("trainingen/", views.catalogue, name="catalogue"),
    path("trainingen/import/", views.import_completions, name="import"),
    path("bewijs/<uuid:uuid>/", views.evidence, name="evidence"),
]
