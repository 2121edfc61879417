"""Consent tied to the register (issue 12 §1): partners, data categories, document or conversation,
validity, withdrawal to the second. Free-text recipients are matched to partners (consent_migration)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import privacyregie.core.categories


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0005_emergency_search"),
        ("register", "0003_agreement_data_categories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consent", name="partners",
            field=models.ManyToManyField(blank=True, related_name="consents", to="register.chainpartner",
                                         verbose_name="aan wie (ketenpartners)"),
        ),
        migrations.AddField(
            model_name="consent", name="data_categories",
            field=models.JSONField(blank=True, default=list, validators=[privacyregie.core.categories.validate_categories],
                                   verbose_name="gegevenscategorieën"),
        ),
        migrations.AddField(
            model_name="consent", name="recipient_note",
            field=models.CharField(blank=True, max_length=200, verbose_name="ontvanger (oude vrije tekst)",
                                   help_text="De ontvanger zoals die vóór de koppeling aan het register was vastgelegd en niet aan een ketenpartner kon worden gekoppeld."),
        ),
        migrations.AddField(model_name="consent", name="valid_from",
                            field=models.DateField(null=True, verbose_name="geldig vanaf")),
        migrations.AddField(model_name="consent", name="valid_until",
                            field=models.DateField(blank=True, null=True, verbose_name="geldig tot en met")),
        migrations.AddField(model_name="consent", name="document_name",
                            field=models.CharField(blank=True, max_length=200, verbose_name="document")),
        migrations.AddField(model_name="consent", name="document_content_type",
                            field=models.CharField(blank=True, max_length=100)),
        migrations.AddField(model_name="consent", name="document_sha256",
                            field=models.CharField(blank=True, max_length=64)),
        migrations.AddField(model_name="consent", name="document_storage",
                            field=models.CharField(blank=True, editable=False, max_length=64)),
        migrations.AddField(model_name="consent", name="conversation",
                            field=models.CharField(blank=True, max_length=300, verbose_name="in welk gesprek")),
        migrations.AddField(model_name="consent", name="recorded_at",
                            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="vastgelegd op")),
        migrations.AddField(model_name="consent", name="withdrawn_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="ingetrokken op")),
        migrations.AddField(
            model_name="consent", name="withdrawn_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="ingetrokken door"),
        ),
        migrations.AddField(
            model_name="consent", name="withdrawal_form",
            field=models.CharField(blank=True, choices=[("schriftelijk", "schriftelijk"), ("mondeling", "mondeling")],
                                   max_length=20, verbose_name="hoe ingetrokken"),
        ),
        migrations.AddField(model_name="consent", name="withdrawal_note",
                            field=models.CharField(blank=True, max_length=300, verbose_name="toelichting intrekking")),
    ]
