"""The session of an external user ends the moment their access ends (issue 12 §5).

Runs after ``core.middleware.AccessPolicyMiddleware``, for external users only (roles
ketenpartner / leverancier), on every request to a page that needs a login:

1. An external user whose access rests on grants (they have had one) and who has no
   active grant left is logged out at once, with a clear Dutch message on the login
   page, and the refusal is recorded as a security event. Expiry is checked at request
   time, so neither a job nor a revocation has to find the session.
2. An external user with an active grant who has not accepted the current confidentiality
   statement is sent to it before anything else, except their own account pages and
   reporting an incident (a processor must always be able to report a breach, AVG art.
   33(2)). An external account without grants (a processor made by the functional
   administrator, who only reports incidents) is not asked: nothing is shared with it.

Whether a user may open one particular object is decided by ``services.has_active_grant``
in the object's own view; this middleware never lets a request through that the access
policy refused.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from privacyregie.core.access import ACCOUNT, ENROLMENT, PUBLIC, rule_for_view
from privacyregie.core.models import SecurityEvent
from privacyregie.core.security import record_event

from . import services

# Pages an external user reaches without having accepted the statement (besides account pages).
STATEMENT_EXEMPT_NAMESPACES = {"incidents"}
STATEMENT_EXEMPT_URL_NAMES = {"external:statement"}
ACCOUNT_NAMESPACES = {"core", "two_factor"}


class ExternalAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not services.is_external(user):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            return None  # the admin site refuses external users itself
        rule = rule_for_view(view_func)
        if rule is not None and rule.level == PUBLIC:
            return None
        if not user.is_verified():
            return None  # the access policy sends them to login or enrolment first

        active = services.has_any_active_grant(user)
        if not active and services.is_grant_bound(user):
            record_event(request, SecurityEvent.Kind.ACCESS_DENIED, detail="externe toegang beëindigd (verlopen of ingetrokken)")
            logout(request)
            messages.error(request, _("Uw toegang tot Privacyregie is verlopen of ingetrokken. "
                                      "Neem contact op met uw contactpersoon bij de gemeente als u opnieuw toegang nodig heeft."))
            return redirect(settings.LOGIN_URL)

        if not active:
            return None  # a processor's account without grants reports incidents as before (no statement)
        if rule is None or rule.level == ENROLMENT:
            return None  # API views (DRF decides) and second-factor enrolment
        namespace = match.namespace if match is not None else ""
        if rule.level == ACCOUNT and namespace in ACCOUNT_NAMESPACES:
            return None  # the user's own account pages (profile, logout, recovery codes)
        if namespace in STATEMENT_EXEMPT_NAMESPACES or (match and match.view_name in STATEMENT_EXEMPT_URL_NAMES):
            return None
        if not services.has_accepted_current_statement(user):
            return redirect(f"{reverse('external:statement')}?{urlencode({'next': request.get_full_path()})}")
        return None
