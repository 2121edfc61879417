"""Access to data rooms goes through the privacy kernel: members only, logged, refused at once when
an external grant ends, and read-only once the room has closed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.tests.utils import login_verified
from privacyregie.datarooms import services
from privacyregie.datarooms.models import DataRoom, RoomEvent
from privacyregie.dossiers.models import CaseMembership
from privacyregie.external import services as external
from privacyregie.external.models import ExternalGrant
from privacyregie.external.tests.factories import external_user
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.services import AccessDenied, write_pending_denial

from .conftest import upload


def _entries(target, outcome):
    return ProcessingLogEntry.objects.filter(target_id=str(target.uuid), outcome=outcome)


def test_non_member_is_refused_and_the_refusal_logged(world, client):
    login_verified(client, world.stranger)
    response = client.get(reverse("datarooms:room", args=[world.room.uuid]))
    assert response.status_code == 403
    assert "geen lid van deze datakamer" in response.content.decode()
    assert _entries(world.room, Outcome.DENIED).filter(actor_user_id=world.stranger.pk).exists()


def test_room_of_another_organisation_is_not_found(world, client):
    login_verified(client, world.other_org_worker)
    assert client.get(reverse("datarooms:room", args=[world.room.uuid])).status_code == 404


def test_member_opening_and_downloading_is_logged_with_the_case_residents(world, client):
    document = services.upload_document(world.request(world.owner), world.room, upload(b"advies\n"))
    login_verified(client, world.owner)
    assert client.get(reverse("datarooms:room", args=[world.room.uuid])).status_code == 200
    response = client.get(reverse("datarooms:download", args=[document.current_version().uuid]))
    assert response.status_code == 200
    opened = _entries(world.room, Outcome.ALLOWED).filter(action="view", actor_user_id=world.owner.pk)
    assert opened.exists()
    assert opened.exclude(subject_pseudonym="").exists()  # the case's residents are named in the log
    assert _entries(document, Outcome.ALLOWED).filter(action="view").exists()


def test_room_membership_never_widens_case_access(world):
    request = world.request(world.owner)
    services.add_member(request, world.room, world.colleague)
    services.open_room(world.request(world.colleague), world.room)
    CaseMembership.objects.filter(case=world.case, user=world.colleague).update(revoked_at=timezone.now())
    with pytest.raises(AccessDenied, match="niet \\(meer\\) betrokken"):
        services.open_room(world.request(world.colleague), world.room)
    with pytest.raises(Exception, match="niet betrokken bij casus"):
        services.add_member(request, world.room, world.stranger)


def test_only_the_owner_manages_members(world):
    services.add_member(world.request(world.owner), world.room, world.colleague)
    gp2 = external_user(world.org, username="gp2@example.org", email="gp2@example.org")
    with pytest.raises(AccessDenied, match="eigenaar"):
        services.invite_external_member(world.request(world.colleague), world.room, email=gp2.email,
                                        partner=world.partner,
                                    data_categories=["identificerend"])
    with pytest.raises(AccessDenied):
        services.invite_external_member(world.request(world.gp), world.room, email=gp2.email, partner=world.partner,
                                    data_categories=["identificerend"])
    invitation = services.invite_external_member(world.request(world.owner), world.room, email=gp2.email,
                                                 partner=world.partner,
                                    data_categories=["identificerend"])
    assert invitation.grant is not None and external.has_active_grant(gp2, world.room)


def test_inviting_to_a_case_room_is_a_sharing_decision(world):
    gp2 = external_user(world.org, username="gp2@example.org", email="gp2@example.org")
    with pytest.raises(AccessDenied, match="dekt"):  # the convenant does not cover health data
        services.invite_external_member(world.request(world.owner), world.room, email=gp2.email,
                                        partner=world.partner, data_categories=["gezondheid"])
    assert not external.has_active_grant(gp2, world.room)
    assert not world.room.events.filter(kind=RoomEvent.Kind.MEMBER_INVITED).exists()


def test_external_member_with_a_grant_sees_the_room_and_can_answer(world, client):
    login_verified(client, world.gp)
    response = client.get(reverse("datarooms:room", args=[world.room.uuid]))
    assert response.status_code == 200
    assert world.room.members.filter(user=world.gp, external=True, removed_at__isnull=True).exists()
    client.post(reverse("datarooms:upload", args=[world.room.uuid]), {"file": upload(b"antwoord\n", "antwoord.txt")})
    assert world.room.documents.filter(name="antwoord.txt").exists()
    assert client.get(reverse("datarooms:my_rooms")).content.decode().count(world.room.title) == 1


def test_external_member_is_locked_out_at_revocation_mid_session(world, client):
    login_verified(client, world.gp)
    assert client.get(reverse("datarooms:room", args=[world.room.uuid])).status_code == 200
    member = world.room.members.get(user=world.gp)

    client_owner_request = world.request(world.owner)
    services.remove_member(client_owner_request, member)

    assert not external.has_active_grant(world.gp, world.room)
    response = client.get(reverse("datarooms:room", args=[world.room.uuid]))
    assert response.status_code == 302 and response["Location"] == reverse(settings.LOGIN_URL)
    with pytest.raises(AccessDenied) as refused:
        services.open_room(world.request(world.gp), world.room)
    write_pending_denial(refused.value)  # as the views do after the rolled-back transaction
    assert _entries(world.room, Outcome.DENIED).filter(actor_user_id=world.gp.pk).exists()


def test_external_member_is_locked_out_the_moment_the_grant_expires(world, client):
    login_verified(client, world.gp)
    assert client.get(reverse("datarooms:room", args=[world.room.uuid])).status_code == 200
    ExternalGrant.objects.filter(pk=world.grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AccessDenied):
        services.open_room(world.request(world.gp), world.room)
    response = client.get(reverse("datarooms:room", args=[world.room.uuid]))
    assert response.status_code == 302
    external.record_ended_grants()  # the job announces the expiry: the GP leaves the member list
    assert not world.room.members.filter(user=world.gp, removed_at__isnull=True).exists()
    assert world.room.events.filter(kind=RoomEvent.Kind.ACCESS_ENDED).exists()


def test_an_external_user_without_a_grant_on_this_room_is_refused(world, client):
    other_room = services.create_room(world.request(world.owner), title="Ander overleg", purpose="Advies",
                                      closes_on=timezone.localdate() + timedelta(days=5))
    login_verified(client, world.gp)
    response = client.get(reverse("datarooms:room", args=[other_room.uuid]))
    assert response.status_code == 403
    assert world.room.title in client.get(reverse("datarooms:my_rooms")).content.decode()
    assert other_room.title not in client.get(reverse("datarooms:my_rooms")).content.decode()


def test_closed_room_is_read_only_and_external_access_ends(world, client):
    request = world.request(world.owner)
    document = services.upload_document(request, world.room, upload(b"eerste\n"))
    assert services.close_due_rooms(today=world.room.closes_on + timedelta(days=1)) == 1
    assert services.close_due_rooms(today=world.room.closes_on + timedelta(days=1)) == 0  # idempotent
    room = DataRoom.objects.get(pk=world.room.pk)
    assert room.is_closed
    assert not external.has_active_grant(world.gp, room)
    document.refresh_from_db()
    with pytest.raises(AccessDenied, match="gesloten"):
        services.add_version(request, document, upload(b"tweede\n"))
    with pytest.raises(AccessDenied, match="gesloten"):
        services.upload_document(request, room, upload(b"nieuw\n"))
    assert document.versions.count() == 1

    login_verified(client, world.owner)
    page = client.get(reverse("datarooms:room", args=[room.uuid])).content.decode()
    assert "alleen nog te lezen" in page
    assert client.get(reverse("datarooms:download", args=[document.current_version().uuid])).status_code == 200
    response = client.post(reverse("datarooms:delete", args=[document.uuid]), follow=True)
    assert "gesloten" in response.content.decode()
    document.refresh_from_db()
    assert document.deleted_at is None


def test_close_date_is_required_and_at_most_a_year(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="een jaar"):
        services.create_room(world.request(world.owner), title="x", purpose="y",
                             closes_on=timezone.localdate() + timedelta(days=400))
    with pytest.raises(ValidationError, match="verleden"):
        services.create_room(world.request(world.owner), title="x", purpose="y",
                             closes_on=timezone.localdate() - timedelta(days=1))


def test_external_start_page_lists_the_rooms_with_an_active_grant(world):
    sections = [s for s in external.start_sections(world.gp) if s.title == "Datakamers"]
    assert [item.label for item in sections[0].items] == [world.room.title]
    external.revoke_grant(None, world.gp, world.room)
    assert not [s for s in external.start_sections(world.gp) if s.title == "Datakamers"]


def test_the_hourly_job_closes_rooms_past_their_date(world):
    from privacyregie.core.jobs import discover, run_job

    assert "close_data_rooms" in discover()
    assert run_job("close_data_rooms") == 0
    DataRoom.objects.filter(pk=world.room.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert run_job("close_data_rooms") == 1
    assert DataRoom.objects.get(pk=world.room.pk).is_closed
    assert not external.has_active_grant(world.gp, world.room)


def test_upload_into_a_room_with_externals_is_checked_before_sharing(world, client):
    login_verified(client, world.owner)
    url = reverse("datarooms:upload", args=[world.room.uuid])
    text = b"Rekening NL91ABNA0417164300, BSN 111222333.\n"
    response = client.post(url, {"file": upload(text, "brief.txt")})
    page = response.content.decode()
    assert response.status_code == 200 and "Controle voor verzenden" in page
    assert "111222333" not in page  # masked
    assert not world.room.documents.exists()  # nothing stored before the confirmation
    fingerprint = response.context["form"].data["scan_fingerprint"]
    response = client.post(url, {"file": upload(text, "brief.txt"), "scan_confirmed": "on",
                                 "scan_fingerprint": fingerprint})
    assert response.status_code == 302
    assert world.room.documents.filter(name="brief.txt").exists()


def test_upload_among_colleagues_only_is_not_scanned(world, client):
    external.revoke_grant(None, world.gp, world.room)
    login_verified(client, world.owner)
    response = client.post(reverse("datarooms:upload", args=[world.room.uuid]),
                           {"file": upload(b"BSN 111222333\n", "brief.txt")})
    assert response.status_code == 302 and world.room.documents.exists()


def test_upload_with_a_category_the_partners_agreement_does_not_cover_is_blocked(world, client):
    """The default scan policy blocks special categories (AVG art. 9) that the external participant's
    agreement does not name; the file is not stored and no confirmation is offered."""
    from privacyregie.external.models import ExternalAccount

    ExternalAccount.objects.create(user=world.gp, partner=world.partner)
    assert "gezondheid" not in services.covered_categories(world.room)
    login_verified(client, world.owner)
    text = b"De diagnose is ADHD; medicatie volgens de huisarts.\n"
    response = client.post(reverse("datarooms:upload", args=[world.room.uuid]), {"file": upload(text, "brief.txt")})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Verzenden is geblokkeerd" in page and "scan_confirmed" not in page
    assert not world.room.documents.exists()


def test_upload_with_categories_the_agreement_covers_only_needs_a_confirmation(world, client):
    from privacyregie.external.models import ExternalAccount

    ExternalAccount.objects.create(user=world.gp, partner=world.partner)
    agreement = world.partner.agreements.first()
    agreement.data_categories = [*agreement.data_categories, "gezondheid"]
    agreement.save()
    assert "gezondheid" in services.covered_categories(world.room)
    login_verified(client, world.owner)
    response = client.post(reverse("datarooms:upload", args=[world.room.uuid]),
                           {"file": upload(b"De diagnose is ADHD.\n", "brief.txt")})
    assert response.status_code == 200 and "scan_confirmed" in response.content.decode()
