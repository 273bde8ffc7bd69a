# Counsellor moves to the counselling app (Django's documented way to move a model between
# apps without copying rows): first its table takes the new app's name, then the counselling
# app takes the model over in the migration state, then Share points to it there.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.AlterModelTable(name="counsellor", table="counselling_counsellor")]
