"""Response.current_page was written on every page and never read."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_copy_invitation_links"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="response",
            name="current_page",
        ),
    ]
