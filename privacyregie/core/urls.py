from django.urls import path

from . import health, metrics, views

app_name = "core"

urlpatterns = [
    path("account/tweede-factor/klaar/", views.enrolment_done, name="enrolment_done"),
    path("account/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("account/sso/<slug:slug>/", views.sso_start, name="sso_start"),
    path("account/sso-terug/", views.sso_callback, name="sso_callback"),
    path("account/sso-tweede-factor/", views.sso_verify, name="sso_verify"),
    path("account/uitloggen/", views.logout_view, name="logout"),
    path("account/overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
    path("account/profiel/", views.profile, name="profile"),
    path("account/meldingen/", views.notifications, name="notifications"),
    path("account/meldingen/<int:pk>/gelezen/", views.notification_read, name="notification_read"),
    path("beheer/rollen/", views.roles, name="roles"),
    path("beveiliging/inlogpogingen/", views.security_events, name="security_events"),
    path("beveiliging/versnippering/", views.pending_shreds, name="pending_shreds"),
    path("taken/<uuid:public_id>/", views.task_detail, name="task_detail"),
    path("taken/<uuid:public_id>/status/", views.task_status, name="task_status"),
    path("taken/<uuid:public_id>/bestand/", views.task_download, name="task_download"),
    # operations (docs/production.md): probes of a load balancer, Prometheus scrapes
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
]

# The two-factor login and enrolment pages keep the "two_factor" namespace used by the library.
two_factor_urlpatterns = (
    [
        path("account/inloggen/", views.login_view, name="login"),
        path("account/tweede-factor/instellen/", views.setup_view, name="setup"),
        path("account/tweede-factor/qr/", views.qr_view, name="qr"),
    ],
    "two_factor",
)
