"""Every request finds its user, second-factor device and roles again, with prepared queries (ADR 0133).

The lookups are the libraries' (Django's ModelBackend, django-otp's OTPMiddleware) with the SQL compiled
once per process; what they decide must not change: an inactive user, a changed password, a device of
someone else, an unconfirmed or deleted device, a removed role take effect on the very next request.
"""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.backends import LocalAccountBackend, VerifiedDeviceMiddleware
from privacyregie.core.models import RoleAssignment, User
from privacyregie.core.prepared import get_by_pk
from privacyregie.core.roles import Role

from .factories import UserFactory
from .utils import login_verified

pytestmark = pytest.mark.django_db

HOME = "web:home"


def _user_of_next_request(client):
    response = client.get(reverse(HOME))
    return response, response.wsgi_request.user


def _verified(user) -> bool:
    """Signed in with a verified second factor (the access policy signs an unverified session out)."""
    return user.is_authenticated and user.is_verified()


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def worker():
    return UserFactory(roles=[Role.CASE_WORKER])


def test_a_verified_session_finds_its_user_device_and_roles(client, worker):
    login_verified(client, worker)
    assert client.session[BACKEND_SESSION_KEY] == "privacyregie.core.backends.LocalAccountBackend"
    response, user = _user_of_next_request(client)
    assert response.status_code == 200
    assert user.pk == worker.pk and user.is_verified()
    assert user.otp_device == TOTPDevice.objects.get(user=worker)
    assert user.roles == [Role.CASE_WORKER]


def test_the_prepared_lookups_give_the_orms_instances(worker):
    device = TOTPDevice.objects.get(user=worker)
    assert _fields(get_by_pk(User, worker.pk)) == _fields(User.objects.get(pk=worker.pk))
    assert _fields(get_by_pk(TOTPDevice, device.pk)) == _fields(device)
    assert get_by_pk(User, str(worker.pk)).pk == worker.pk  # the session keeps the id as text
    assert get_by_pk(User, worker.pk + 10_000) is None
    assert get_by_pk(TOTPDevice, device.pk + 10_000) is None


def test_an_inactive_user_is_anonymous_on_the_next_request(client, worker):
    login_verified(client, worker)
    User.objects.filter(pk=worker.pk).update(is_active=False)
    response, user = _user_of_next_request(client)
    assert not user.is_authenticated
    assert response.status_code == 302
    assert LocalAccountBackend().get_user(worker.pk) is None


def test_a_changed_password_ends_the_session(client, worker):
    login_verified(client, worker)
    worker.set_password("Een-ander-wachtwoord-2026")
    worker.save()
    _response, user = _user_of_next_request(client)
    assert not user.is_authenticated


def test_a_deleted_user_is_anonymous(client, worker):
    login_verified(client, worker)
    RoleAssignment.objects.filter(user=worker).delete()
    TOTPDevice.objects.filter(user=worker).delete()
    User.objects.filter(pk=worker.pk).delete()
    _response, user = _user_of_next_request(client)
    assert not user.is_authenticated


def test_a_device_of_another_user_does_not_verify(client, worker):
    login_verified(client, worker)
    other = UserFactory(roles=[Role.CASE_WORKER], organisation=worker.organisation)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=other).persistent_id
    session.save()
    response, user = _user_of_next_request(client)
    assert not _verified(user)
    assert response.status_code == 302
    assert "otp_device_id" not in client.session  # django-otp's own clean-up


@pytest.mark.parametrize("change", ["unconfirmed", "deleted"])
def test_an_unconfirmed_or_deleted_device_does_not_verify(client, worker, change):
    login_verified(client, worker)
    devices = TOTPDevice.objects.filter(user=worker)
    devices.update(confirmed=False) if change == "unconfirmed" else devices.delete()
    response, user = _user_of_next_request(client)
    assert not _verified(user) and response.status_code == 302


def test_a_static_device_verifies_like_a_totp_device(client, worker):
    login_verified(client, worker)
    static = StaticDevice.objects.create(user=worker, name="herstelcodes", confirmed=True)
    session = client.session
    session["otp_device_id"] = static.persistent_id
    session.save()
    _response, user = _user_of_next_request(client)
    assert user.is_verified() and user.otp_device == static


@pytest.mark.parametrize("persistent_id", [
    "zonder-schuine-streep", "otp_totp.totpdevice/geen-getal", "core.user/1", "bestaat.niet/1",
    "otp_totp.totpdevice/", "te.veel.punten.totpdevice/1", "/1",
])
def test_a_malformed_device_id_does_not_verify_and_raises_nothing(client, worker, persistent_id):
    login_verified(client, worker)
    session = client.session
    session["otp_device_id"] = persistent_id
    session.save()
    response, user = _user_of_next_request(client)
    assert response.status_code == 302
    assert not _verified(user)
    assert VerifiedDeviceMiddleware(lambda r: None)._device_from_persistent_id(persistent_id) is None


def test_a_removed_role_takes_effect_on_the_next_request(client, worker):
    login_verified(client, worker)
    RoleAssignment.objects.create(user=worker, organisation=worker.organisation, role=Role.PRIVACY_OFFICER)
    _response, user = _user_of_next_request(client)
    assert sorted(user.roles) == sorted([Role.CASE_WORKER, Role.PRIVACY_OFFICER])
    RoleAssignment.objects.filter(user=worker, role=Role.PRIVACY_OFFICER).delete()
    _response, user = _user_of_next_request(client)
    assert user.roles == [Role.CASE_WORKER]


