"""Forms that forgive: one-time form tokens and show-once values (POST-redirect-GET).

A form that creates something carries a one-time token (``issue_token``); the POST that
uses it (``consume_token``) is the only one that creates, so a double click or a resent
POST creates nothing twice. What a success page must show once (a receipt, a follow-up
code) travels to its own GET page encrypted in the session (``stash``) and is removed
when shown (``take``): a refresh shows it no more and creates nothing.
"""

from __future__ import annotations

import json
import secrets

from .files import TamperedFile, seal, unseal

_TOKENS = "_form_tokens"
_MAX_TOKENS = 20


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
    return True


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
