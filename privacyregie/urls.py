"""Root URL configuration. Every view declares its access rule (core.access)."""

from django.contrib import admin
from django.urls import include, path

from privacyregie.core.urls import two_factor_urlpatterns

urlpatterns = [
    path("", include("privacyregie.web.urls")),
    path("", include(two_factor_urlpatterns)),
    path("", include("privacyregie.core.urls")),
    path("dossiers/", include("privacyregie.dossiers.urls")),
    path("privacy/", include("privacyregie.kernel.urls")),
    path("register/", include("privacyregie.register.urls")),
    path("incidenten/", include("privacyregie.incidents.urls")),
    path("verantwoording/", include("privacyregie.compliance.urls")),
    path("uitwisseling/", include("privacyregie.exchange.urls")),
    path("extern/", include("privacyregie.external.urls")),
    path("datakamers/", include("privacyregie.datarooms.urls")),
    path("rechten/", include("privacyregie.rights.urls")),
    path("bewaren/", include("privacyregie.retention.urls")),
    path("beleid/", include("privacyregie.policies.urls")),
    path("mensen/", include("privacyregie.people.urls")),
    path("protocol/", include("privacyregie.protocol.urls")),
    path("leveranciers/", include("privacyregie.suppliers.urls")),
    path("logboekhub/", include("privacyregie.hub.urls")),
    path("", include("privacyregie.hub.receiver_urls")),  # POST /v1/traces (OTLP/HTTP)
    path("signalering/", include("privacyregie.detection.urls")),
    path("api/v1/", include("privacyregie.api.urls")),
    path("beheer/admin/", admin.site.urls),
]

handler400 = "privacyregie.api.handlers.bad_request"
handler403 = "privacyregie.api.handlers.permission_denied"
handler404 = "privacyregie.api.handlers.page_not_found"
handler500 = "privacyregie.api.handlers.server_error"
