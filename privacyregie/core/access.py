"""Access rules for pages: deny by default.

Every view declares who may reach it, with one of the decorators below (or the
``access_rule`` attribute on a class-based view). ``AccessPolicyMiddleware`` refuses
every view without a rule. Rules check *capability* permissions from ``core.roles``;
whether a user may see a particular resident or case is decided by the privacy kernel
(``privacyregie.kernel``), never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

PUBLIC = "public"  # no login needed (login page, public privacy statement)
ENROLMENT = "enrolment"  # logged in with password, second factor may still be missing
ACCOUNT = "account"  # logged in with two factors; roles not needed (profile, logout)
AUTHENTICATED = "authenticated"  # two factors and at least one role


@dataclass(frozen=True)
class AccessRule:
    level: str
    permissions: tuple[str, ...] = field(default_factory=tuple)
    any_of: bool = False

    def describe(self) -> str:
        if self.permissions:
            joiner = " of " if self.any_of else " en "
            return joiner.join(self.permissions)
        return self.level


def _mark(view, rule: AccessRule):
    view.access_rule = rule
    return view


def public(view):
    """Anyone, also without login."""
    return _mark(view, AccessRule(PUBLIC))


def enrolment(view):
    """Logged in with a password; used by the second-factor enrolment pages."""
    return _mark(view, AccessRule(ENROLMENT))


def account(view):
    """Logged in with two factors; for the user's own account pages."""
    return _mark(view, AccessRule(ACCOUNT))


def authenticated(view):
    """Logged in with two factors and holding at least one role."""
    return _mark(view, AccessRule(AUTHENTICATED))


def requires(*permissions: str, any_of: bool = False):
    """Logged in with two factors and holding the permission(s) (all, or any with any_of=True)."""
    from .roles import PERMISSIONS

    for perm in permissions:
        if perm not in PERMISSIONS:
            raise ValueError(f"Unknown permission {perm!r}; define it in core/roles.py")

    def decorator(view):
        return _mark(view, AccessRule(AUTHENTICATED, tuple(permissions), any_of))

    return decorator


def rule_for_view(view_func) -> AccessRule | None:
    rule = getattr(view_func, "access_rule", None)
    if rule is None:
        view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
        rule = getattr(view_class, "access_rule", None)
    return rule


def user_permissions(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.privacy_permissions


def has_permission(user, permission: str) -> bool:
    return permission in user_permissions(user)


def check_permission(user, permission: str) -> None:
    """Raise PermissionDenied with a readable reason when the user lacks the permission."""
    if not has_permission(user, permission):
        raise PermissionDenied(_("U heeft niet de bevoegdheid voor deze handeling."))


def rule_allows(rule: AccessRule, user) -> tuple[bool, str]:
    """Whether a verified user passes the rule, with the reason when not."""
    if rule.level in (PUBLIC, ENROLMENT, ACCOUNT):
        return True, ""
    if not user.roles:
        return False, str(_("U heeft nog geen rol in Privacyregie. Vraag de functioneel beheerder om een rol."))
    granted = user_permissions(user)
    if not rule.permissions:
        return True, ""
    ok = any(p in granted for p in rule.permissions) if rule.any_of else all(p in granted for p in rule.permissions)
    if ok:
        return True, ""
    return False, str(_("Deze pagina is niet beschikbaar voor uw rol(len)."))


def same_organisation_or_404(obj, user):
    """Objects of another organisation do not exist for this user (404, no enumeration)."""
    from django.http import Http404

    if getattr(obj, "organisation_id", None) != getattr(user, "organisation_id", None):
        raise Http404
    return obj
