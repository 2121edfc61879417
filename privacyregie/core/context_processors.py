from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .navigation import nav_for

SECTION_LABELS = {
    "werk": _("Werk"),
    "privacy": _("Privacy"),
    "beveiliging": _("Beveiliging"),
    "verantwoording": _("Verantwoording"),
    "beheer": _("Beheer"),
}


def shell(request):
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEMO_MODE, "nav_sections": [], "unread_count": 0}
    if user is not None and user.is_authenticated and getattr(user, "organisation_id", None) is not None:
        context["nav_sections"] = [(SECTION_LABELS.get(s, s), items) for s, items in nav_for(user)]
        context["organisation"], context["unread_count"] = _organisation_and_unread(user)
    return context


def _organisation_and_unread(user):
    """The user's organisation and number of unread notifications: one query when the organisation is not
    loaded yet (the count as a subquery of it), the count alone when it is. Never cached: both are current."""
    from django.db.models import Count, IntegerField, Subquery

    from .models import Notification, Organisation

    unread = user.notifications.filter(read_at__isnull=True)
    field = user._meta.get_field("organisation")
    early = getattr(user, "_shell_unread", None)  # counted by load_organisation_early in this request
    if early is not None and field.is_cached(user):
        user._shell_unread = None  # once: a later question counts afresh
        return user.organisation, early
    if user.organisation_id is None or field.is_cached(user):
        return user.organisation, unread.count()
    count = (Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).order_by()
             .values("recipient_id").annotate(n=Count("pk")).values("n"))
    organisation = (Organisation.objects.annotate(unread=Subquery(count, output_field=IntegerField()))
                    .get(pk=user.organisation_id))
    field.set_cached_value(user, organisation)  # later uses of user.organisation need no query
    return organisation, organisation.unread or 0


def load_organisation_early(user) -> None:
    """For a view whose parts read ``user.organisation`` before the page is rendered (the start page's
    panels): load it now, with the unread count in the same query, and keep that count for the shell of
    this same request (so the shell asks nothing more). Nothing when it is loaded already."""
    if user.organisation_id is None or user._meta.get_field("organisation").is_cached(user):
        return
    _organisation, unread = _organisation_and_unread(user)
    user._shell_unread = unread
