"""Load (or reload) the Selectielijst from a folder with procestypen.json + resultaten.json, or from the
VNG reference-lists API: ``manage.py load_selectielijst [folder-or-url] [--jaar 2020]``."""

from django.core.management.base import BaseCommand, CommandError

from privacyregie.retention import selectielijst


class Command(BaseCommand):
    help = "Laadt de Selectielijst gemeenten uit een map (procestypen.json, resultaten.json) of de referentielijsten-API."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", default=str(selectielijst.DATA_DIR),
                            help="Map met de twee JSON-bestanden, of adres van de API (https://.../api/v1).")
        parser.add_argument("--jaar", type=int, default=selectielijst.DEFAULT_YEAR,
                            help="Het jaar van de vastgestelde selectielijst (standaard 2020).")

    def handle(self, *args, source, jaar, **options):
        try:
            report = selectielijst.load_and_import(source, year=jaar)
        except selectielijst.SelectionListError as error:
            raise CommandError(f"Niets geladen: {error}") from error
        self.stdout.write(f"{report.selection_list.name}: {report.created} nieuw, {report.updated} gewijzigd, "
                          f"{report.unchanged} ongewijzigd.")
        if report.kept_unreferenced:
            self.stdout.write("Niet meer in de bron maar in gebruik (bewaard): " + ", ".join(report.kept_unreferenced))
