"""Free-text recipients of consents matched to partners of the register; dates carried over
(``dossiers.consent_migration``). Data only, in its own migration (PostgreSQL: no schema change
in the same transaction as the data)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from privacyregie.dossiers.consent_migration import migrate_recipients

    migrate_recipients(apps.get_model("dossiers", "Consent"), apps.get_model("register", "ChainPartner"))


def backwards(apps, schema_editor):
    Consent = apps.get_model("dossiers", "Consent")
    for consent in Consent.objects.all():
        names = [p.name for p in consent.partners.all()]
        consent.recipient = ", ".join(names + ([consent.recipient_note] if consent.recipient_note else []))[:200]
        consent.withdrawn_on = consent.withdrawn_at.date() if consent.withdrawn_at else None
        consent.save()


class Migration(migrations.Migration):

    dependencies = [("dossiers", "0006_consent_partners_categories_withdrawal")]

    operations = [migrations.RunPython(forwards, backwards)]
