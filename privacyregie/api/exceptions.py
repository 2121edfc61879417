"""Errors as ``application/problem+json`` (RFC 9457; NL API Design Rules).

Every error under ``/api/`` is a problem document: those raised in a DRF view (this
module's exception handler, also for unexpected exceptions: a 500 without internals),
and those Django answers itself (unknown URL, an exception in middleware: the
``handler404``/``handler500`` of the root URLconf call :func:`django_error_response`).
A 500 never shows a traceback or a message of the exception.
"""

import logging
import math

from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions, status
from rest_framework.exceptions import ValidationError

log = logging.getLogger("django.request")

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"

TITLES = {
    400: gettext_lazy("Ongeldige invoer."),
    401: gettext_lazy("Niet geauthenticeerd."),
    403: gettext_lazy("Geen toegang."),
    404: gettext_lazy("Niet gevonden."),
    405: gettext_lazy("Methode niet toegestaan."),
    406: gettext_lazy("Niet aanvaardbaar."),
    409: gettext_lazy("Conflict."),
    413: gettext_lazy("Te groot."),
    415: gettext_lazy("Mediatype niet ondersteund."),
    429: gettext_lazy("Te veel verzoeken."),
    500: gettext_lazy("Interne fout."),
}
SERVER_ERROR_DETAIL = gettext_lazy("Er ging iets mis aan onze kant. Er is niets gewijzigd; probeer het later opnieuw.")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Het verzoek is te groot.")
    default_code = "request_too_large"


class EndUserRequired(exceptions.PermissionDenied):
    default_detail = gettext_lazy("Deze handeling vereist een eindgebruiker: geef de header X-Eindgebruiker mee.")
    default_code = "end_user_required"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def problem(status_code: int, instance: str, detail: str, **extra) -> dict:
    return {
        "type": f"https://privacyregie.nl/problemen/{status_code}",
        "title": str(TITLES.get(status_code, _("Fout."))),
        "status": status_code,
        "instance": instance,
        "detail": str(detail),
        **extra,
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


def _server_error(exc, request):
    """Log the unexpected exception the way Django does, and answer a problem without internals."""
    django_request = getattr(request, "_request", request)
    log.error("Internal Server Error: %s", getattr(django_request, "path", ""), exc_info=(type(exc), exc, exc.__traceback__))
    if django_request is not None:
        got_request_exception.send(sender=None, request=django_request)
    return problem(500, getattr(request, "path", ""), SERVER_ERROR_DETAIL, code="server_error")


def problem_exception_handler(exc, context):
    from rest_framework.views import exception_handler  # not at import: DRF's views import our permission

    from privacyregie.kernel.services import AccessDenied, write_pending_denial

    request = context.get("request")
    if isinstance(exc, AccessDenied):
        deferred = getattr(getattr(request, "_request", None), "kernel_denials", None)
        if deferred is not None:
            deferred.append(exc)  # written after the request's transaction rolled back (api.transactions)
        else:
            write_pending_denial(exc)  # a refusal inside a rolled-back transaction is still logged
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = exception_handler(exc, context)
    if response is None:
        response = JsonResponse(_server_error(exc, request), status=500)
        response["Content-Type"] = PROBLEM_JSON
        return response
    code = response.status_code
    body = problem(code, request.path if request is not None else "", "")
    if isinstance(exc, ValidationError):
        body["detail"] = str(TITLES[400])
        body["invalidParams"] = list(_flatten(response.data))
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        body["detail"] = str(detail)
        body["code"] = getattr(getattr(exc, "detail", None), "code", getattr(exc, "default_code", "error"))
    if isinstance(exc, exceptions.Throttled):  # a general rate limit (api.throttling): say when to try again
        wait = max(1, math.ceil(exc.wait or 1))
        body["detail"] = ngettext("Te veel verzoeken. Probeer het over %(seconds)d seconde opnieuw.",
                                  "Te veel verzoeken. Probeer het over %(seconds)d seconden opnieuw.", wait) % {
                                      "seconds": wait}
        response["Retry-After"] = str(wait)
    response.data = body
    response.content_type = PROBLEM_JSON
    if code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Bearer"
    return response


def django_error_response(request, status_code: int, detail) -> JsonResponse:
    """A problem document for errors Django answers outside DRF (used by the root URLconf's handlers)."""
    codes = {400: "invalid", 403: "permission_denied", 404: "not_found", 413: "request_too_large", 500: "server_error"}
    body = problem(status_code, request.path, detail, code=codes.get(status_code, "error"))
    response = JsonResponse(body, status=status_code)
    response["Content-Type"] = PROBLEM_JSON
    return response
