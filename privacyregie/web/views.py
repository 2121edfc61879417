"""The web shell: start page per role, language switch, health check."""

from django.http import JsonResponse
from django.shortcuts import redirect, render

from privacyregie.core.access import authenticated, public
from privacyregie.core.navigation import home_panels


@public
def root(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    return redirect("two_factor:login")


@authenticated
def home(request):
    return render(request, "web/home.html", {"panels": home_panels(request)})


@public
def health(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
