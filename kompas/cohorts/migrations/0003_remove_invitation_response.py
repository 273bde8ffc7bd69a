"""The link to the response now lives on the response; surveys 0005 copied it there first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0002_initial"),
        ("surveys", "0005_copy_invitation_links"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="invitation",
            name="response",
        ),
    ]
