from django.core.management.base import BaseCommand

from privacyregie.core.models import User


class Command(BaseCommand):
    help = "Deactivate all demo accounts and remove their second factors and passwords."

    def handle(self, *args, **options):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        users = User.objects.filter(is_demo=True)
        TOTPDevice.objects.filter(user__in=users).delete()
        StaticDevice.objects.filter(user__in=users).delete()
        count = 0
        for user in users:
            user.set_unusable_password()
            user.is_active = False
            user.is_demo = False
            user.save()
            count += 1
        self.stdout.write(f"{count} demo accounts deactivated")
