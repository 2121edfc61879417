"""The register never changes a version of a processing activity, it adds one
(``register.services.save_activity``). When it does, the retention rules of the previous version carry
over to the new one, so that a changed description does not lose its Selectielijst results."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from privacyregie.register.models import ProcessingActivityVersion

from .services import carry_over_rules


@receiver(post_save, sender=ProcessingActivityVersion, dispatch_uid="retention_carry_over_rules")
def _carry_over(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    previous = (ProcessingActivityVersion.objects.filter(activity_id=instance.activity_id, number__lt=instance.number)
                .order_by("-number").first())
    if previous is not None:
        carry_over_rules(previous, instance)
