"""Error views of the root URLconf: problem+json under ``/api/``, Django's pages elsewhere.

They answer errors that happen outside a DRF view: an unknown API URL, a request body
that is too large, an exception in middleware.
"""

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from .exceptions import SERVER_ERROR_DETAIL, django_error_response, is_api_path


def bad_request(request, exception):
    message = str(exception) if isinstance(exception, BadRequest) else ""
    if not is_api_path(request.path):
        if message:  # our own refusal (e.g. a control character): say what was wrong
            body = loader.get_template("400.html").render({"exception": message})
            return HttpResponseBadRequest(body)
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return django_error_response(request, 413, _("Het verzoek is te groot."))
    return django_error_response(request, 400, message or _("Ongeldig verzoek."))


def permission_denied(request, exception):
    if not is_api_path(request.path):
        return defaults.permission_denied(request, exception)
    return django_error_response(request, 403, _("U heeft niet de bevoegdheid voor deze handeling."))


def page_not_found(request, exception):
    if not is_api_path(request.path):
        return defaults.page_not_found(request, exception)
    return django_error_response(request, 404, _("Deze URL bestaat niet in de API."))


def server_error(request):
    if not is_api_path(request.path):
        return defaults.server_error(request)
    return django_error_response(request, 500, SERVER_ERROR_DETAIL)
