"""Data rooms (issue 12 §6, R10): a secure workspace for one case file or one piece of advice.

A room has municipal members and invited external members, documents with a full version
history, and an append-only history of events. Nothing is ever overwritten: a new version,
a rename or a deletion adds a row and an event, so every change can be undone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.identifiers import public_id_field
from privacyregie.core.models import Organisation

MAX_OPEN_DAYS = 366


class DataRoom(models.Model):
    uuid = public_id_field()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="data_rooms")
    title = models.CharField(_("titel"), max_length=200)
    purpose = models.TextField(_("doel"), max_length=2000)
    case = models.ForeignKey("dossiers.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="data_rooms", verbose_name=_("casus"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closes_on = models.DateField(_("sluit op"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("datakamer")
        verbose_name_plural = _("datakamers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def log_label(self):
        if self.case_id:
            return f"datakamer {self.uuid} van casus {self.case.reference}"
        return f"datakamer {self.uuid}"


class DataRoomMember(models.Model):
    """A member of a room. External members also need an active grant (external app) to get in."""

    uuid = public_id_field()
    room = models.ForeignKey(DataRoom, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_room_memberships")
    external = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True)

    class Meta:
        ordering = ["added_at"]
        constraints = [models.UniqueConstraint(fields=["room", "user"], condition=models.Q(removed_at__isnull=True),
                                               name="datarooms_one_active_membership")]


class DataRoomDocument(models.Model):
    uuid = public_id_field()
    room = models.ForeignKey(DataRoom, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("naam"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["name", "created_at"]

    def __str__(self):
        return self.name

    @property
    def organisation_id(self):
        return self.room.organisation_id

    @property
    def log_label(self):
        return f"document {self.uuid} in {self.room.log_label}"

    def current_version(self):
        return self.versions.order_by("-number").first()


class DocumentVersion(models.Model):
    uuid = public_id_field()
    document = models.ForeignKey(DataRoomDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    restored_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="datarooms_version_number")]


class RoomEvent(models.Model):
    """One change in a room: append-only (never updated or deleted), shown as the room's history."""

    class Kind(models.TextChoices):
        CREATED = "aangemaakt", _("datakamer aangemaakt")
        UPLOADED = "toegevoegd", _("document toegevoegd")
        NEW_VERSION = "nieuwe_versie", _("nieuwe versie")
        RENAMED = "hernoemd", _("naam gewijzigd")
        DELETED = "verwijderd", _("document verwijderd")
        UNDELETED = "teruggezet", _("verwijderen ongedaan gemaakt")
        REVERTED = "hersteld", _("eerdere versie hersteld")
        MEMBER_ADDED = "lid_toegevoegd", _("lid toegevoegd")
        MEMBER_INVITED = "extern_uitgenodigd", _("externe deelnemer uitgenodigd")
        MEMBER_REMOVED = "lid_verwijderd", _("lid verwijderd")
        ACCESS_ENDED = "toegang_beeindigd", _("externe toegang beëindigd")
        CLOSED = "gesloten", _("datakamer gesloten")

    room = models.ForeignKey(DataRoom, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                              blank=True)
    at = models.DateTimeField(default=timezone.now)
    document = models.ForeignKey(DataRoomDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("room events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("room events are append-only")
