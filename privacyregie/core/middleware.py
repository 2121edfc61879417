"""Request middleware: W3C trace context, and the deny-by-default access policy.

``AccessPolicyMiddleware`` refuses any view that has not declared an access rule
(``core.access``), sends anonymous users to the login page, sends users without a
second factor to enrolment, and records refusals as security events. It must never
let a request through on the basis of a missing rule.
"""

import secrets

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import ENROLMENT, PUBLIC, rule_allows, rule_for_view
from .logging import bind_trace_id
from .security import record_event
from .sso import has_own_second_factor
from .tracecontext import format_traceparent, format_tracestate, parse_traceparent, parse_tracestate
from .validators import CONTROL_CHARACTER_MESSAGE, find_control_character


class TraceContextMiddleware:
    """Continue an incoming W3C ``traceparent`` or start a new trace (``core.tracecontext``).

    Sets ``request.trace_id``, ``request.span_id`` (this request's span), ``request.parent_span_id``
    (the caller's span, empty for a new trace), ``request.trace_sampled`` (the incoming sampled flag;
    a new trace is sampled), ``request.tracestate`` (passed on unchanged when valid) and
    ``request.trace_started_at``; the processing log stores them (Logboek dataverwerkingen).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.trace_started_at = timezone.now()
        parent = parse_traceparent(request.headers.get("traceparent"))
        members = parse_tracestate(request.headers.get("tracestate")) if parent is not None else None
        if parent is not None:
            request.trace_id, request.parent_span_id, request.trace_sampled = (
                parent.trace_id, parent.parent_id, parent.sampled)
        else:
            request.trace_id, request.parent_span_id, request.trace_sampled = secrets.token_hex(16), "", True
        request.tracestate = format_tracestate(members) if members else ""
        request.span_id = secrets.token_hex(8)
        # on every log line of this request (core.logging), also Django's own "Forbidden: ..." line that is
        # written after the middleware returned; cleared when the request has finished
        bind_trace_id(request.trace_id)
        response = self.get_response(request)
        response["traceparent"] = format_traceparent(request.trace_id, request.span_id, request.trace_sampled)
        if request.tracestate:
            response["tracestate"] = request.tracestate
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
            if not has_own_second_factor(user):
                return redirect("two_factor:setup")
            if request.session.get("sso_provider_id"):
                return redirect("core:sso_verify")  # single sign-on without the provider's MFA
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
        texts = [("", request.path)]
        if request.META.get("QUERY_STRING"):  # without one, request.GET is empty: not parsed here for nothing
            texts += [(key, text) for key, values in request.GET.lists() for text in (key, *values)]
        for name, text in texts:
            found = find_control_character(text, multiline=False)
            if found:
                message = str(CONTROL_CHARACTER_MESSAGE % {"position": found[0], "char": found[1]})
                label = name[:50] if name and not find_control_character(name) else ""
                raise BadRequest(f"{label}: {message}" if label else message)
        return self.get_response(request)


class FileIntegrityMiddleware:
    """A stored file that fails authentication (``core.files.TamperedFile``) is never served.

    The user gets a clear Dutch page (under ``/api/`` a problem document) instead of the file,
    and the refusal is logged with who asked, where and which file.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        import logging

        from django.http import JsonResponse
        from django.shortcuts import render

        from .crypto import MasterKeyMissing, TamperedFile

        if not isinstance(exception, TamperedFile):
            return None
        user = getattr(request, "user", None)
        logging.getLogger("privacyregie.files").error(
            "refused to serve stored file %s to user %s at %s: %s", exception.storage_name or "?",
            getattr(user, "pk", None), request.path, exception)
        if isinstance(exception, MasterKeyMissing):
            detail = _("Dit bestand kan nu niet worden geopend: de sleutel waarmee het is versleuteld, is niet "
                       "beschikbaar. Meld dit bij de functioneel beheerder.")
        else:
            detail = _("Dit bestand is beschadigd of gewijzigd sinds het werd opgeslagen en wordt daarom niet "
                       "getoond. Meld dit bij de functioneel beheerder; de poging is vastgelegd.")
        if request.path.startswith("/api/"):
            return JsonResponse({"type": "https://privacyregie.nl/problemen/500", "title": _("Bestand niet beschikbaar."),
                                 "status": 500, "instance": request.path, "detail": str(detail)},
                                status=500, content_type="application/problem+json")
        return render(request, "core/file_refused.html", {"detail": detail}, status=500)


SESSION_SEEN_KEY = "_seen"


class SessionActivityMiddleware:
    """Keep the idle timeout without writing the session on every request.

    ``SESSION_SAVE_EVERY_REQUEST`` writes the session row (or cache entry) on every page
    view, only to move its expiry forward. Here a session that already exists is
    marked as changed at most once per ``SESSION_REFRESH_SECONDS``: the idle timeout
    (``SESSION_COOKIE_AGE``) stays, give or take that interval, and a page view that
    changes nothing costs no write. Must come right after ``SessionMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        if response.status_code >= 500:
            return response
        now = int(timezone.now().timestamp())
        try:
            seen = int(session.get(SESSION_SEEN_KEY, 0))
        except (TypeError, ValueError):
            seen = 0
        if now - seen >= settings.SESSION_REFRESH_SECONDS:
            session[SESSION_SEEN_KEY] = now  # marks the session modified: saved with a new expiry
        return response
