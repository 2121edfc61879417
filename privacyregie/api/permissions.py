"""Deny-by-default API permission.

Every API view states ``required_permissions``: either one permission for all
actions, or a dict of action (``list``, ``retrieve``, ``create``, ``update``,
``partial_update``, ``destroy``, custom actions, or HTTP method in lower case) to
permission. A view or action without one is refused. Object access to residents and
cases is decided by the privacy kernel inside the view, not here.
"""

from rest_framework.permissions import BasePermission


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
        return permission in getattr(user, "privacy_permissions", frozenset())


class PublicEndpoint(BasePermission):
    def has_permission(self, request, view):
        return True
