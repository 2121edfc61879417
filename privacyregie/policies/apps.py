from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "privacyregie.policies"
    label = "policies"
    verbose_name = _("Beleid en protocollen")

    def ready(self):
        from privacyregie.core.navigation import figures_follow

        from .models import PolicyDocument, PolicyVersion, Review

        figures_follow("policies", PolicyDocument)
        figures_follow("policies", PolicyVersion, lambda version: version.document.organisation_id)
        figures_follow("policies", Review, lambda review: review.document.organisation_id)
