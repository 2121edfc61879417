"""Every change in a room is an event in its append-only history, shown on the room page."""

import pytest
from django.urls import reverse

from privacyregie.core.tests.utils import login_verified
from privacyregie.datarooms import services
from privacyregie.datarooms.models import RoomEvent
from privacyregie.external.tests.factories import external_user
from privacyregie.kernel.services import AccessDenied

from .conftest import upload

K = RoomEvent.Kind


def _kinds(room):
    return list(room.events.order_by("at", "id").values_list("kind", flat=True))


def test_every_change_writes_one_event_with_who_and_what(world):
    request = world.request(world.owner)
    room = world.room
    document = services.upload_document(request, room, upload(b"A\n"), name="Plan")
    services.add_version(request, document, upload(b"B\n"))
    services.rename_document(request, document, "Plan (definitief)")
    services.delete_document(request, document)
    services.undelete_document(request, document)
    services.revert_to(request, document.versions.get(number=1))
    member = services.add_member(request, room, world.colleague)
    gp2 = external_user(world.org, username="gp2@example.org", email="gp2@example.org")
    services.invite_external_member(request, room, email=gp2.email, partner=world.partner,
                                    data_categories=["identificerend"])
    services.remove_member(request, member)

    assert _kinds(room) == [K.CREATED, K.UPLOADED, K.NEW_VERSION, K.RENAMED, K.DELETED, K.UNDELETED, K.REVERTED,
                            K.MEMBER_ADDED, K.MEMBER_INVITED, K.MEMBER_REMOVED]
    events = list(room.events.order_by("at", "id"))
    assert all(e.actor == world.owner for e in events)
    assert all(e.document == document for e in events[1:7])
    assert events[2].version.number == 2 and events[6].version.number == 3
    assert "Plan" in events[3].detail and "Plan (definitief)" in events[3].detail
    assert "versie 1 hersteld als versie 3" in events[6].detail
    assert gp2.email in events[8].detail


def test_external_member_removal_is_an_event_and_ends_the_grant(world):
    gp2 = external_user(world.org, username="gp2@example.org", email="gp2@example.org")
    services.invite_external_member(world.request(world.owner), world.room, email=gp2.email, partner=world.partner,
                                    data_categories=["identificerend"])
    member = world.room.members.get(user=gp2)
    services.remove_member(world.request(world.owner), member)
    assert _kinds(world.room)[-1] == K.MEMBER_REMOVED
    assert str(gp2) in world.room.events.first().detail


def test_closing_is_an_event(world):
    from datetime import timedelta

    services.close_due_rooms(today=world.room.closes_on + timedelta(days=1))
    closing = world.room.events.filter(kind=K.CLOSED).get()
    assert closing.actor is None and "bewaartermijn" in closing.detail


def test_a_refused_change_writes_no_event(world):
    before = _kinds(world.room)
    with pytest.raises(AccessDenied):
        services.upload_document(world.request(world.stranger), world.room, upload(b"x\n"))
    assert _kinds(world.room) == before
    assert not world.room.documents.exists()


def test_events_are_append_only(world):
    event = world.room.events.get()
    event.detail = "anders"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_history_is_shown_on_the_room_page(world, client):
    services.upload_document(world.request(world.owner), world.room, upload(b"A\n"), name="Plan")
    login_verified(client, world.owner)
    page = client.get(reverse("datarooms:room", args=[world.room.uuid])).content.decode()
    assert "Geschiedenis" in page
    assert "document toegevoegd" in page and "datakamer aangemaakt" in page


def test_inviting_a_new_address_from_the_room_page(world, client):
    from privacyregie.external.models import Invitation

    login_verified(client, world.owner)
    page = client.get(reverse("datarooms:room", args=[world.room.uuid])).content.decode()
    assert "Ketenpartner uitnodigen" in page
    response = client.post(reverse("datarooms:invite", args=[world.room.uuid]), {
        "email": "nieuw@huisarts.example", "partner": world.partner.pk, "data_categories": ["identificerend"],
        "days": 7,
    })
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nieuw@huisarts.example")
    assert (invitation.content_type.model_class(), invitation.object_id) == (type(world.room), world.room.pk)
    assert world.room.events.filter(kind=K.MEMBER_INVITED, detail__contains="nieuw@huisarts.example").exists()


def test_bad_invitation_changes_nothing(world, client):
    login_verified(client, world.owner)
    response = client.post(reverse("datarooms:invite", args=[world.room.uuid]), {
        "email": "geen-adres", "partner": world.partner.pk, "data_categories": ["identificerend"]}, follow=True)
    assert "geldig e-mailadres" in response.content.decode()
    assert not world.room.events.filter(kind=K.MEMBER_INVITED).exists()
