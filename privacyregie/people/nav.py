"""Menu items and start-page panel of training and attestations."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Mijn trainingen en verklaringen"), "people:mine", "core.use_app", "werk", 90),
    NavItem(gettext_lazy("Training en verklaringen van mijn team"), "people:team", "people.view_team", "werk", 70),
    NavItem(gettext_lazy("Training en verklaringen"), "people:team", "people.manage_training", "privacy", 70),
    NavItem(gettext_lazy("Trainingscatalogus"), "people:catalogue", "people.manage_training", "beheer", 70),
]


def home_panels(request):
    """For an employee with something outstanding: which trainings and attestations."""
    from . import services

    training, attestations = services.outstanding_for_home(request.user)
    lines = [(c.course.name, c.state) for c in training]
    lines += [(a.label, _("nog niet gegeven")) for a in attestations]
    if not lines:
        return []
    return [HomePanel(title=_("Mijn trainingen en verklaringen"), lines=lines, url=reverse("people:mine"),
                      link_label=_("Bekijk mijn trainingen en verklaringen"), tone="warning")]
