"""Deny-by-default API permission.

Every API view states ``required_permissions``: either one permission for all
actions, or a dict of action (``list``, ``retrieve``, ``create``, ``update``,
``partial_update``, ``destroy``, custom actions, or HTTP method in lower case) to
permission. A view or action without one is refused. Object access to residents and
cases is decided by the privacy kernel inside the view, not here.

An application that calls without an end user (no ``X-Eindgebruiker``) acts with its
scopes only. Where a person must be accountable (residents, cases, case membership),
the view sets ``requires_end_user`` (True, or a collection of actions) and such a call
is refused with 403 ``end_user_required``, never passed on to code that needs a user.
"""

from rest_framework.permissions import BasePermission

from .exceptions import EndUserRequired


def required_permission(view, request):
    required = getattr(view, "required_permissions", None)
    if isinstance(required, str):
        return required
    if isinstance(required, dict):
        action = getattr(view, "action", None)
        if action and action in required:
            return required[action]
        return required.get(request.method.lower())
    return None


def is_application_without_end_user(user) -> bool:
    from .authentication import ApplicationPrincipal

    return isinstance(user, ApplicationPrincipal)


def check_end_user(view, request) -> None:
    """Raise 403 ``end_user_required`` when the view needs a person and the caller is an application alone."""
    required = getattr(view, "requires_end_user", False)
    if not isinstance(required, bool):
        required = getattr(view, "action", None) in required or request.method.lower() in required
    if required and is_application_without_end_user(request.user):
        raise EndUserRequired()


class HasPrivacyPermission(BasePermission):
    message = "U heeft niet de bevoegdheid voor deze handeling."

    def has_permission(self, request, view):
        user = request.user
        if not getattr(user, "is_authenticated", False):
            return False
        permission = required_permission(view, request)
        if permission is None:
            return False
        if permission == "public":
            return True
        if permission not in getattr(user, "privacy_permissions", frozenset()):
            return False
        check_end_user(view, request)
        return True


class PublicEndpoint(BasePermission):
    def has_permission(self, request, view):
        return True
