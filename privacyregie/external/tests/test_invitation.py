"""Invitations of partner users: a single-use link, an e-mail code with limited attempts and
lifetime, a password by Django's validators, a period within the organisation's maximum, and
no second account for an address that has one."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import Notification, SecurityEvent, User
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.external import services
from privacyregie.external.models import ExternalAccount, ExternalGrant, ExternalSettings, Invitation
from privacyregie.register.models import ChainPartner

from .factories import ChainPartnerFactory, external_user, target

pytestmark = pytest.mark.django_db
PASSWORD = "Lange-zin-voor-de-huisarts-42"


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def worker(org):
    return UserFactory(organisation=org, roles=[Role.CASE_WORKER])


@pytest.fixture
def partner(org):
    return ChainPartnerFactory(organisation=org)


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def _invite(worker, partner, email="huisarts@praktijk.example", days=None, obj=None, capture=None):
    obj = obj or target(worker.organisation)
    with capture(execute=True):
        invitation = services.invite_external(_request(worker), email=email, partner=partner, grant_target=obj,
                                              days=days)
    link = re.search(r"http://testserver(/extern/uitnodiging/[^/\s]+/)", mail.outbox[-1].body).group(1)
    return invitation, link, obj


def _code():
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _confirm_and_create(client, link, password=PASSWORD):
    assert client.get(link)["Location"] == reverse("external:first_visit")
    client.post(reverse("external:first_visit"), {"action": "send"})
    client.post(reverse("external:first_visit"), {"action": "verify", "code": _code()})
    return client.post(reverse("external:first_visit"), {
        "action": "account", "first_name": "Hanna", "last_name": "Arts", "password1": password, "password2": password,
    })


@pytest.fixture
def invite(worker, partner, django_capture_on_commit_callbacks):
    def _do(**kwargs):
        return _invite(worker, partner, capture=django_capture_on_commit_callbacks, **kwargs)
    return _do


def test_invitation_mail_holds_only_a_link(invite, worker):
    invitation, link, obj = invite()
    message = mail.outbox[-1]
    assert message.to == ["huisarts@praktijk.example"]
    assert obj.title not in message.body and obj.receipt_number not in message.body
    assert worker.last_name not in message.body
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().first())
    assert invitation.days == 14 and invitation.email_sent_at is None  # set by the mail step
    assert Invitation.objects.get(pk=invitation.pk).email_sent_at is not None


def test_first_visit_creates_external_account_with_grant(client, invite, partner):
    invitation, link, obj = invite()
    response = _confirm_and_create(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup")
    user = User.objects.get(username="huisarts@praktijk.example")
    assert user.roles == [Role.CHAIN_PARTNER] and user.check_password(PASSWORD)
    assert ExternalAccount.objects.get(user=user).partner == partner
    grant = ExternalGrant.objects.get(user=user)
    assert grant.object_id == obj.pk and grant.expires_at == invitation.expires_at
    assert Invitation.objects.get(pk=invitation.pk).state() == "used"
    # logged in with the password only: the access policy sends the user to TOTP enrolment
    assert client.get(reverse("web:home"))["Location"] == reverse("two_factor:setup")


def test_supplier_partner_gives_role_leverancier(client, worker, django_capture_on_commit_callbacks):
    supplier = ChainPartnerFactory(organisation=worker.organisation, kind=ChainPartner.Kind.SUPPLIER)
    _invitation, link, _obj = _invite(worker, supplier, capture=django_capture_on_commit_callbacks)
    _confirm_and_create(client, link)
    assert User.objects.get(username="huisarts@praktijk.example").roles == [Role.SUPPLIER]


def test_token_is_single_use(client, invite):
    _invitation, link, _obj = invite()
    _confirm_and_create(client, link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 410 and "al gebruikt" in response.content.decode()
    assert User.objects.filter(username="huisarts@praktijk.example").count() == 1
    assert SecurityEvent.objects.filter(kind="access_denied", detail__startswith="uitnodiging geweigerd: used").exists()


def test_expired_invitation_is_refused(client, invite):
    invitation, link, _obj = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link)
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert SecurityEvent.objects.filter(detail__startswith="uitnodiging geweigerd: expired").exists()


def test_revoked_invitation_is_refused_also_midway(client, invite, worker):
    invitation, link, _obj = invite()
    client.get(link)
    services.revoke_invitation(_request(worker), invitation)
    response = client.post(reverse("external:first_visit"), {"action": "send"})
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    assert not User.objects.filter(username="huisarts@praktijk.example").exists()


def test_unknown_token_is_refused(client):
    response = client.get(reverse("external:invitation", args=["verzonnen-token-" + "x" * 30]))
    assert response.status_code == 404
    assert SecurityEvent.objects.filter(detail="uitnodiging geweigerd: unknown").exists()


def test_wrong_codes_are_limited(client, invite):
    invitation, link, _obj = invite()
    client.get(link)
    client.post(reverse("external:first_visit"), {"action": "send"})
    right = _code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        response = client.post(reverse("external:first_visit"), {"action": "verify", "code": wrong})
        assert response.status_code == 200
    assert "te vaak verkeerd" in response.content.decode()
    response = client.post(reverse("external:first_visit"), {"action": "verify", "code": right})
    assert "te vaak verkeerd" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="otp_failed", username=invitation.email).count() == 5
    # without a confirmed address, no account can be made
    client.post(reverse("external:first_visit"), {
        "action": "account", "first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(username=invitation.email).exists()


def test_code_expires_after_fifteen_minutes(client, invite):
    invitation, link, _obj = invite()
    client.get(link)
    client.post(reverse("external:first_visit"), {"action": "send"})
    Invitation.objects.filter(pk=invitation.pk).update(code_sent_at=timezone.now() - timedelta(minutes=16))
    response = client.post(reverse("external:first_visit"), {"action": "verify", "code": _code()})
    assert "verlopen" in response.content.decode()


def test_code_is_single_use(invite):
    invitation, _link, _obj = invite()
    services.send_email_code(None, invitation)
    code = _code()
    services.verify_email_code(None, invitation, code)
    with pytest.raises(ValidationError):
        services.verify_email_code(None, invitation, code)


def test_weak_password_is_refused(client, invite):
    invitation, link, _obj = invite()
    response = _confirm_and_create(client, link, password="huisarts")
    assert response.status_code == 200 and not User.objects.filter(username=invitation.email).exists()


def test_period_defaults_and_maximum_per_organisation(invite, worker, partner):
    assert invite()[0].days == 14
    with pytest.raises(ValidationError):
        services.invite_external(_request(worker), email="a@b.example", partner=partner,
                                 grant_target=target(worker.organisation), days=31)
    ExternalSettings.objects.create(organisation=worker.organisation, default_days=7, max_days=10)
    assert invite(email="c@d.example")[0].days == 7
    with pytest.raises(ValidationError):
        services.invite_external(_request(worker), email="e@f.example", partner=partner,
                                 grant_target=target(worker.organisation), days=11)
    assert not Invitation.objects.filter(email__in=["a@b.example", "e@f.example"]).exists()


def test_existing_external_user_gets_a_grant_not_an_account(worker, partner, django_capture_on_commit_callbacks):
    existing = external_user(worker.organisation, username="bestaand@praktijk.example")
    obj = target(worker.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_external(_request(worker), email="Bestaand@Praktijk.example ", partner=partner,
                                              grant_target=obj)
    assert invitation.user == existing and invitation.state() == "used"
    assert services.has_active_grant(existing, obj)
    assert User.objects.filter(username="bestaand@praktijk.example").count() == 1
    assert Notification.objects.filter(recipient=existing).exists()


def test_internal_address_is_refused(worker, partner):
    colleague = UserFactory(organisation=worker.organisation, username="collega@gemeente.example",
                            roles=[Role.CASE_WORKER])
    with pytest.raises(ValidationError):
        services.invite_external(_request(worker), email=colleague.username, partner=partner,
                                 grant_target=target(worker.organisation))


def test_partner_of_another_organisation_is_refused(worker):
    with pytest.raises(ValidationError):
        services.invite_external(_request(worker), email="x@y.example", partner=ChainPartnerFactory(),
                                 grant_target=target(worker.organisation))


def test_only_who_may_share_invites(worker, partner):
    other = UserFactory(roles=[Role.CASE_WORKER])
    external = external_user(worker.organisation)
    for user in (other, external, UserFactory(organisation=worker.organisation, roles=[Role.CISO])):
        with pytest.raises(PermissionDenied):
            services.invite_external(_request(user), email="x@y.example", partner=partner,
                                     grant_target=target(worker.organisation))


def test_whole_first_visit_ends_on_the_start_page(client, invite):
    """Link, e-mail code, password, TOTP enrolment, the statement, then the start page."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from privacyregie.core.totp import totp_code

    invitation, link, obj = invite()
    assert _confirm_and_create(client, link)["Location"] == reverse("two_factor:setup")
    client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})
    client.get(reverse("two_factor:qr"))
    key = client.session["django_two_factor-qr_secret_key"]
    key_hex = b32decode(key + "=" * (-len(key) % 8)).hex()
    response = client.post(reverse("two_factor:setup"),
                           {"setup_view-current_step": "generator", "generator-token": totp_code(key_hex)})
    assert client.get(response["Location"]).status_code == 200  # recovery codes, shown once
    user = User.objects.get(username=invitation.email)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    home = client.get(reverse("web:home"))
    assert home["Location"].startswith(reverse("external:statement"))
    assert not services.has_active_grant(user, obj)
    client.post(reverse("external:statement"), {"agree": "on", "next": reverse("web:home")})
    assert services.has_active_grant(user, obj)
    page = client.get(reverse("web:home")).content.decode()
    assert "Met mij gedeeld" in page


