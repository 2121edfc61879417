"""Forms that forgive: one-time form tokens and show-once values (POST-redirect-GET).

A form that creates something carries a one-time token (``issue_token``); the POST that
uses it (``consume_token`` or ``redeem``) is the only one that creates, so a double click or a
resent POST creates nothing twice. The token is required: a POST without one, or with one this
session never issued, creates nothing either (``redeem`` tells the three cases apart, so the
page can say which: a double submit leads to what the first one made, a missing or unknown
token shows the form again with a fresh token). What a success page must show once (a receipt, a follow-up
code) travels to its own GET page encrypted in the session (``stash``) and is removed
when shown (``take``): a refresh shows it no more and creates nothing.
"""

from __future__ import annotations

import json
import secrets

from .files import TamperedFile, seal, unseal

_TOKENS = "_form_tokens"
_USED = "_form_tokens_used"
_MAX_TOKENS = 20

FRESH = "fresh"      # issued and not used before: the one POST that may create
USED = "used"        # issued and used already: a double click or a resent POST
MISSING = "missing"  # no token, or one this session never issued (expired session, forged POST)


def issue_token(request, form_name: str) -> str:
    token = secrets.token_urlsafe(16)
    tokens = [t for t in request.session.get(_TOKENS, []) if t[0] != form_name or t[1] != token]
    tokens.append([form_name, token])
    request.session[_TOKENS] = tokens[-_MAX_TOKENS:]
    return token


def consume_token(request, form_name: str, token: str) -> bool:
    """True once per issued token; False for an unknown, reused or missing token."""
    tokens = request.session.get(_TOKENS, [])
    if not token or [form_name, token] not in tokens:
        return False
    tokens.remove([form_name, token])
    request.session[_TOKENS] = tokens
    used = request.session.get(_USED, [])
    used.append([form_name, token])
    request.session[_USED] = used[-_MAX_TOKENS:]
    return True


def redeem(request, form_name: str, field: str = "form_token") -> str:
    """Consume the POST's token for ``form_name``: ``FRESH``, ``USED`` or ``MISSING``.

    Only ``FRESH`` may create anything; the token is spent then, so the same POST sent again
    answers ``USED``.
    """
    token = request.POST.get(field, "")
    if consume_token(request, form_name, token):
        return FRESH
    if token and [form_name, token] in request.session.get(_USED, []):
        return USED
    return MISSING


def stash(request, key: str, payload: dict) -> None:
    """Keep ``payload`` for the next GET that calls ``take`` (encrypted: never plain text at rest)."""
    request.session[f"_once_{key}"] = seal(json.dumps(payload).encode())


def take(request, key: str) -> dict | None:
    value = request.session.pop(f"_once_{key}", None)
    if not value:
        return None
    try:
        return json.loads(unseal(value))
    except (TamperedFile, ValueError):
        return None
