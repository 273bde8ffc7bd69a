# The drawn charts of a report are kept per result and language, like its PDF.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_counsellor_moved"),
        ("surveys", "0006_remove_response_current_page"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportpdf",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="surveys.response"
            ),
        ),
        migrations.CreateModel(
            name="ReportCharts",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=2)),
                ("result_computed_at", models.DateTimeField()),
                ("rendered_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("charts", models.JSONField()),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.response",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("response", "language"), name="one_set_of_charts_per_language"
                    )
                ],
            },
        ),
    ]
