from django.conf import settings

from .navigation import SECTION_LABELS, menu_for, side_nav_html

__all__ = ["SECTION_LABELS", "shell", "load_organisation_early"]

# A menu of more items than this shows its groups collapsed (but the current page's), headings as buttons.
LONG_MENU = 15


def shell(request):
    """Every page's shell: the user's menu (``nav_sections``: ``[(section label, ((label, url), ...))]``, its
    HTML ``side_nav``), the organisation and the number of unread notifications."""
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEMO_MODE, "nav_sections": [], "unread_count": 0}
    if user is not None and user.is_authenticated and getattr(user, "organisation_id", None) is not None:
        menu = menu_for(user)
        if menu:
            context["nav_menu"] = menu
            context["nav_sections"] = [(SECTION_LABELS.get(s, s), items) for s, items in menu]
            context["side_nav"] = side_nav_html(menu, request.path)
            context["nav_long"] = sum(len(items) for _, items in menu) > LONG_MENU
        context["organisation"], context["unread_count"] = _organisation_and_unread(user)
    return context


def _organisation_and_unread(user):
    """The user's organisation and number of unread notifications: one query when the organisation is not
    loaded yet (the count as a subquery of it), the count alone when it is. Never cached: both are current."""
    from django.db.models import Count, IntegerField, Subquery

    from .logging import current_trace_id
    from .models import Notification, Organisation

    field = user._meta.get_field("organisation")
    # counted with the roles (``User._load_roles``) or by load_organisation_early, earlier in this request
    early = getattr(user, "_shell_unread", None)
    if early is not None:
        user._shell_unread = None  # once: a later question counts afresh
        count, trace_id = early
        if field.is_cached(user) and trace_id and trace_id == current_trace_id():
            return user.organisation, count
    if user.organisation_id is None or field.is_cached(user):
        # built only here: a queryset costs more to build than the early count costs to read
        return user.organisation, user.notifications.filter(read_at__isnull=True).count()
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
    from .logging import current_trace_id

    _organisation, unread = _organisation_and_unread(user)
    user._shell_unread = (unread, current_trace_id())
