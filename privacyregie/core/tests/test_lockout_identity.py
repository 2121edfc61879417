"""Login lockout holds for the identity Django authenticates, in every spelling of the user name,
and a locked account answers the same for the right and a wrong password (no password oracle)."""

import re

import pytest
from axes.models import AccessAttempt
from hypothesis import given, settings
from hypothesis import strategies as st

from privacyregie.core.models import User
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.usernames import normalise_username

PASSWORD = "Correct-paard-batterij-9"
LOGIN = "/account/inloggen/"
TOKEN_STEP = b"token-otp_token"


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


VARIANTS = {
    "surrounding spaces": lambda u: f"  {u}  ",
    "tab and newline": lambda u: f"\t{u}\n",
    "no-break space": lambda u: f"{u}\u00a0",
    "em space in front": lambda u: f"\u2003{u}",
    "capitals": lambda u: u.upper(),
    "mixed case": lambda u: u[:1].upper() + u[1:],
    "fullwidth": _fullwidth,
    "fullwidth capitals": lambda u: _fullwidth(u.upper()),
    "zero-width space inside": lambda u: u[:2] + "\u200b" + u[2:],
    "circled letters": lambda u: "".join(chr(0x24D0 + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in u),
}


def _password_step(client, username, password):
    return client.post(LOGIN, {"login_view-current_step": "auth", "auth-username": username, "auth-password": password})


def _lock(client, username, limit):
    for _ in range(limit):
        _password_step(client, username, "fout-wachtwoord")


def _page(response):
    """The response without its per-request random parts (CSRF tokens)."""
    return response.status_code, re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", roles=[Role.CASE_WORKER])


@pytest.mark.django_db
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_spelling_of_a_locked_name_is_locked(client, alice, settings, variant):
    _lock(client, "alice", settings.AXES_FAILURE_LIMIT)
    response = _password_step(client, VARIANTS[variant]("alice"), PASSWORD)
    assert response.status_code == 429
    assert TOKEN_STEP not in response.content
    assert not client.session.get("_auth_user_id")


@pytest.mark.django_db
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_failures_in_variant_spellings_count_for_one_account(client, alice, settings, variant):
    _lock(client, VARIANTS[variant]("alice"), settings.AXES_FAILURE_LIMIT)
    response = _password_step(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["alice"]


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["plain", *VARIANTS])
def test_a_locked_account_answers_the_same_for_right_and_wrong_passwords(client, alice, settings, variant):
    _lock(client, "alice", settings.AXES_FAILURE_LIMIT)
    name = "alice" if variant == "plain" else VARIANTS[variant]("alice")
    right = _password_step(client, name, PASSWORD)
    wrong = _password_step(client, name, "nog-een-fout-wachtwoord")
    assert _page(right) == _page(wrong)
    assert right.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_an_unlocked_account_logs_in_with_any_spelling_of_its_name(client, alice, variant):
    response = _password_step(client, VARIANTS[variant]("alice"), PASSWORD)
    assert TOKEN_STEP in response.content


@pytest.mark.django_db
def test_user_names_are_stored_normalised(alice):
    user = UserFactory(username="  ＢＯＢ\u200b ")
    assert User.objects.get(pk=user.pk).username == "bob"
    assert User.objects.create_user(username=" Carla ", password=PASSWORD).username == "carla"


@pytest.mark.django_db
def test_a_second_account_with_a_variant_of_an_existing_name_is_refused(alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="ＡＬＩＣＥ")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalisation_is_idempotent(text):
    once = normalise_username(text)
    assert normalise_username(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Nd"], max_codepoint=0x7F), min_size=1, max_size=20))
def test_compatibility_variants_normalise_to_one_name(name):
    base = normalise_username(name)
    for make in VARIANTS.values():
        assert normalise_username(make(name)) == base


@pytest.mark.django_db
def test_renaming_to_a_variant_of_an_existing_name_is_a_validation_error(alice):
    from django.core.exceptions import ValidationError

    bob = UserFactory(username="bob")
    bob.username = " ＡＬＩＣＥ "
    with pytest.raises(ValidationError) as error:
        bob.full_clean()
    assert "username" in error.value.message_dict
