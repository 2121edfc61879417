from django.urls import path

from . import views

app_name = "datarooms"

urlpatterns = [
    path("", views.my_rooms, name="my_rooms"),
    path("nieuw/", views.room_create, name="create"),
    path("<uuid:uuid>/", views.room_detail, name="room"),
    path("<uuid:uuid>/documenten/", views.upload, name="upload"),
    path("<uuid:uuid>/leden/", views.member_add, name="member_add"),
    path("<uuid:uuid>/uitnodigen/", views.invite, name="invite"),
    path("documenten/<uuid:uuid>/versie/", views.new_version, name="new_version"),
    path("documenten/<uuid:uuid>/naam/", views.rename, name="rename"),
    path("documenten/<uuid:uuid>/verwijderen/", views.delete, name="delete"),
    path("documenten/<uuid:uuid>/terugzetten/", views.undelete, name="undelete"),
    path("versies/<uuid:uuid>/herstellen/", views.revert, name="revert"),
    path("versies/<uuid:uuid>/download/", views.download, name="download"),
    path("leden/<uuid:uuid>/verwijderen/", views.member_remove, name="member_remove"),
]
