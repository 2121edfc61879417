"""After login, an employee with an unacknowledged current code of conduct is sent to it first (R23).

Modelled on ``external.middleware``. Runs after ``core.middleware.AccessPolicyMiddleware`` and only
for a session that the login marked (``signals``: the two-factor login of an employee for whom a new
version waits): every page that needs a login redirects to the code of conduct until it is
acknowledged, except the user's own account pages (profile, logout), the second-factor enrolment,
and reporting an incident (anyone must always be able to report a breach). API calls are not
redirected (they are not a login). A version published during a session is asked at the next login.

It never lets a request through that the access policy refused.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from privacyregie.core.access import ENROLMENT, PUBLIC, rule_for_view

from .signals import SESSION_KEY

EXEMPT_NAMESPACES = {"incidents", "core", "two_factor", "admin"}
EXEMPT_URL_NAMES = {"people:conduct"}


class CodeOfConductMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_KEY):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_verified():
            return None
        rule = rule_for_view(view_func)
        if rule is None or rule.level in (PUBLIC, ENROLMENT):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and (set(match.namespaces) & EXEMPT_NAMESPACES or match.view_name in EXEMPT_URL_NAMES):
            return None
        from .services import pending_conduct

        if pending_conduct(user) is None:
            session.pop(SESSION_KEY, None)
            return None
        return redirect(f"{reverse('people:conduct')}?{urlencode({'next': request.get_full_path()})}")
