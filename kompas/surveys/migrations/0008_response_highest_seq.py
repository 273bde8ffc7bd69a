"""Keep each response's highest answer sequence number on the response; existing responses
get the highest one among their stored answers (0 without answers)."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_highest_seq(apps, schema_editor):
    response, answer = apps.get_model("surveys", "Response"), apps.get_model("surveys", "Answer")
    highest = (
        answer.objects.filter(response=OuterRef("pk"))
        .order_by()
        .values("response")
        .annotate(highest=Max("client_sequence"))
        .values("highest")
    )
    response.objects.update(highest_seq=Coalesce(Subquery(highest), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_response_language_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="highest_seq",
            field=models.BigIntegerField(db_default=0, default=0),
        ),
        migrations.RunPython(fill_highest_seq, migrations.RunPython.noop),
    ]