def test_invite_form_keeps_to_the_organisations_maximum(worker, partner):
    from privacyregie.external.forms import InviteForm

    ExternalSettings.objects.create(organisation=worker.organisation, default_days=5, max_days=9)
    form = InviteForm(organisation=worker.organisation)
    assert form.fields["days"].initial == 5
    data = {"email": "a@b.example", "partner": partner.pk}
    assert not InviteForm({**data, "days": 10}, organisation=worker.organisation).is_valid()
    assert InviteForm({**data, "days": 9}, organisation=worker.organisation).is_valid()
    other = ChainPartnerFactory()
    assert not InviteForm({**data, "partner": other.pk, "days": 3}, organisation=worker.organisation).is_valid()


def test_new_link_replaces_the_old_one(client, invite, worker, django_capture_on_commit_callbacks):
    invitation, old_link, _obj = invite()
    from privacyregie.core.tests.utils import form_token, login_verified

    login_verified(client, worker)
    url = reverse("external:invitation_resend", args=[invitation.uuid])
    token = form_token(client.get(url).content.decode())
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"form_token": token})
        again = client.post(url, {"form_token": token})  # a double click sends nothing more
    assert response.status_code == 302 and again.status_code == 302
    assert len(mail.outbox) == sent + 1
    new_link = re.search(r"http://testserver(/extern/uitnodiging/[^/\s]+/)", mail.outbox[-1].body).group(1)
    assert new_link != old_link
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link)["Location"] == reverse("external:first_visit")
