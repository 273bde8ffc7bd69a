"""Benchmark: the personal report per respondent, median over 200 synthetic respondents.

Times, per report: the report model (`build_report`), the charts, the HTML page render, and
the PDF render (WeasyPrint), beside the floor of rendering a bare template in the same run.

    python bench/report.py [--n 200] [--pdf 200]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")

import django

django.setup()

from django.template import Context, Template  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402

from kompas.psychometrics.assessment import assess  # noqa: E402
from kompas.psychometrics.instrument import get_instrument  # noqa: E402
from kompas.psychometrics.reference import REFERENCE_DIR, load_reference  # noqa: E402
from kompas.psychometrics.synthetic import generate_population  # noqa: E402
from kompas.reports.report import build_report  # noqa: E402
from kompas.reports.report_charts import draw_report_charts  # noqa: E402
from kompas.reports.services import render_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="respondents for model and HTML")
    parser.add_argument("--pdf", type=int, default=200, help="respondents for the PDF")
    args = parser.parse_args()
    instrument = get_instrument("kompas-1")
    reference = load_reference(REFERENCE_DIR / instrument.id)
    population = generate_population(instrument, args.n, seed=42)
    assessed = assess(population.answers, instrument, reference)
    rows = [
        {str(k): (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for _, row in assessed.iterrows()
    ]
    bare = Template("<p>{{ name }}</p>")
    times: dict[str, list[float]] = {k: [] for k in ("floor", "model", "charts", "html", "pdf")}
    for k, data in enumerate(rows):
        language = "nl" if k % 2 else "en"
        answers = {str(q): v for q, v in population.answers.iloc[k].items()}
        with translation.override(language):
            started = time.perf_counter()
            bare.render(Context({"name": "Kompas"}))
            times["floor"].append(time.perf_counter() - started)

            started = time.perf_counter()
            report = build_report(data, instrument, reference, language, answers=answers)
            times["model"].append(time.perf_counter() - started)

            started = time.perf_counter()
            charts = draw_report_charts(report, reference)
            times["charts"].append(time.perf_counter() - started)

            started = time.perf_counter()
            html = render_to_string(
                "reports/pdf.html", {"report": report, "charts": charts, "token": "x" * 32}
            )
            times["html"].append(time.perf_counter() - started)

            if k < args.pdf:
                started = time.perf_counter()
                render_pdf(html)
                times["pdf"].append(time.perf_counter() - started)

    floor = statistics.median(times["floor"])
    print(f"{args.n} synthetic respondents (PDF for {min(args.pdf, args.n)}), medians per report:")
    for name, label in (
        ("floor", "bare template render (floor)"),
        ("model", "report model"),
        ("charts", "charts (5 SVG)"),
        ("html", "HTML render"),
        ("pdf", "PDF render (WeasyPrint)"),
    ):
        if times[name]:
            median = statistics.median(times[name])
            print(f"  {label:<30} {median * 1000:9.2f} ms  ({median / floor:8.0f} x floor)")
    page = statistics.median(
        [m + c + h for m, c, h in zip(times["model"], times["charts"], times["html"], strict=True)]
    )
    print(f"  {'report page (model+charts+HTML)':<30} {page * 1000:9.2f} ms")


if __name__ == "__main__":
    main()
