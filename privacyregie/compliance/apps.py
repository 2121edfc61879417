from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "privacyregie.compliance"
    label = "compliance"
    verbose_name = _("Verantwoording (normenkaders, stoplicht, scorekaart)")

    def ready(self):
        from privacyregie.core.navigation import figures_follow

        from .models import Assessment, RecommendationAction, Risk

        figures_follow("compliance", Assessment)
        figures_follow("compliance", Risk)
        figures_follow("compliance", RecommendationAction, lambda action: action.recommendation.organisation_id)
