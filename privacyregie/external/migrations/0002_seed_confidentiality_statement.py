"""Seed version 1 of the confidentiality statement (geheimhoudingsverklaring, R23)."""

from django.db import migrations

TEXT = """Geheimhoudingsverklaring voor externe gebruikers van Privacyregie

U krijgt via Privacyregie toegang tot informatie die de gemeente met u deelt voor de uitvoering van een taak in het sociaal domein. Deze informatie kan persoonsgegevens bevatten, ook bijzondere persoonsgegevens zoals gegevens over gezondheid.

Door deze verklaring te accepteren, verklaart u:

1. dat u de informatie alleen gebruikt voor het doel waarvoor zij met u is gedeeld;
2. dat u de informatie geheimhoudt en niet deelt met anderen, ook niet met collega's, tenzij dat voor dit doel nodig is en is toegestaan (artikel 9 lid 2 onder h en artikel 28 lid 3 onder b AVG, uw beroepsgeheim of een convenant);
3. dat u geen kopieën maakt of bewaart buiten Privacyregie, behalve als dat voor dit doel nodig is en u ze even goed beveiligt;
4. dat u uw inloggegevens en tweede factor voor niemand anders toegankelijk maakt;
5. dat u een (vermoedelijk) datalek of beveiligingsincident direct meldt via "Meld een incident";
6. dat deze geheimhouding blijft gelden nadat uw toegang is verlopen of ingetrokken.

De gemeente legt vast wanneer u informatie opent, downloadt of beantwoordt."""


def seed(apps, schema_editor):
    StatementVersion = apps.get_model("external", "StatementVersion")
    if not StatementVersion.objects.exists():
        StatementVersion.objects.create(version=1, text=TEXT)


class Migration(migrations.Migration):
    dependencies = [("external", "0001_external_users")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
