"""The web shell: start page per role, language switch, health check."""

from django.http import JsonResponse
from django.shortcuts import redirect, render

from privacyregie.core.access import account, public
from privacyregie.core.context_processors import load_organisation_early
from privacyregie.core.navigation import home_panels, link_groups_html, menu_for
from privacyregie.core.services import functional_administrators
from privacyregie.web.jinja import render_content


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
    user = request.user
    menu = menu_for(user)
    # the content by Jinja2 (ADR 0134): a dozen panels of figures, in the usual shell
    panels = home_panels(request)
    content = render_content("web/home_content.html", {
        "user": user, "organisation": user.organisation, "panels": panels,
        "link_groups": link_groups_html(menu, request.path) if menu else "",
    }, request)
    return render(request, "web/home.html", {"content": content, "panels": panels})  # panels: for tests and tools


@public
def health(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
