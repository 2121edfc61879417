from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "privacyregie.rights"
    label = "rights"
    verbose_name = _("Rechten van inwoners")

    def ready(self):
        from privacyregie.kernel.policy import register_restriction_check
        from privacyregie.retention.services import register_hold_provider

        from . import policy
        from .restriction import restriction_check
        from .services import open_requests_for_case

        # the privacy officer handling a resident's own request reads (and rectifies/erases) through the kernel
        policy.register_rules()

        # an open request of a resident is a legal hold on their cases (no destruction while it runs)
        register_hold_provider(open_requests_for_case)

        # restriction of processing (AVG art. 18): decide() refuses restricted targets (rights.restriction)
        register_restriction_check(restriction_check)
