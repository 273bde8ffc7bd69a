# Share now points to counselling.Counsellor (the same table); the old model leaves the state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_counsellor_table"),
        ("counselling", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="share",
                    name="counsellor",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shares",
                        to="counselling.counsellor",
                    ),
                ),
                migrations.DeleteModel(name="Counsellor"),
            ],
            database_operations=[],
        ),
    ]
