"""The web shell: start page per role, language switch, health check."""

from django.http import JsonResponse
from django.shortcuts import redirect, render

from privacyregie.core.access import account, public
from privacyregie.core.context_processors import load_organisation_early
from privacyregie.core.navigation import home_panels
from privacyregie.core.services import functional_administrators


@public
def root(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    return redirect("two_factor:login")


@account
def home(request):
    """The start page of the user's roles; a user without a role is told whom to ask (no circle back here)."""
    if not request.user.roles:
        return render(request, "web/no_role.html", {"administrators": functional_administrators(request.user)}, status=403)
    # the panels read the organisation: loaded once, with the shell's unread count in the same query
    load_organisation_early(request.user)
    return render(request, "web/home.html", {"panels": home_panels(request)})


@public
def health(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