def test_roles_of_another_organisation_do_not_count(worker):
    other = UserFactory(roles=[Role.PRIVACY_OFFICER])
    RoleAssignment.objects.create(user=worker, organisation=other.organisation, role=Role.PRIVACY_OFFICER)
    fresh = User.objects.get(pk=worker.pk)
    assert fresh.roles == [Role.CASE_WORKER]
    assert fresh.organisation == worker.organisation


@pytest.mark.parametrize("roles", [[], [Role.CASE_WORKER], [Role.PRIVACY_OFFICER, Role.CASE_WORKER, Role.CISO]])
def test_the_user_comes_with_the_roles_organisation_and_unread_count_as_asked_separately(roles):
    """``user_with_roles``: the same user, roles (in the order granted), organisation and unread count as the
    ORM's user and ``_load_roles`` give, in one statement; roles elsewhere and others' notifications do not
    count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from privacyregie.core.models import Notification, user_with_roles

    user = UserFactory(roles=roles)
    other = UserFactory(roles=[Role.CISO])
    RoleAssignment.objects.create(user=user, organisation=other.organisation, role=Role.FUNCTIONAL_ADMIN)
    for recipient, read in ((user, None), (user, None), (user, timezone.now()), (other, None)):
        Notification.objects.create(recipient=recipient, organisation=recipient.organisation, subject="s", body="b",
                                    read_at=read)
    with CaptureQueriesContext(connection) as queries:
        found = user_with_roles(str(user.pk))  # the session keeps the id as text
        assert found.roles == roles
        assert found.organisation == user.organisation
    assert len(queries) == 1
    fresh = User.objects.get(pk=user.pk)
    assert _fields(found) == _fields(fresh) and found.roles == fresh.roles
    assert found._shell_unread[0] == 2
    assert user_with_roles(user.pk + 10_000) is None


def test_a_requests_identity_is_one_statement(client, worker):
    """The user with their roles, organisation, unread count and confirmed devices: the session's device
    is not asked for again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_verified(client, worker)
    client.get(reverse("core:profile"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:profile"))
    assert response.status_code == 200
    sql = [q["sql"] for q in queries]
    users = [q for q in sql if q.startswith('SELECT "core_user"."id"')]
    assert len(users) == 1 and '"core_roleassignment"' in users[0] and '"core_organisation"' in users[0]
    assert '"otp_totp_totpdevice"' in users[0] and '"otp_static_staticdevice"' in users[0]
    assert not [q for q in sql if q.startswith('SELECT "core_roleassignment"')]  # the roles came with the user
    assert not [q for q in sql if '"otp_totp_totpdevice"."id" =' in q]  # the device came with the user


def test_the_user_comes_with_the_persistent_ids_of_their_confirmed_devices_of_every_kind(worker):
    """Exactly what django-otp's middleware accepts: every kind of device, confirmed, the user's own."""
    from privacyregie.core.models import IdentityProviderDevice, device_models, user_with_roles

    assert {TOTPDevice, StaticDevice, IdentityProviderDevice} <= set(device_models())
    totp = TOTPDevice.objects.get(user=worker)
    static = StaticDevice.objects.create(user=worker, name="herstelcodes", confirmed=True)
    provider = IdentityProviderDevice.objects.create(user=worker, name="identiteitsprovider", confirmed=True)
    TOTPDevice.objects.create(user=worker, name="nog niet bevestigd", confirmed=False)
    other = UserFactory(roles=[Role.CASE_WORKER])
    assert user_with_roles(worker.pk).confirmed_devices == {totp.persistent_id, static.persistent_id,
                                                           provider.persistent_id}
    assert user_with_roles(other.pk).confirmed_devices == {TOTPDevice.objects.get(user=other).persistent_id}
    TOTPDevice.objects.filter(user=other).delete()
    assert user_with_roles(other.pk).confirmed_devices == frozenset()


def test_the_session_device_reads_the_rest_of_its_fields_when_asked(client, worker):
    """The device of the session carries its id, owner and confirmation; any other field is loaded when read,
    and it is the same device as the ORM's."""
    login_verified(client, worker)
    _response, user = _user_of_next_request(client)
    device = TOTPDevice.objects.get(user=worker)
    assert user.otp_device == device and type(user.otp_device) is TOTPDevice
    assert user.otp_device.get_deferred_fields()  # not loaded up front
    assert _fields(user.otp_device) == _fields(device)


def test_a_user_loaded_otherwise_still_finds_the_session_device(rf, worker):
    """Without ``confirmed_devices`` (a user not loaded by ``user_with_roles``) the device's own query decides."""
    device = TOTPDevice.objects.get(user=worker)
    middleware = VerifiedDeviceMiddleware(lambda r: None)
    plain = User.objects.get(pk=worker.pk)
    assert not hasattr(plain, "confirmed_devices")
    assert _fields(middleware._session_device(plain, device.persistent_id)) == _fields(device)
    other = UserFactory(roles=[Role.CASE_WORKER])
    request = rf.get("/")
    request.session = {"otp_device_id": TOTPDevice.objects.get(user=other).persistent_id}
    assert middleware._verify_user_sync(request, plain).otp_device is None  # someone else's device
    assert "otp_device_id" not in request.session
