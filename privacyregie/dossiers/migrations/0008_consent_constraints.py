"""Consent: the free-text recipient and the withdrawal date give way to partners and a withdrawal
moment; validity and withdrawal are constrained in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("dossiers", "0007_consent_recipients_to_partners")]

    operations = [
        # a default first, so that reversing the removal can add the column back to existing rows
        migrations.AlterField(model_name="consent", name="recipient",
                              field=models.CharField(blank=True, default="", max_length=200, verbose_name="aan wie")),
        migrations.RemoveField(model_name="consent", name="recipient"),
        migrations.RemoveField(model_name="consent", name="withdrawn_on"),
        migrations.AlterField(model_name="consent", name="valid_from",
                              field=models.DateField(verbose_name="geldig vanaf")),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(("valid_until__isnull", True), ("valid_until__gte", models.F("valid_from")),
                                   _connector="OR"),
                name="consent_valid_until_after_from"),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(condition=models.Q(("form__in", ["schriftelijk", "mondeling"])),
                                              name="consent_form_known"),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(("withdrawn_at__isnull", True), models.Q(("withdrawal_form", ""), _negated=True),
                                   _connector="OR"),
                name="consent_withdrawal_says_how"),
        ),
    ]
