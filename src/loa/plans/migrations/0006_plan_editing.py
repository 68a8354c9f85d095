"""Plans edited on Loa's pages: the day tracking starts (regular tasks count their reporting
periods from it), and the implementation period described as what the plan writes. Existing
plans track from their assignments' own start, as before (no value)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0005_plan_import_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="tracking_starts_on",
            field=models.DateField(blank=True, help_text="Regular tasks count their reporting periods from this day: a period before it is never counted as missed.", null=True, verbose_name="tracking starts on"),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="tracking_starts_on",
            field=models.DateField(blank=True, help_text="Regular tasks count their reporting periods from this day: a period before it is never counted as missed.", null=True, verbose_name="tracking starts on"),
        ),
        migrations.AlterField(
            model_name="plan",
            name="starts_on",
            field=models.DateField(blank=True, help_text="The plan's implementation period as it writes it (thời gian thực hiện); empty when it says none.", null=True, verbose_name="starts on"),
        ),
        migrations.AlterField(
            model_name="historicalplan",
            name="starts_on",
            field=models.DateField(blank=True, help_text="The plan's implementation period as it writes it (thời gian thực hiện); empty when it says none.", null=True, verbose_name="starts on"),
        ),
    ]
