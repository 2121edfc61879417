"""Errors as ``application/problem+json`` (RFC 9457; NL API Design Rules)."""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler

TITLES = {
    400: _("Ongeldige invoer."),
    401: _("Niet geauthenticeerd."),
    403: _("Geen toegang."),
    404: _("Niet gevonden."),
    405: _("Methode niet toegestaan."),
    409: _("Conflict."),
    413: _("Te groot."),
    415: _("Mediatype niet ondersteund."),
    429: _("Te veel verzoeken."),
}


def _flatten(detail, prefix=""):
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, name)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, prefix)
    else:
        yield {"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"), "reason": str(detail)}


def problem_exception_handler(exc, context):
    from privacyregie.kernel.services import AccessDenied, write_pending_denial

    if isinstance(exc, AccessDenied):
        write_pending_denial(exc)  # a refusal inside a rolled-back transaction is still logged
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    code = response.status_code
    body = {
        "type": f"https://privacyregie.nl/problemen/{code}",
        "title": str(TITLES.get(code, _("Fout."))),
        "status": code,
        "instance": request.path if request is not None else "",
    }
    if isinstance(exc, ValidationError):
        body["detail"] = str(TITLES[400])
        body["invalidParams"] = list(_flatten(response.data))
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        body["detail"] = str(detail)
        body["code"] = getattr(getattr(exc, "detail", None), "code", getattr(exc, "default_code", "error"))
    response.data = body
    response.content_type = "application/problem+json"
    if code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Bearer"
    return response
