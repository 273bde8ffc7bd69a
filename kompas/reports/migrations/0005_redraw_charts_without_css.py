# Charts drawn before the Content-Security-Policy carry CSS (a <style> element and style="..."
# attributes) that the policy refuses, so they would show without colours. They are only a
# cache of what the result gives: forgetting them has each report draw them again, without CSS.

from django.db import migrations


def forget_drawn_charts(apps, schema_editor):
    apps.get_model("reports", "ReportCharts").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_charts")]

    operations = [migrations.RunPython(forget_drawn_charts, migrations.RunPython.noop)]
