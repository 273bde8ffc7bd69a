"""Benchmark: the personal report per respondent, median over 200 synthetic respondents.

Times, per report: the report model (`build_report`), the charts, the HTML page render, and
the PDF render (WeasyPrint), beside the floor of rendering a bare template in the same run.

Then the report page as a respondent gets it (goal: at most 10 times its floor): in a
throwaway test database, `--views` respondents submit the questionnaire and open their
report once, which draws and keeps the charts; then each page view, a GET through Django
(middleware, the token, the database, the report model, the kept charts, the page), is timed
against its floor, the bare render of the same page template with its context ready.

    python bench/report.py [--n 200] [--pdf 200] [--views 20]
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from kompas.cohorts.models import Cohort, Institution  # noqa: E402
from kompas.psychometrics.assessment import assess  # noqa: E402
from kompas.psychometrics.instrument import get_instrument  # noqa: E402
from kompas.psychometrics.reference import REFERENCE_DIR, load_reference  # noqa: E402
from kompas.psychometrics.synthetic import generate_population  # noqa: E402
from kompas.reports import services  # noqa: E402
from kompas.reports.report import build_report  # noqa: E402
from kompas.reports.report_charts import draw_report_charts  # noqa: E402
from kompas.reports.services import render_pdf  # noqa: E402
from kompas.surveys import services as surveys  # noqa: E402

PAGE_VIEW_GOAL = 10.0  # a page view costs at most this many bare renders of its template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="respondents for model and HTML")
    parser.add_argument("--pdf", type=int, default=200, help="respondents for the PDF")
    parser.add_argument("--views", type=int, default=20, help="respondents for page views")
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
    if args.views:
        time_page_views(args.views)


def time_page_views(count: int) -> None:
    """Print the median report page view, with its charts kept, against its floor."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        times: dict[str, list[float]] = {name: [] for name in ("first", "view", "floor")}
        for token in submitted_responses(count):
            for name, seconds in time_page_view(token).items():
                times[name].append(seconds)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    view, floor = statistics.median(times["view"]), statistics.median(times["floor"])
    first = statistics.median(times["first"])
    print(f"{count} report page views (GET through Django; SQL: {connection.vendor}), medians:")
    print(f"  {'page template render (floor)':<30} {floor * 1000:9.2f} ms")
    print(f"  {'first view (draws the charts)':<30} {first * 1000:9.2f} ms")
    print(f"  {'page view (charts kept)':<30} {view * 1000:9.2f} ms")
    print(f"  ratio page view / floor: {view / floor:.2f} (goal <= {PAGE_VIEW_GOAL:.0f})")


def submitted_responses(count: int) -> list[str]:
    """The tokens of `count` synthetic respondents, half Dutch, who submitted and want
    feedback."""
    instrument = get_instrument("kompas-1")
    institution = Institution.objects.create(name="Hogeschool Bench", slug="bench")
    cohort = Cohort(
        institution=institution,
        name="Bench",
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        wave="start",
        population="student",
    )
    cohort.new_link()
    cohort.save()
    # Twice as many as needed: a synthetic respondent who left too many questions of a scale
    # open cannot submit (the finish rule), as a real one cannot; the next one is taken.
    answers = generate_population(instrument, 2 * count, seed=5).answers
    tokens: list[str] = []
    for k in range(2 * count):
        response, token = surveys.start_response(cohort, "nl" if k % 2 else "en")
        surveys.record_consent(response, {"feedback": True, "research": True, "linking": True})
        row = answers.iloc[k].dropna()
        entries = [surveys.Entry(str(q), int(v), n) for n, (q, v) in enumerate(row.items())]
        surveys.save_answers(response, entries)
        try:
            surveys.complete(response)
        except surveys.NotReady:
            continue
        tokens.append(token)
        if len(tokens) == count:
            return tokens
    raise RuntimeError(f"fewer than {count} of {2 * count} synthetic respondents could submit")


def time_page_view(token: str, repeats: int = 5) -> dict[str, float]:
    """The first view, the best of `repeats` later views and of `repeats` floors, in s."""
    client = Client()
    url = reverse("reports:report", args=[token])
    started = time.perf_counter()
    if client.get(url).status_code != 200:
        raise RuntimeError(f"the report page of {token} did not open")
    first = time.perf_counter() - started
    views = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        views.append(time.perf_counter() - started)
    response = surveys.find_response(token)
    if response is None:
        raise RuntimeError(f"no response has the token {token}")
    report = services.report_of(response)
    charts = services.cached_charts(response, report.language)
    context: dict[str, object] = {
        "report": report,
        "charts": charts,
        "token": token,
        "counsellors": [],
        "shares": [],
    }
    request = RequestFactory().get(url)
    floors = []
    for _ in range(repeats):
        started = time.perf_counter()
        with translation.override(report.language):
            render(request, "reports/report.html", context)
        floors.append(time.perf_counter() - started)
    return {"first": first, "view": min(views), "floor": min(floors)}


if __name__ == "__main__":
    main()
