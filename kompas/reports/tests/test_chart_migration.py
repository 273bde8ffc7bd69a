"""Charts stored before the Content-Security-Policy are drawn again, without CSS."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import reverse

from kompas.reports import services
from kompas.reports.drawing.svg import Chart
from kompas.reports.models import ReportCharts
from kompas.reports.tests.test_pages import ReportTestCase

MIGRATION = importlib.import_module("kompas.reports.migrations.0005_redraw_charts_without_css")
OLD_CHART = Chart(svg='<svg><path style="fill: #0072b2"/></svg>', alt="An old chart.")


class ChartsFromBeforeThePolicy(ReportTestCase):
    def test_they_are_forgotten_and_the_report_draws_them_again_without_css(self):
        response, token = self.respond("en")
        services.store_charts(response, "en", {"compass": OLD_CHART})
        MIGRATION.forget_drawn_charts(apps, None)
        self.assertFalse(ReportCharts.objects.exists())

        page = self.client.get(reverse("reports:report", args=[token])).content.decode()
        self.assertIn('id="chart-compass"', page)
        self.assertNotIn("style=", page)
        self.assertEqual(ReportCharts.objects.count(), 1)
