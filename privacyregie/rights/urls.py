from django.urls import path  # noqa: F401

app_name = "rights"
urlpatterns: list = []

from .report_urls import report_urlpatterns  # noqa: E402 (the access report, owned by the report part)

urlpatterns += report_urlpatterns
