"""Register another municipal system as an API client and print its token once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from privacyregie.core.models import Application, Organisation


class Command(BaseCommand):
    help = "Create an API application bound to one organisation and a set of scopes."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument("--scope", action="append", default=[], help="permission (repeatable)")
        parser.add_argument("--may-act-for-users", action="store_true")

    def handle(self, name, organisation, scope, may_act_for_users, **options):
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"Unknown organisation {organisation!r}") from exc
        if Application.objects.filter(organisation=org, name=name).exists():
            raise CommandError(f"An application named {name!r} already exists for {org}")
        app = Application(organisation=org, name=name, scopes=scope, may_act_for_users=may_act_for_users)
        try:
            app.clean()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        token = app.issue_secret()
        app.save()
        self.stdout.write(f"client_id: {app.client_id}")
        self.stdout.write(f"token (shown once): {token}")
