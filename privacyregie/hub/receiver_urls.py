"""The OTLP/HTTP path (``/v1/traces``) as OpenTelemetry exporters expect it, at the root of the site."""

from django.urls import path

from . import views

app_name = "otlp"

urlpatterns = [
    path("v1/traces", views.receive_traces, name="traces"),
]
