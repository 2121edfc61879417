"""One-time form tokens (core/once.py): required, single use, and a double submit told apart."""

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from privacyregie.core import once


def _post(session, token=None):
    request = RequestFactory().post("/", {} if token is None else {"form_token": token})
    request.session = session
    return request


def test_an_issued_token_is_fresh_once_then_used():
    session = SessionStore()
    token = once.issue_token(_post(session), "melding")
    assert once.redeem(_post(session, token), "melding") == once.FRESH
    assert once.redeem(_post(session, token), "melding") == once.USED


def test_a_missing_or_unknown_token_is_missing():
    session = SessionStore()
    once.issue_token(_post(session), "melding")
    assert once.redeem(_post(session), "melding") == once.MISSING
    assert once.redeem(_post(session, "verzonnen"), "melding") == once.MISSING


def test_a_token_of_another_form_is_missing():
    session = SessionStore()
    token = once.issue_token(_post(session), "melding")
    assert once.redeem(_post(session, token), "aanvulling") == once.MISSING
    assert once.redeem(_post(session, token), "melding") == once.FRESH
