"""Register a chain partner's own system as an API client of the exchange and print its token once.

The application gets only the scope ``exchange.partner_api`` and is tied to one chain partner of the
register: it sees what was shared with that partner and nothing else. It never acts for end users.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from privacyregie.core.models import Application, Organisation
from privacyregie.exchange.models import PartnerApplication


class Command(BaseCommand):
    help = "Create an API application for a chain partner's own system (partner API of the exchange)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument("--partner", required=True, help="name of the chain partner in the register")

    @transaction.atomic
    def handle(self, name, organisation, partner, **options):
        from privacyregie.register.models import ChainPartner

        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"Unknown organisation {organisation!r}")
        chain_partner = ChainPartner.objects.filter(organisation=org, name=partner).first()
        if chain_partner is None:
            raise CommandError(f"Unknown chain partner {partner!r} in {org}")
        if Application.objects.filter(organisation=org, name=name).exists():
            raise CommandError(f"An application named {name!r} already exists for {org}")
        app = Application(organisation=org, name=name, scopes=["exchange.partner_api"], may_act_for_users=False)
        token = app.issue_secret()
        app.save()
        PartnerApplication.objects.create(application=app, partner=chain_partner)
        self.stdout.write(f"client_id: {app.client_id}")
        self.stdout.write(f"token (shown once): {token}")
