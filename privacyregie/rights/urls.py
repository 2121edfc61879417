from django.urls import path

from . import views

app_name = "rights"
urlpatterns: list = [
    path("", views.overview, name="overview"),
    path("registreren/", views.register, name="register"),
    path("openbaar/<slug:organisation>/verzoek/", views.public_form, name="public_form"),
    path("openbaar/<slug:organisation>/volgen/", views.public_follow_up, name="public_follow_up"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/identiteit/", views.identity, name="identity"),
    path("<uuid:uuid>/verlengen/", views.extend, name="extend"),
    path("<uuid:uuid>/behandelaar/", views.assign, name="assign"),
    path("<uuid:uuid>/rectificeren/", views.rectify, name="rectify"),
    path("<uuid:uuid>/wissen/", views.erase, name="erase"),
    path("<uuid:uuid>/beperken/", views.restrict, name="restrict"),
    path("<uuid:uuid>/beperkingen/<uuid:restriction_uuid>/opheffen/", views.lift, name="lift"),
    path("<uuid:uuid>/besluit/", views.answer, name="answer"),
    path("<uuid:uuid>/brief.pdf", views.letter, name="letter"),
]

from .report_urls import report_urlpatterns  # noqa: E402 (the access report, owned by the report part)

urlpatterns += report_urlpatterns
