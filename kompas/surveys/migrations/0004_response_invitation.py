"""The link between an invitation and its response moves onto the response, so that surveys
depends on cohorts and never the other way: this adds the field, 0005 copies the links into
it and cohorts 0003 drops the old one. The copy is a migration of its own because PostgreSQL
refuses to alter a table in the transaction that changed its rows under a deferred foreign
key ("pending trigger events")."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0002_initial"),
        ("surveys", "0003_response_takes_part"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="invitation",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="response",
                to="cohorts.invitation",
            ),
        ),
    ]
