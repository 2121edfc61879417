"""Import a framework file (CISO Assistant library YAML), or the shipped frameworks."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from privacyregie.compliance import frameworks
from privacyregie.core.models import Organisation


class Command(BaseCommand):
    help = "Importeer een normenkader (YAML in het bibliotheekformaat van CISO Assistant)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="YAML-bestanden; zonder bestand de meegeleverde normenkaders")
        parser.add_argument("--organisatie", help="korte naam van de organisatie; leeg = gedeelde bibliotheek")

    def handle(self, *args, files, organisatie=None, **options):
        organisation = None
        if organisatie:
            organisation = Organisation.objects.filter(slug=organisatie).first()
            if organisation is None:
                raise CommandError(f"Onbekende organisatie: {organisatie}")
        if not files:
            for framework in frameworks.import_shipped():
                self.stdout.write(f"{framework.urn}: {framework.requirements.count()} normen")
            return
        for path in files:
            try:
                framework = frameworks.import_file(path, organisation=organisation)
            except (ValidationError, OSError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                raise CommandError(f"{path}: {message}") from exc
            self.stdout.write(f"{framework.urn}: {framework.requirements.count()} normen")
