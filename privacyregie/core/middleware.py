"""Request middleware: W3C trace context, and the deny-by-default access policy.

``AccessPolicyMiddleware`` refuses any view that has not declared an access rule
(``core.access``), sends anonymous users to the login page, sends users without a
second factor to enrolment, and records refusals as security events. It must never
let a request through on the basis of a missing rule.
"""

import re
import secrets

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .access import ENROLMENT, PUBLIC, rule_allows, rule_for_view
from .security import record_event

TRACEPARENT_RE = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


class TraceContextMiddleware:
    """Continue an incoming W3C ``traceparent`` or start a new trace.

    Sets ``request.trace_id``, ``request.span_id`` (this request's span) and
    ``request.parent_span_id``; the processing log stores them (Logboek dataverwerkingen).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("traceparent", "").strip().lower()
        match = TRACEPARENT_RE.match(header)
        if match and match.group(1) != "0" * 32 and match.group(2) != "0" * 16:
            request.trace_id, request.parent_span_id = match.group(1), match.group(2)
        else:
            request.trace_id, request.parent_span_id = secrets.token_hex(16), ""
        request.span_id = secrets.token_hex(8)
        response = self.get_response(request)
        response["traceparent"] = f"00-{request.trace_id}-{request.span_id}-01"
        return response


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            return None  # the admin site checks core.manage_users itself (core.admin_site)
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and _is_api_view(view_class):
            return None  # DRF authenticates and applies HasPrivacyPermission (deny by default)

        rule = rule_for_view(view_func)
        if rule is None:
            record_event(request, "access_denied", detail="view without access rule")
            raise PermissionDenied(_("Deze pagina is niet toegankelijk."))
        if rule.level == PUBLIC:
            return None

        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if rule.level == ENROLMENT:
            return None
        if not user.is_verified():
            if not user_has_device(user):
                return redirect("two_factor:setup")
            logout(request)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

        allowed, reason = rule_allows(rule, user)
        if not allowed:
            record_event(request, "access_denied", detail=reason[:500])
            raise PermissionDenied(reason)
        return None


def _is_api_view(view_class) -> bool:
    from rest_framework.views import APIView

    return isinstance(view_class, type) and issubclass(view_class, APIView)


class InputGuardMiddleware:
    """Refuse control characters in the URL and the query string (search terms, filters) with a 400.

    Form fields and API bodies are checked by their forms and parsers
    (``core.validators``); this covers what reaches views without either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import BadRequest

        from .validators import CONTROL_CHARACTER_MESSAGE, find_control_character

        texts = [("", request.path)]
        texts += [(key, text) for key, values in request.GET.lists() for text in (key, *values)]
        for name, text in texts:
            found = find_control_character(text, multiline=False)
            if found:
                message = str(CONTROL_CHARACTER_MESSAGE % {"position": found[0], "char": found[1]})
                label = name[:50] if name and not find_control_character(name) else ""
                raise BadRequest(f"{label}: {message}" if label else message)
        return self.get_response(request)
