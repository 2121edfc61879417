from django.urls import path  # noqa: F401

app_name = "retention"
urlpatterns: list = []

from .destruction_urls import urlpatterns as destruction_urlpatterns  # noqa: E402

urlpatterns += destruction_urlpatterns
