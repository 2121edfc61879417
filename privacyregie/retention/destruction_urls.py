from django.urls import path

from . import destruction_views as views

urlpatterns = [
    path("vernietiging/", views.proposals, name="destruction_list"),
    path("vernietiging/opstellen/", views.draw_up, name="destruction_draw_up"),
    path("vernietiging/<uuid:uuid>/", views.proposal_detail, name="destruction_detail"),
    path("vernietiging/<uuid:uuid>/goedkeuren/", views.approve, name="destruction_approve"),
    path("vernietiging/<uuid:uuid>/afwijzen/", views.reject, name="destruction_reject"),
    path("vernietiging/<uuid:uuid>/uitvoeren/", views.execute, name="destruction_execute"),
    path("vernietiging/<uuid:uuid>/uitzonderen/<str:reference>/", views.exclude, name="destruction_exclude"),
    path("vernietiging/<uuid:uuid>/verklaring.pdf", views.certificate_download, name="destruction_certificate"),
    path("bewaarplichten/", views.holds, name="destruction_holds"),
    path("bewaarplichten/<uuid:uuid>/opheffen/", views.lift_hold, name="destruction_hold_lift"),
]
