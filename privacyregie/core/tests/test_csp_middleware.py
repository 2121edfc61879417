"""The CSP middleware sets exactly the headers django-csp sets, with the policy text built once."""

import pytest
from csp.constants import NONCE, SELF
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from privacyregie.core.middleware import ContentSecurityPolicyMiddleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/csp-report/"}}


def _headers(middleware_class, prepare=None, view=None):
    request = RequestFactory().get("/start/")
    middleware = middleware_class(view or (lambda r: HttpResponse("ok")))
    if prepare:
        prepare(request)
    response = middleware(request)
    return {k: v for k, v in response.headers.items() if "Content-Security-Policy" in k}, request


def test_same_headers_as_django_csp():
    ours, request = _headers(ContentSecurityPolicyMiddleware)
    theirs, _ = _headers(CSPMiddleware)
    assert ours == theirs and "default-src 'self'" in ours["Content-Security-Policy"]
    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)  # asking for a nonce after the header was written stays an error


def test_report_only_policy_follows_changed_settings(settings):
    _headers(ContentSecurityPolicyMiddleware)  # built once with the old settings
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY
    ours, _ = _headers(ContentSecurityPolicyMiddleware)
    theirs, _ = _headers(CSPMiddleware)
    assert ours == theirs and "Content-Security-Policy-Report-Only" in ours


def test_nonce_and_per_view_changes_go_through_django_csp(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}

    def with_nonce(request):
        view_nonce.append(str(request.csp_nonce))

    view_nonce = []
    middleware = ContentSecurityPolicyMiddleware(lambda r: (with_nonce(r), HttpResponse("ok"))[1])
    request = RequestFactory().get("/start/")
    response = middleware(request)
    assert f"'nonce-{view_nonce[0]}'" in response["Content-Security-Policy"]

    def exempt(request):
        response = HttpResponse("ok")
        response._csp_exempt = True
        return response

    ours, _ = _headers(ContentSecurityPolicyMiddleware, view=exempt)
    assert ours == {}
